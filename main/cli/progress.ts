/** The CLI progress bar: episodes done, episodes per second, running success rate. */
import { SingleBar } from 'cli-progress';

export interface ProgressBar {
  /** Call once per finished episode. */
  tick(success: boolean): void;
  stop(): void;
}

/** A bar on stderr; on a non-terminal it prints a line every few seconds instead. */
export function episodeProgress(total: number, label: string): ProgressBar {
  const started = performance.now();
  let done = 0;
  let successes = 0;
  const bar = new SingleBar({
    format: `${label} {bar} {percentage}% | {value}/{total} episodes | {rate} ep/s | success {success}% | ETA {eta_formatted}`,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    hideCursor: true,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 5000,
    etaBuffer: 50,
  });
  const payload = () => {
    const seconds = (performance.now() - started) / 1000;
    return {
      rate: (seconds > 0 ? done / seconds : 0).toFixed(1),
      success: done ? ((100 * successes) / done).toFixed(1) : '-',
    };
  };
  bar.start(total, 0, payload());
  return {
    tick(success) {
      done++;
      if (success) successes++;
      bar.update(done, payload());
    },
    stop() {
      bar.stop();
    },
  };
}
