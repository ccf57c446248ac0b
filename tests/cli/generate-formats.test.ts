/**
 * generate writes each dataset format byte-identically for 1 and 2 workers,
 * and an independent reader agrees with the metadata of real output:
 * DuckDB for LeRobot's Parquet, h5py for robomimic's HDF5.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree, runCli } from './run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'studio-formats-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function generateTwice(scene: string, format: string, episodes: number): string {
  const outs = [1, 2].map((workers) => {
    const out = join(scratch, `${scene}-${format}-w${workers}`);
    const run = runCli('generate', [scene, '--no-cameras', '--format', format, '--episodes', String(episodes), '--seed', '9', '--workers', String(workers), '--out', out], 300_000);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    return out;
  });
  expect(hashTree(outs[1]!)).toEqual(hashTree(outs[0]!));
  return outs[0]!;
}

describe('generate, per format, 1 vs 2 workers and an independent reader', () => {
  it('lerobot (tabletop-grasp): identical bytes; DuckDB rows and index ranges agree with the metadata', async () => {
    const out = generateTwice('tabletop-grasp', 'lerobot', 10);
    const info = JSON.parse(readFileSync(join(out, 'meta/info.json'), 'utf8'));
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRows();
    const [[frames, episodes, indexMin, indexMax]] = (await rows(
      `select count(*), count(distinct episode_index), min("index"), max("index") from read_parquet('${out}/data/*/*.parquet')`,
    )) as [[bigint, bigint, bigint, bigint]];
    expect(Number(frames)).toBe(info.total_frames);
    expect(Number(episodes)).toBe(info.total_episodes);
    expect([Number(indexMin), Number(indexMax)]).toEqual([0, info.total_frames - 1]);
    const mismatched = await rows(`
      with d as (select episode_index, min("index") as lo, max("index") + 1 as hi, count(*) as n from read_parquet('${out}/data/*/*.parquet') group by episode_index)
      select e.episode_index from read_parquet('${out}/meta/episodes/*/*.parquet') e join d using (episode_index)
      where e.dataset_from_index <> d.lo or e.dataset_to_index <> d.hi or e.length <> d.n`);
    expect(mismatched).toEqual([]);
    const tasks = await rows(`select task from read_parquet('${out}/meta/tasks.parquet') order by task_index`);
    expect(tasks.length).toBe(info.total_tasks);
    for (const [task] of tasks) expect(task).toMatch(/^pick up the \w+ (mug|box|ball)$/);
    const job = JSON.parse(readFileSync(join(out, 'studio_job.json'), 'utf8'));
    expect(job.summary.episodes).toBe(10);
  });

  it('robomimic (warehouse-nav): identical bytes; h5py shapes agree with num_samples and total', () => {
    const out = generateTwice('warehouse-nav', 'robomimic', 3);
    const script = `
import h5py, json, sys
f = h5py.File(sys.argv[1], 'r')
demos = sorted(f['data'].keys(), key=lambda k: int(k.split('_')[1]))
out = {'total': int(f['data'].attrs['total']), 'demos': []}
for d in demos:
    g = f['data'][d]
    out['demos'].append({'n': int(g.attrs['num_samples']), 'actions': list(g['actions'].shape), 'scan': list(g['obs/scan'].shape), 'next_scan': list(g['next_obs/scan'].shape), 'lang': g.attrs['lang']})
print(json.dumps(out))`;
    const py = spawnSync('/usr/bin/python3', ['-c', script, join(out, 'robomimic.hdf5')], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const read = JSON.parse(py.stdout) as { total: number; demos: { n: number; actions: number[]; scan: number[]; next_scan: number[]; lang: string }[] };
    expect(read.demos).toHaveLength(3);
    expect(read.total).toBe(read.demos.reduce((a, d) => a + d.n, 0));
    for (const d of read.demos) {
      expect(d.actions).toEqual([d.n, 2]);
      expect(d.scan).toEqual([d.n, 360]);
      expect(d.next_scan).toEqual([d.n, 360]);
      expect(d.lang).toBe('drive to the loading dock');
    }
  });
});

describe('every preset makes a LeRobot dataset (physics only; tests/cli/cameras.test.ts renders)', () => {
  for (const scene of ['tabletop-grasp', 'bin-picking', 'shelf-pick', 'warehouse-nav', 'apartment-nav']) {
    it(scene, () => {
      const out = join(scratch, `every-${scene}`);
      const run = runCli('generate', [scene, '--no-cameras', '--episodes', '2', '--out', out], 300_000);
      expect(run.stderr).not.toMatch(/internal error|Error/);
      expect(run.code).toBe(0);
      const info = JSON.parse(readFileSync(join(out, 'meta/info.json'), 'utf8'));
      expect(info.total_episodes).toBeGreaterThan(0);
    });
  }
});
