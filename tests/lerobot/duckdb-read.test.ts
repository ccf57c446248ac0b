/**
 * A LeRobot dataset written to disk and read back with DuckDB, an
 * independent Parquet reader: every file opens, indices and ranges agree
 * between data and episodes metadata, column types are LeRobot's, and the
 * statistics equal values recomputed in SQL from the data.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSink } from '../../main/cli/file-sink';
import { lerobotWriterFactory } from '../../exporters/lerobot';
import { FPS, graspJob, jobRecords, tempFolder } from './builders';
import { embeddedArrowSchema, keyValueMetadata, listFiles, openDuckDB, sqlString, type Row } from './duckdb';

const ERRORED = [6, 21];
const records = jobRecords(40, ERRORED);
let root: string;
let query: (sql: string) => Promise<Row[]>;
let info: { total_episodes: number; total_frames: number; total_tasks: number; splits: { train: string }; features: Record<string, { dtype: string; shape: number[] }> };

beforeAll(async () => {
  root = tempFolder('lerobot-duckdb-');
  const writer = await lerobotWriterFactory({ rowGroupFrames: 1000 })(new FileSink(root), graspJob(records.length));
  for (const { record, task } of records) await writer.addEpisode(record, task);
  await writer.finalize();
  query = await openDuckDB();
  await query(`create view data as select * from read_parquet(${sqlString(join(root, 'data/*/*.parquet'))}, filename = true)`);
  await query(`create view episodes as select * from read_parquet(${sqlString(join(root, 'meta/episodes/*/*.parquet'))}, filename = true)`);
  await query(`create view tasks as select * from read_parquet(${sqlString(join(root, 'meta/tasks.parquet'))})`);
  await query(`create view job_episodes as select * from read_parquet(${sqlString(join(root, 'meta/job_episodes.parquet'))})`);
  info = JSON.parse(readFileSync(join(root, 'meta/info.json'), 'utf8'));
});


afterAll(() => rmSync(root, { recursive: true, force: true }));
/** |a - b| within `rel` of the larger magnitude (or of 1 near zero). */
function expectClose(actual: number, expected: number, rel: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

const VECTOR_FEATURES = ['observation.state', 'action', 'observation.tactile'];
const SCALAR_FEATURES = ['next.reward', 'next.done', 'next.success', 'timestamp', 'frame_index', 'episode_index', 'index', 'task_index'];
const QUANTILE_KEYS = ['q01', 'q10', 'q50', 'q90', 'q99'];

/** Per-episode, per-dimension statistics of a feature, recomputed in SQL. */
function statsSql(feature: string, groupBy: 'episode_index' | 'all'): string {
  const isBool = feature === 'next.done' || feature === 'next.success';
  const values = VECTOR_FEATURES.includes(feature)
    ? `unnest("${feature}")::DOUBLE as v, generate_subscripts("${feature}", 1) as d`
    : `"${feature}"${isBool ? '::INTEGER' : ''}::DOUBLE as v, 1 as d`;
  const key = groupBy === 'all' ? '0 as g' : 'episode_index as g';
  return `with x as (select ${key}, ${values} from data)
    select g, d, min(v) as mn, max(v) as mx, avg(v) as mean, stddev_pop(v) as sd, count(*) as n,
      quantile_cont(v, [0.01, 0.1, 0.5, 0.9, 0.99]) as q
    from x group by g, d order by g, d`;
}

describe('a LeRobot dataset read with DuckDB', () => {
  it('has every Parquet file readable, with the rows its footer declares, and no partial files', async () => {
    const files = listFiles(root);
    expect(files.filter((f) => f.includes('.partial'))).toEqual([]);
    const parquet = files.filter((f) => f.endsWith('.parquet'));
    expect(parquet).toEqual(['data/chunk-000/file-000.parquet', 'meta/episodes/chunk-000/file-000.parquet', 'meta/job_episodes.parquet', 'meta/tasks.parquet']);
    for (const file of parquet) {
      const path = sqlString(join(root, file));
      const [counted] = await query(`select count(*) as n from read_parquet(${path})`);
      const [declared] = await query(`select num_rows as n from parquet_file_metadata(${path})`);
      expect(counted!.n, file).toBe(declared!.n);
      expect(counted!.n as number, file).toBeGreaterThan(0);
    }
  });

  it('numbers frames 0..N-1 globally, restarts frame_index per episode and derives timestamp = frame_index / fps', async () => {
    const [all] = await query('select count(*) as n, min(index) as lo, max(index) as hi, count(distinct index) as distinct_ from data');
    expect(all).toEqual({ n: info.total_frames, lo: 0, hi: info.total_frames - 1, distinct_: info.total_frames });
    const perEpisode = await query(`select episode_index as e, min(frame_index) as f0, max(frame_index) as f1, count(*) as n,
      min(index) as i0, max(index) as i1 from data group by e order by e`);
    expect(perEpisode.map((r) => r.e)).toEqual(Array.from({ length: info.total_episodes }, (_, i) => i));
    const written = records.filter((r) => r.record.frames > 0);
    perEpisode.forEach((r, i) => {
      expect(r).toMatchObject({ f0: 0, f1: (r.n as number) - 1, n: written[i]!.record.frames });
      expect((r.i1 as number) - (r.i0 as number)).toBe((r.n as number) - 1);
    });
    const [badTime] = await query(`select count(*) as n from data where timestamp <> (frame_index / ${FPS})::FLOAT`);
    expect(badTime!.n).toBe(0);
  });

  it('marks done and success on the last frame only, with reward 1 when the episode succeeded', async () => {
    const rows = await query(`select d.episode_index as e, sum(d."next.done"::INT) as done, max(d."next.done"::INT * d.frame_index) as done_at,
      sum(d."next.success"::INT) as success, sum(d."next.reward") as reward, max(e.length) as length
      from data d join episodes e using (episode_index) group by 1 order by 1`);
    const written = records.filter((r) => r.record.frames > 0);
    rows.forEach((r, i) => {
      const succeeded = written[i]!.record.success ? 1 : 0;
      expect(r).toEqual({ e: i, done: 1, done_at: (r.length as number) - 1, success: succeeded, reward: succeeded, length: r.length });
    });
  });

  it('has episodes metadata whose ranges, files and tasks match the data rows', async () => {
    const rows = await query(`with d as (select episode_index, count(*) as n, min(index) as lo, max(index) as hi,
        any_value(filename) as file, min(task_index) as t0, max(task_index) as t1 from data group by episode_index)
      select e.episode_index as e, e.length = d.n as length_ok, e.dataset_from_index = d.lo as from_ok, e.dataset_to_index = d.hi + 1 as to_ok,
        d.file like '%data/chunk-' || lpad(e."data/chunk_index"::VARCHAR, 3, '0') || '/file-' || lpad(e."data/file_index"::VARCHAR, 3, '0') || '.parquet' as file_ok,
        d.t0 = d.t1 and t.task = e.tasks[1] and len(e.tasks) = 1 as task_ok, j.job_episode_index as job
      from episodes e join d using (episode_index) join tasks t on t.task_index = d.t0 join job_episodes j using (episode_index)
      order by e.episode_index`);
    expect(rows).toHaveLength(records.length - ERRORED.length);
    const jobIndices = records.filter((r) => r.record.frames > 0).map((r) => r.record.episodeIndex);
    rows.forEach((r, i) => expect(r).toEqual({ e: i, length_ok: true, from_ok: true, to_ok: true, file_ok: true, task_ok: true, job: jobIndices[i] }));
  });

  it('stores the column types LeRobot writes, with the Arrow schema (fixed-size lists, huggingface features) embedded', async () => {
    const types = async (view: string) => Object.fromEntries((await query(`describe ${view}`)).map((r) => [r.column_name, r.column_type]));
    expect(await types('select * exclude (filename) from data')).toEqual({
      'observation.state': 'FLOAT[]', action: 'FLOAT[]', 'observation.tactile': 'FLOAT[]', 'next.reward': 'FLOAT', 'next.done': 'BOOLEAN',
      'next.success': 'BOOLEAN', timestamp: 'FLOAT', frame_index: 'BIGINT', episode_index: 'BIGINT', index: 'BIGINT', task_index: 'BIGINT',
    });
    const episodeTypes = await types('select * exclude (filename) from episodes');
    expect(Object.keys(episodeTypes).slice(0, 7)).toEqual(['episode_index', 'tasks', 'length', 'data/chunk_index', 'data/file_index', 'dataset_from_index', 'dataset_to_index']);
    expect(episodeTypes).toMatchObject({ episode_index: 'BIGINT', tasks: 'VARCHAR[]', length: 'BIGINT', 'stats/action/mean': 'DOUBLE[]', 'stats/action/count': 'BIGINT[]', 'stats/index/min': 'DOUBLE[]', 'meta/episodes/chunk_index': 'BIGINT', 'meta/episodes/file_index': 'BIGINT' });
    expect(Object.keys(episodeTypes).filter((k) => k.startsWith('stats/'))).toHaveLength(11 * 10);
    expect(Object.keys(episodeTypes).slice(-2)).toEqual(['meta/episodes/chunk_index', 'meta/episodes/file_index']);
    expect(await types('job_episodes')).toEqual({ episode_index: 'BIGINT', job_episode_index: 'BIGINT', seed: 'VARCHAR', outcome: 'VARCHAR', detail: 'VARCHAR', resolved: 'VARCHAR', metrics: 'VARCHAR' });
    expect(await types('tasks')).toEqual({ task_index: 'BIGINT', task: 'VARCHAR' });

    const dataFile = join(root, 'data/chunk-000/file-000.parquet');
    const schema = await embeddedArrowSchema(query, dataFile);
    expect(String(schema.fields.find((f) => f.name === 'observation.state')!.type)).toBe('FixedSizeList[8]<Float32>');
    const hf = JSON.parse(schema.metadata.get('huggingface')!);
    expect(hf.info.features['action']).toEqual({ feature: { dtype: 'float32', _type: 'Value' }, length: 4, _type: 'List' });
    expect((await keyValueMetadata(query, dataFile)).get('huggingface')).toBe(schema.metadata.get('huggingface'));
    const pandas = JSON.parse((await keyValueMetadata(query, join(root, 'meta/tasks.parquet'))).get('pandas')!);
    expect(pandas.index_columns).toEqual(['task']);
  });

  it('compresses with ZSTD, keeps float columns free of dictionary encoding, and cuts row groups at rowGroupFrames', async () => {
    const chunks = await query(`select row_group_id as g, row_group_num_rows as n, path_in_schema as path, compression, encodings
      from parquet_metadata(${sqlString(join(root, 'data/chunk-000/file-000.parquet'))})`);
    expect(new Set(chunks.map((c) => c.compression))).toEqual(new Set(['ZSTD']));
    for (const c of chunks.filter((c) => /state|action|tactile|timestamp|reward/.test(String(c.path)))) expect(String(c.encodings), String(c.path)).not.toContain('DICTIONARY');
    const groups = [...new Map(chunks.map((c) => [c.g, c.n])).values()];
    expect(groups.slice(0, -1).every((n) => n === 1000)).toBe(true);
    expect(groups.reduce((a, b) => (a as number) + (b as number), 0)).toBe(info.total_frames);
  });

  it('has per-episode statistics equal to values recomputed in SQL from the data', async () => {
    for (const feature of [...VECTOR_FEATURES, ...SCALAR_FEATURES]) {
      const recomputed = await query(statsSql(feature, 'episode_index'));
      const stored = await query(`select episode_index as e, ${['min', 'max', 'mean', 'std', 'count', ...QUANTILE_KEYS].map((s) => `"stats/${feature}/${s}" as ${s}`).join(', ')} from episodes order by e`);
      for (const r of recomputed) {
        const s = stored[r.g as number]!;
        const d = (r.d as number) - 1;
        const what = `${feature} episode ${r.g} dim ${d}`;
        expect((s.min as number[])[d], what).toBe(r.mn);
        expect((s.max as number[])[d], what).toBe(r.mx);
        expectClose((s.mean as number[])[d]!, r.mean as number, 1e-12, `${what} mean`);
        expectClose((s.std as number[])[d]!, r.sd as number, 1e-9, `${what} std`);
        expect(s.count, what).toEqual([r.n]);
        QUANTILE_KEYS.forEach((q, i) => expectClose((s[q] as number[])[d]!, (r.q as number[])[i]!, 1e-12, `${what} ${q}`));
      }
    }
  });

  it('has stats.json equal to the whole data recomputed in SQL, with quantiles the count-weighted mean of the episodes', async () => {
    const stats = JSON.parse(readFileSync(join(root, 'meta/stats.json'), 'utf8'));
    expect(Object.keys(stats)).toEqual(Object.keys(info.features));
    for (const feature of [...VECTOR_FEATURES, ...SCALAR_FEATURES]) {
      const recomputed = await query(statsSql(feature, 'all'));
      const weighted = await query(`with x as (select length, generate_subscripts("stats/${feature}/q01", 1) as d,
          ${QUANTILE_KEYS.map((q) => `unnest("stats/${feature}/${q}") as ${q}`).join(', ')} from episodes)
        select d, ${QUANTILE_KEYS.map((q) => `sum(${q} * length) / sum(length) as ${q}`).join(', ')} from x group by d order by d`);
      for (const r of recomputed) {
        const d = (r.d as number) - 1;
        const what = `${feature} dim ${d}`;
        expect(stats[feature].min[d], what).toBe(r.mn);
        expect(stats[feature].max[d], what).toBe(r.mx);
        expectClose(stats[feature].mean[d], r.mean as number, 1e-12, `${what} mean`);
        expectClose(stats[feature].std[d], r.sd as number, 1e-9, `${what} std`);
        expect(stats[feature].count, what).toEqual([info.total_frames]);
        for (const q of QUANTILE_KEYS) expectClose(stats[feature][q][d], weighted[d]![q] as number, 1e-12, `${what} ${q}`);
      }
    }
  });

  it('has info.json totals and features that agree with the files', async () => {
    const [episodes] = await query('select count(*) as n from episodes');
    const [tasks] = await query('select count(*) as n, min(task_index) as lo, max(task_index) as hi from tasks');
    expect(info.total_episodes).toBe(episodes!.n);
    expect(info.total_episodes).toBe(records.length - ERRORED.length);
    expect(info.total_tasks).toEqual(tasks!.n);
    expect([tasks!.lo, tasks!.hi]).toEqual([0, info.total_tasks - 1]);
    expect(info.total_frames).toBe(records.reduce((n, r) => n + r.record.frames, 0));
    expect(info.splits).toEqual({ train: `0:${info.total_episodes}` });
    const columns = (await query('describe select * exclude (filename) from data')).map((r) => r.column_name);
    expect(Object.keys(info.features)).toEqual(columns);
    expect(info.features['observation.tactile']).toMatchObject({ dtype: 'float32', shape: [8] });
  });
});
