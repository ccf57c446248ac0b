/**
 * generate --shard I/N runs disjoint, contiguous episode ranges; merge
 * combines the shards into one LeRobot dataset byte-identical to a single
 * run of the whole job, and refuses shards that do not make up one job.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, runCli } from './run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'studio-shards-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const job = ['bin-picking', '--no-cameras', '--episodes', '11', '--seed', '21'];
const shard = (i: number, n = 3) => join(scratch, `shard-${i}-of-${n}`);

beforeAll(() => {
  for (let i = 0; i < 3; i++) {
    const run = runCli('generate', [...job, '--shard', `${i}/3`, '--out', shard(i)], 300_000);
    expect(run.code, run.stderr).toBe(0);
  }
  expect(runCli('generate', [...job, '--out', join(scratch, 'single')], 300_000).code).toBe(0);
}, 900_000);

describe('sharded generation and merge', () => {
  it('runs disjoint contiguous ranges that cover the job', () => {
    const ranges = [0, 1, 2].map((i) => JSON.parse(readFileSync(join(shard(i), 'studio_job.json'), 'utf8')).episodes);
    expect(ranges).toEqual([
      { first: 0, count: 3 },
      { first: 3, count: 4 },
      { first: 7, count: 4 },
    ]);
  });

  it('merges in any argument order into the bytes of a single-machine run', () => {
    const out = join(scratch, 'merged');
    const run = runCli('merge', [out, shard(2), shard(0), shard(1)], 300_000);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/3 shards, 11 episodes ->/);
    expect(hashTree(out)).toEqual(hashTree(join(scratch, 'single')));
  });

  it('refuses a missing shard, a shard given twice and a shard of another job', () => {
    const missing = runCli('merge', [join(scratch, 'm1'), shard(0), shard(2)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/holds episodes 7-10, expected the next to start at 3/);
    const twice = runCli('merge', [join(scratch, 'm2'), shard(0), shard(1), shard(1), shard(2)]);
    expect(twice.code).toBe(2);
    const other = join(scratch, 'other-seed');
    expect(runCli('generate', ['bin-picking', '--no-cameras', '--episodes', '11', '--seed', '22', '--shard', '1/3', '--out', other], 300_000).code).toBe(0);
    const mixed = runCli('merge', [join(scratch, 'm3'), shard(0), other, shard(2)]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/job seed differs/);
    const notShard = runCli('merge', [join(scratch, 'm4'), join(scratch, 'single')]);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/not a shard/);
  });
});
