/**
 * The [worldmodel] bench section: variation frames/s at 128x128 and 256x256
 * with 1 and 2 wasm threads, in Node (onnxruntime-web's Node build, one
 * child process per thread count: worldmodel-job.ts). The model is the
 * bundled assets/models/studio-transfer when it is there, else the test
 * fixture (the section says which).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, report } from './measure';

const REPO = join(import.meta.dirname, '../..');

interface JobResult {
  model: string;
  threads: number;
  results: Record<string, { forward: number; full: number; frames: number }>;
}

function runJob(dir: string, threads: number, frames: number): JobResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'worldmodel-job.ts'), dir, String(threads), String(frames)], { encoding: 'utf8', cwd: REPO });
  if (child.status !== 0) throw new Error(`world-model bench job failed: ${child.stderr.split('\n').find((l) => l.trim()) ?? child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as JobResult;
}

/** Prints the section; `frames` is the number of 128x128 frames timed per figure (256x256 gets a quarter). */
export function worldModelSection(out: (line: string) => void, frames: number): void {
  const bundled = join(REPO, 'assets/models/studio-transfer');
  const dir = existsSync(join(bundled, 'manifest.json')) ? bundled : join(REPO, 'tests/fixtures/worldmodel/tiny-transfer');
  out(`\n[worldmodel] variation frames/s in Node (onnxruntime-web wasm, one process per thread count), model ${dir === bundled ? 'assets/models/studio-transfer' : 'tests/fixtures/worldmodel/tiny-transfer (the bundled model is not installed)'}, batches of 4, one reference`);
  out('  forward = the bare net on prepared tensors; full = structure tensor + net + crop + reference noise/blur + both scores + RGBA (no video encoding)');
  const one = runJob(dir, 1, frames);
  const two = runJob(dir, 2, frames);
  for (const size of ['128', '256']) {
    const a = one.results[size]!;
    const b = two.results[size]!;
    report(`${size}x${size} forward, 1 thread (${a.frames} frames)`, a.forward, 'frames/s');
    report(`${size}x${size} full variation, 1 thread`, a.full, 'frames/s', { value: a.full / a.forward, against: 'forward, 1 thread' });
    report(`${size}x${size} forward, ${two.threads} threads`, b.forward, 'frames/s', { value: b.forward / a.forward, against: 'forward, 1 thread' });
    report(`${size}x${size} full variation, ${two.threads} threads`, b.full, 'frames/s', { value: b.full / a.full, against: `full, 1 thread (${fmt(b.full / b.forward, 2)} of forward at ${two.threads} threads)` });
  }
  const aim = two.results['128']!.full;
  out(`  aim: >= 30 variation frames/s at 128x128 with 2 threads: ${fmt(aim)} frames/s, ${aim >= 30 ? 'met' : 'not met'}`);
}
