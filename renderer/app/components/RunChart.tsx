/**
 * The runner's live charts (SVG): episodes per outcome as bars (successes
 * first, then failure reasons, most frequent first), and the running
 * success rate over the episodes delivered so far.
 */
import type { Outcome } from '../../../exporters/episode';
import { outcomeLabel } from '../model/outcomes';
import type { EpisodeSummary } from '../state/run-store';

const BAR_HEIGHT = 18;
const LABEL_WIDTH = 150;
const BARS_WIDTH = 260;
const LINE_WIDTH = 260;
const LINE_HEIGHT = 74;

/** Episodes per outcome: successes first, then the rest by count. */
export function outcomeCounts(episodes: readonly EpisodeSummary[]): [Outcome, number][] {
  const counts = new Map<Outcome, number>();
  for (const e of episodes) counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
  // Ties keep the order in which the outcomes first happened (as the failure list below the chart does).
  return [...counts.entries()].sort((a, b) => (a[0] === 'success' ? -1 : b[0] === 'success' ? 1 : b[1] - a[1]));
}

/** Bars of episodes per outcome. */
function OutcomeBars({ episodes }: { episodes: readonly EpisodeSummary[] }) {
  const counts = outcomeCounts(episodes);
  const peak = Math.max(1, ...counts.map(([, c]) => c));
  const height = Math.max(1, counts.length) * (BAR_HEIGHT + 4);
  return (
    <svg className="outcome-bars" viewBox={`0 0 ${LABEL_WIDTH + BARS_WIDTH + 40} ${height}`} width={LABEL_WIDTH + BARS_WIDTH + 40} height={height} role="img" aria-label="Episodes per outcome">
      {counts.map(([outcome, count], i) => {
        const y = i * (BAR_HEIGHT + 4);
        const width = (count / peak) * BARS_WIDTH;
        return (
          <g key={outcome} className={`outcome ${outcome === 'success' ? 'ok' : 'bad'}`} data-outcome={outcome} data-count={count}>
            <text x={LABEL_WIDTH - 6} y={y + BAR_HEIGHT - 5} className="label end">
              {outcomeLabel(outcome)}
            </text>
            <rect x={LABEL_WIDTH} y={y} width={Math.max(2, width)} height={BAR_HEIGHT} rx={2} />
            <text x={LABEL_WIDTH + Math.max(2, width) + 5} y={y + BAR_HEIGHT - 5} className="label">
              {count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Most points drawn on the success-rate line (long runs are thinned evenly). */
const MAX_POINTS = 300;

/** The running success rate after each delivered episode, 0-100 %. */
function SuccessLine({ episodes }: { episodes: readonly EpisodeSummary[] }) {
  let successes = 0;
  const every = Math.ceil(episodes.length / MAX_POINTS);
  const points: string[] = [];
  episodes.forEach((e, i) => {
    if (e.success) successes++;
    if (i % every !== 0 && i !== episodes.length - 1) return;
    const x = episodes.length === 1 ? LINE_WIDTH : (i / (episodes.length - 1)) * LINE_WIDTH;
    points.push(`${x.toFixed(1)},${(LINE_HEIGHT - (successes / (i + 1)) * LINE_HEIGHT).toFixed(1)}`);
  });
  return (
    <svg className="success-line" viewBox={`-40 -6 ${LINE_WIDTH + 46} ${LINE_HEIGHT + 22}`} width={LINE_WIDTH + 46} height={LINE_HEIGHT + 22} role="img" aria-label="Success rate over episodes">
      {[0, 50, 100].map((p) => (
        <g key={p}>
          <line className="grid" x1={0} x2={LINE_WIDTH} y1={LINE_HEIGHT - (p / 100) * LINE_HEIGHT} y2={LINE_HEIGHT - (p / 100) * LINE_HEIGHT} />
          <text className="tick end" x={-4} y={LINE_HEIGHT - (p / 100) * LINE_HEIGHT + 4}>
            {p} %
          </text>
        </g>
      ))}
      {points.length > 0 && <polyline className="rate" points={points.join(' ')} />}
      <text className="tick" x={0} y={LINE_HEIGHT + 14}>
        episode 1
      </text>
      <text className="tick end" x={LINE_WIDTH} y={LINE_HEIGHT + 14}>
        {episodes.length}
      </text>
    </svg>
  );
}

/** Both charts side by side. */
export function RunChart({ episodes }: { episodes: readonly EpisodeSummary[] }) {
  return (
    <div className="run-chart">
      <figure>
        <figcaption>Outcomes</figcaption>
        <OutcomeBars episodes={episodes} />
      </figure>
      <figure>
        <figcaption>Success rate as episodes finish</figcaption>
        <SuccessLine episodes={episodes} />
      </figure>
    </div>
  );
}
