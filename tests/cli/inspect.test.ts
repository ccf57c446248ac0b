/**
 * npm run inspect: summaries of each format agree with independent readers
 * (DuckDB for Parquet and JSON lines, h5py for HDF5), and damaged or
 * incomplete copies are refused with exit code 5 and one line naming the file.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSink } from '../../main/cli/file-sink';
import { lerobotWriterFactory } from '../../exporters/lerobot';
import { graspJob, jobRecords } from '../lerobot/builders';
import { listFiles, openDuckDB, sqlString, type Row } from '../lerobot/duckdb';
import { h5pyAvailable, PYTHON } from '../robomimic/h5py';
import { runCli, type CliRun } from './run-cli';

const EPISODES = 6;
const SEED = 3;
const scratch = mkdtempSync(join(tmpdir(), 'studio-inspect-'));
const dataset = (format: string) => join(scratch, format);
let query: (sql: string) => Promise<Row[]>;

beforeAll(async () => {
  for (const format of ['lerobot', 'robomimic', 'jsonl']) {
    const run = runCli('generate', ['tabletop-grasp', '--no-cameras', '--format', format, '--episodes', String(EPISODES), '--seed', String(SEED), '--out', dataset(format)], 300_000);
    expect(run.code, run.stderr).toBe(0);
  }
  query = await openDuckDB();
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The parsed --json summary of a dataset that inspect accepts. */
function inspectJson(dir: string) {
  const run = runCli('inspect', [dir, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

/** A copy of a dataset in the scratch folder (a format name, or "rollover") to damage. */
function copyOf(source: string, name: string): string {
  const copy = join(scratch, `${source}-${name}`);
  cpSync(join(scratch, source), copy, { recursive: true });
  return copy;
}

/** inspect refuses `dir`: exit 5, one line `inspect: <dir>/<file>: ...` matching `what`, no stack trace. */
function expectRefused(dir: string, file: string, what: RegExp): CliRun {
  const run = runCli('inspect', [dir]);
  expect(run.code, run.stderr).toBe(5);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]!.startsWith(`inspect: ${file ? join(dir, file) : dir}: `), lines[0]).toBe(true);
  expect(lines[0]).toMatch(what);
  expect(run.stderr).not.toMatch(/\n\s+at |HDF5-DIAG|internal error/);
  return run;
}

function h5py(code: string): void {
  expect(h5pyAvailable(), `${PYTHON} cannot import h5py: apt-get install python3-h5py`).toBe(true);
  const run = spawnSync(PYTHON, ['-c', `import h5py\n${code}`], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

describe('npm run inspect: summaries', () => {
  it('LeRobot v3.0: frames, episodes, success and tasks agree with DuckDB', async () => {
    const dir = dataset('lerobot');
    const s = inspectJson(dir);
    const [data] = await query(
      `select count(*) as frames, count(distinct episode_index) as episodes, count(distinct episode_index) filter (where "next.success") as successes from read_parquet(${sqlString(join(dir, 'data/*/*.parquet'))})`,
    );
    const tasks = await query(`select task from read_parquet(${sqlString(join(dir, 'meta/tasks.parquet'))}) order by task_index`);
    const job = JSON.parse(readFileSync(join(dir, 'studio_job.json'), 'utf8'));
    expect(s).toMatchObject({
      format: 'lerobot',
      complete: true,
      scene: { name: 'Tabletop grasp', file: 'tabletop-grasp.json' },
      jobSeed: SEED,
      episodes: data!.episodes,
      frames: data!.frames,
      fps: 30,
      robotType: 'parallel-gripper',
      success: { successes: data!.successes, episodes: EPISODES, source: 'next.success' },
      outcomes: job.summary.outcomes,
      tasks: tasks.map((t) => t.task),
    });
    expect(s.episodes).toBe(EPISODES);
    expect(s.successRate).toBeCloseTo(job.summary.successRate, 12);
    expect(s.features.find((f: { name: string }) => f.name === 'action')).toEqual({ name: 'action', dtype: 'float32', shape: [4], names: ['target.x', 'target.y', 'target.z', 'opening'] });
    expect(s.dataFiles.map((f: { path: string }) => f.path)).toEqual(['data/chunk-000/file-000.parquet']);
    expect(s.dataFiles[0].bytes).toBe(readFileSync(join(dir, 'data/chunk-000/file-000.parquet')).length);
  });

  it('LeRobot v3.0: the text summary names format, scene, numbers, features and files', () => {
    const run = runCli('inspect', [dataset('lerobot')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^format: +LeRobot v3\.0$/m);
    expect(run.stdout).toMatch(/^status: +complete/m);
    expect(run.stdout).toMatch(new RegExp(`^scene: +Tabletop grasp \\(tabletop-grasp\\.json\\), job seed ${SEED}$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^episodes: +${EPISODES}$`, 'm'));
    expect(run.stdout).toMatch(/^frames: +\d+ at 30 fps/m);
    expect(run.stdout).toMatch(/^success: +\d+\.\d% \(\d+ of 6 episodes, from next\.success\)$/m);
    expect(run.stdout).toMatch(/^ {2}action +float32 +\[4\] +target\.x, target\.y, target\.z, opening$/m);
    expect(run.stdout).toMatch(/^ {2}data\/chunk-000\/file-000\.parquet +\d+\.\d KiB$/m);
  });

  it('robomimic: demos, samples and successes agree with h5py', () => {
    const dir = dataset('robomimic');
    const s = inspectJson(dir);
    expect(h5pyAvailable(), `${PYTHON} cannot import h5py: apt-get install python3-h5py`).toBe(true);
    const read = spawnSync(
      PYTHON,
      ['-c', 'import h5py, json, sys\nf = h5py.File(sys.argv[1], "r")\nd = f["data"]\nprint(json.dumps({"demos": len(d), "samples": sum(int(d[k].attrs["num_samples"]) for k in d), "successes": len(f["mask/success"]), "langs": sorted({d[k].attrs["lang"] for k in d})}))', join(dir, 'robomimic.hdf5')],
      { encoding: 'utf8' },
    );
    expect(read.status, read.stderr).toBe(0);
    const py = JSON.parse(read.stdout);
    expect(s).toMatchObject({ format: 'robomimic', complete: true, jobSeed: SEED, episodes: py.demos, frames: py.samples, fps: 30 });
    expect(s.success).toEqual({ successes: py.successes, episodes: EPISODES, source: 'mask/success' });
    expect([...s.tasks].sort()).toEqual(py.langs);
    expect(s.features.map((f: { name: string }) => f.name)).toEqual(['actions', 'obs/state', 'obs/tactile', 'next_obs/state', 'next_obs/tactile', 'states', 'rewards', 'dones']);
    expect(s.features[0]).toEqual({ name: 'actions', dtype: 'float32', shape: [4], names: ['target.x', 'target.y', 'target.z', 'opening'] });
  });

  it('jsonl: episodes, frames and successes agree with DuckDB', async () => {
    const dir = dataset('jsonl');
    const s = inspectJson(dir);
    const [row] = await query(
      `select count(*) as episodes, sum(frames) as frames, count(*) filter (where success) as successes, count(distinct taskText) as tasks from read_json(${sqlString(join(dir, 'episodes.jsonl'))}, format = 'newline_delimited', columns = {frames: 'BIGINT', success: 'BOOLEAN', taskText: 'VARCHAR'})`,
    );
    expect(s).toMatchObject({ format: 'jsonl', complete: true, jobSeed: SEED, episodes: row!.episodes, frames: row!.frames, fps: 30 });
    expect(s.success.successes).toBe(row!.successes);
    expect(s.tasks).toHaveLength(row!.tasks as number);
    expect(s.features.map((f: { name: string }) => f.name)).toEqual(['observation.state', 'action', 'observation.tactile', 'object.pose']);
  });

  it('the three formats of one job report the same episodes, frames and tasks', () => {
    const [a, b, c] = ['lerobot', 'robomimic', 'jsonl'].map((f) => inspectJson(dataset(f)));
    for (const s of [b, c]) {
      expect(s.frames).toBe(a.frames);
      expect(s.episodes).toBe(a.episodes);
      expect(s.success.successes).toBe(a.success.successes);
      expect([...s.tasks].sort()).toEqual([...a.tasks].sort());
    }
  });
});

describe('npm run inspect: a LeRobot dataset spread over many files and chunks', () => {
  const records = jobRecords(40, [9]);
  let dir: string;

  beforeAll(async () => {
    dir = join(scratch, 'rollover');
    const writer = await lerobotWriterFactory({ dataFilesSizeInMb: 0.05, chunksSize: 3 })(new FileSink(dir), graspJob(records.length));
    for (const { record, task } of records) await writer.addEpisode(record, task);
    await writer.finalize();
    const successes = records.filter((r) => r.record.success).length;
    const outcomes: Record<string, number> = {};
    for (const { record } of records) outcomes[record.outcome] = (outcomes[record.outcome] ?? 0) + 1;
    const job = { format: 'studio-job', scene: { name: 'lerobot test', file: 'lerobot-test.json' }, jobSeed: 7, summary: { episodes: records.length, successes, outcomes } };
    writeFileSync(join(dir, 'studio_job.json'), JSON.stringify(job));
  });

  it('reads every file: the numbers agree with DuckDB', async () => {
    const s = inspectJson(dir);
    const [data] = await query(
      `select count(*) as frames, count(distinct episode_index) as episodes, count(distinct episode_index) filter (where "next.success") as successes from read_parquet(${sqlString(join(dir, 'data/*/*.parquet'))})`,
    );
    const dataFiles = listFiles(dir).filter((f) => f.startsWith('data/'));
    expect(dataFiles.length).toBeGreaterThan(3);
    expect(s).toMatchObject({ episodes: data!.episodes, frames: data!.frames, success: { successes: data!.successes, source: 'next.success' }, jobSeed: 7 });
    expect(s.episodes).toBe(39);
    expect(s.dataFiles.map((f: { path: string }) => f.path)).toEqual(dataFiles);
  });

  it('a data file in the middle missing, or an episodes metadata file missing', () => {
    const data = copyOf('rollover', 'missing-middle');
    unlinkSync(join(data, 'data/chunk-001/file-000.parquet'));
    expectRefused(data, 'data/chunk-001/file-000.parquet', /: missing \(listed for episodes? \d+(-\d+)? in meta\/episodes\/chunk-\d{3}\/file-\d{3}\.parquet\)$/);

    const meta = copyOf('rollover', 'missing-meta');
    const metaFiles = listFiles(join(meta, 'meta/episodes'));
    expect(metaFiles.length).toBeGreaterThan(1);
    unlinkSync(join(meta, 'meta/episodes', metaFiles[0]!));
    expectRefused(meta, 'meta/episodes', /: episodes 0-\d+ missing \(the first listed episode is \d+; total_episodes 39 in meta\/info\.json\)$/);
  });
});

describe('npm run inspect: damaged datasets are refused', () => {
  it('a truncated data parquet file', () => {
    const dir = copyOf('lerobot', 'truncated-data');
    const file = join(dir, 'data/chunk-000/file-000.parquet');
    truncateSync(file, Math.floor(readFileSync(file).length / 2));
    expectRefused(dir, 'data/chunk-000/file-000.parquet', /not a readable Parquet file \(.*Corrupt footer; \d+ bytes\)$/);
  });

  it('a data file with fewer rows than the episodes metadata gives', async () => {
    const dir = copyOf('lerobot', 'short-data');
    const file = join(dir, 'data/chunk-000/file-000.parquet');
    const shorter = join(scratch, 'shorter.parquet');
    await query(`copy (select * from read_parquet(${sqlString(file)}) where index < 100) to ${sqlString(shorter)} (format parquet)`);
    cpSync(shorter, file);
    expectRefused(dir, 'data/chunk-000/file-000.parquet', /^inspect: .*: 100 rows, the episodes metadata gives \d+ \(listed for episodes 0-5 in meta\/episodes\/chunk-000\/file-000\.parquet: frames 0 to \d+\)$/);
  });

  it('a data file listed by the episodes metadata but missing', () => {
    const dir = copyOf('lerobot', 'missing-data');
    unlinkSync(join(dir, 'data/chunk-000/file-000.parquet'));
    expectRefused(dir, 'data/chunk-000/file-000.parquet', /: missing \(listed for episodes 0-5 in meta\/episodes\/chunk-000\/file-000\.parquet\)$/);
  });

  it('a truncated episodes metadata file', () => {
    const dir = copyOf('lerobot', 'truncated-episodes');
    const file = join(dir, 'meta/episodes/chunk-000/file-000.parquet');
    truncateSync(file, 1000);
    expectRefused(dir, 'meta/episodes/chunk-000/file-000.parquet', /not a readable Parquet file \(.*; 1000 bytes\)$/);
  });

  it('meta/tasks.parquet deleted', () => {
    const dir = copyOf('lerobot', 'no-tasks');
    unlinkSync(join(dir, 'meta/tasks.parquet'));
    expectRefused(dir, 'meta/tasks.parquet', /: missing \(total_tasks \d+ in meta\/info\.json\)$/);
  });

  it('meta/info.json not JSON, or with a field missing or wrong', () => {
    const broken = copyOf('lerobot', 'info-broken');
    const cut = '{"codebase_version": "v3.0", "fps": ';
    writeFileSync(join(broken, 'meta/info.json'), cut);
    expectRefused(broken, 'meta/info.json', new RegExp(`: not JSON \\(.*; ${cut.length} bytes\\)$`));

    const missing = copyOf('lerobot', 'info-missing');
    const info = JSON.parse(readFileSync(join(missing, 'meta/info.json'), 'utf8'));
    delete info.total_frames;
    writeFileSync(join(missing, 'meta/info.json'), JSON.stringify(info));
    expectRefused(missing, 'meta/info.json', /: field "total_frames" missing \(expected a non-negative integer\)$/);

    const wrong = copyOf('lerobot', 'info-wrong');
    writeFileSync(join(wrong, 'meta/info.json'), JSON.stringify({ ...info, total_frames: 99999 }));
    expectRefused(wrong, 'meta/info.json', /: total_frames 99999 disagrees with the episodes metadata \(the episodes cover frames 0 to \d+\)$/);
  });

  it('studio_job.json removed: the summary says incomplete and the exit code is 5', () => {
    const dir = copyOf('lerobot', 'no-job');
    unlinkSync(join(dir, 'studio_job.json'));
    const run = expectRefused(dir, '', /: incomplete: no studio_job\.json \(/);
    expect(run.stdout).toMatch(/^status: +incomplete: no studio_job\.json/m);
    expect(run.stdout).not.toMatch(/complete \(/);
    const json = runCli('inspect', [dir, '--json']);
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout)).toMatchObject({ complete: false, scene: null, jobSeed: null, outcomes: null, episodes: EPISODES });
  });

  it('an interrupted job: resume is suggested', () => {
    const dir = copyOf('jsonl', 'interrupted');
    unlinkSync(join(dir, 'studio_job.json'));
    mkdirSync(join(dir, '.studio-work'));
    writeFileSync(join(dir, '.studio-work/job.json'), '{}');
    const run = expectRefused(dir, '', /: incomplete: no studio_job\.json \(resume with generate --resume --out /);
    expect(run.stderr.trim()).toBe(`inspect: ${dir}: incomplete: no studio_job.json (resume with generate --resume --out ${dir})`);
  });

  it('studio_job.json not JSON', () => {
    const dir = copyOf('robomimic', 'job-broken');
    writeFileSync(join(dir, 'studio_job.json'), '{"format": "studio-job",');
    expectRefused(dir, 'studio_job.json', /: not JSON \(/);
  });

  it('a truncated HDF5 file', () => {
    const dir = copyOf('robomimic', 'truncated');
    const file = join(dir, 'robomimic.hdf5');
    const bytes = readFileSync(file).length;
    truncateSync(file, Math.floor(bytes / 2));
    expectRefused(dir, 'robomimic.hdf5', new RegExp(`: HDF5 cannot open it \\(truncated file: .*stored_eof = ${bytes}; ${Math.floor(bytes / 2)} bytes\\)$`));
  });

  it('a robomimic.hdf5 that is not HDF5', () => {
    const dir = copyOf('robomimic', 'not-hdf5');
    writeFileSync(join(dir, 'robomimic.hdf5'), 'not an hdf5 file\n');
    expectRefused(dir, 'robomimic.hdf5', /: not an HDF5 file \(no HDF5 signature; 17 bytes\)$/);
  });

  it('an HDF5 num_samples that disagrees with the datasets (changed with h5py)', () => {
    const dir = copyOf('robomimic', 'num-samples');
    h5py(`f = h5py.File(${JSON.stringify(join(dir, 'robomimic.hdf5'))}, "r+")\nf["data/demo_1"].attrs["num_samples"] = 99\nf.close()`);
    expectRefused(dir, 'robomimic.hdf5', /: data\/demo_1\/\w+ has \d+ rows, num_samples says 99 \(shape \[\d+(, \d+)*\]\)$/);
  });

  it('an HDF5 data@total that disagrees with the demos, and a missing data group (changed with h5py)', () => {
    const total = copyOf('robomimic', 'total');
    h5py(`f = h5py.File(${JSON.stringify(join(total, 'robomimic.hdf5'))}, "r+")\nf["data"].attrs["total"] = 7\nf.close()`);
    expectRefused(total, 'robomimic.hdf5', /: attribute data@total is 7, the demos' num_samples add up to \d+ \(6 demos\)$/);

    const noData = copyOf('robomimic', 'no-data');
    h5py(`f = h5py.File(${JSON.stringify(join(noData, 'robomimic.hdf5'))}, "r+")\ndel f["data"]\nf.close()`);
    expectRefused(noData, 'robomimic.hdf5', /: group "data" missing \(root holds: mask\)$/);
  });

  it('a broken episodes.jsonl line', () => {
    const dir = copyOf('jsonl', 'broken-line');
    const file = join(dir, 'episodes.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.slice(0, 200);
    writeFileSync(file, lines.join('\n'));
    expectRefused(dir, 'episodes.jsonl', /: line 3 is not JSON \(.*; 200 characters\)$/);
  });

  it('episodes.jsonl cut at a line boundary: fewer episodes than the job wrote', () => {
    const dir = copyOf('jsonl', 'short');
    const file = join(dir, 'episodes.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').split('\n').slice(0, 4).join('\n') + '\n');
    expectRefused(dir, 'episodes.jsonl', new RegExp(`: 4 episodes, studio_job\\.json says the job wrote ${EPISODES} \\(summary\\.episodes ${EPISODES}\\)$`));
  });
});

describe('npm run inspect: arguments', () => {
  it('bad arguments and folders that hold no dataset exit 2 with one line', () => {
    for (const args of [[], ['a', 'b'], [join(scratch, 'nowhere')], ['--frobnicate', dataset('jsonl')]]) {
      const run = runCli('inspect', args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    const run = runCli('inspect', [empty]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`inspect: ${empty}: not a dataset folder (none of meta/info.json, robomimic.hdf5, episodes.jsonl, studio_job.json)`);
  });

  it('prints help with exit code 5', () => {
    const help = runCli('inspect', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--json/);
    expect(help.stdout).toMatch(/5\s+the dataset is damaged or incomplete/);
  });
});
