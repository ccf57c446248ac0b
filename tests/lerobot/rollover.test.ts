/**
 * File rollover: with a small data_files_size_in_mb, data and episodes
 * metadata spread over many files and chunks, each episode stays whole in
 * one file, and the episodes metadata points at the file that holds it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSink } from '../../main/cli/file-sink';
import { lerobotWriterFactory } from '../../exporters/lerobot';
import { BYTES_PER_MB, FIRST_FILE, formatPath, nextChunkFile, type ChunkFile } from '../../exporters/lerobot/layout';
import { graspJob, jobRecords, tempFolder } from './builders';
import { listFiles, openDuckDB, sqlString, type Row } from './duckdb';

const SIZE_MB = 0.05;
const CHUNKS_SIZE = 3;
/** Uncompressed bytes of one frame: 20 float32 channel values, reward and timestamp (float32), two bools, four int64. */
const FRAME_BYTES = 20 * 4 + 2 * 4 + 2 + 4 * 8;
const records = jobRecords(40, [9]);
let root: string;
let query: (sql: string) => Promise<Row[]>;

beforeAll(async () => {
  root = tempFolder('lerobot-rollover-');
  const writer = await lerobotWriterFactory({ dataFilesSizeInMb: SIZE_MB, chunksSize: CHUNKS_SIZE })(new FileSink(root), graspJob(records.length));
  for (const { record, task } of records) await writer.addEpisode(record, task);
  await writer.finalize();
  query = await openDuckDB();
});


afterAll(() => rmSync(root, { recursive: true, force: true }));
/** The files of a series in order: chunk-000/file-000, -001, -002, chunk-001/file-000, ... */
function series(template: string, count: number): string[] {
  const out: string[] = [];
  let at: ChunkFile = FIRST_FILE;
  for (let i = 0; i < count; i++, at = nextChunkFile(at, CHUNKS_SIZE)) out.push(formatPath(template, at));
  return out;
}

describe('file rollover', () => {
  it('spreads the data over consecutive files and chunks, each episode whole in the file its metadata names', async () => {
    const files = listFiles(root).filter((f) => f.startsWith('data/'));
    expect(files.length).toBeGreaterThan(CHUNKS_SIZE);
    expect(files).toEqual(series('data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet', files.length));
    const rows = await query(`with d as (select episode_index, count(distinct filename) as files, any_value(filename) as file, count(*) as n
        from read_parquet(${sqlString(join(root, 'data/*/*.parquet'))}, filename = true) group by episode_index)
      select e.episode_index as e, d.files, d.file, e."data/chunk_index" as c, e."data/file_index" as f, e.length, d.n
      from read_parquet(${sqlString(join(root, 'meta/episodes/*/*.parquet'))}) e join d using (episode_index) order by e`);
    expect(rows).toHaveLength(39);
    for (const r of rows) {
      expect(r.files).toBe(1);
      expect(String(r.file).endsWith(formatPath('data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet', { chunkIndex: r.c as number, fileIndex: r.f as number }))).toBe(true);
      expect(r.n).toBe(r.length);
    }
  });

  it("rolls over as LeRobot does: before an episode that would bring the file's uncompressed size to the limit", async () => {
    const perFile = await query(`select filename as file, count(*) as frames from read_parquet(${sqlString(join(root, 'data/*/*.parquet'))}, filename = true)
      group by file order by file`);
    const firstEpisodeFrames = await query(`select filename as file, episode_index as e, count(*) as frames from read_parquet(${sqlString(join(root, 'data/*/*.parquet'))}, filename = true)
      group by file, e qualify row_number() over (partition by file order by e) = 1 order by file`);
    const limit = SIZE_MB * BYTES_PER_MB;
    perFile.forEach((file, i) => {
      const bytes = (file.frames as number) * FRAME_BYTES;
      const next = firstEpisodeFrames[i + 1];
      if (next) expect(bytes + (next.frames as number) * FRAME_BYTES).toBeGreaterThanOrEqual(limit);
      expect(bytes).toBeLessThan(limit);
    });
  });

  it('rolls the episodes metadata over too, each row naming its own meta/episodes file', async () => {
    const files = listFiles(root).filter((f) => f.startsWith('meta/episodes/'));
    expect(files.length).toBeGreaterThan(1);
    expect(files).toEqual(series('meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet', files.length));
    const rows = await query(`select filename as file, "meta/episodes/chunk_index" as c, "meta/episodes/file_index" as f, episode_index as e
      from read_parquet(${sqlString(join(root, 'meta/episodes/*/*.parquet'))}, filename = true) order by e`);
    expect(rows.map((r) => r.e)).toEqual(Array.from({ length: 39 }, (_, i) => i));
    for (const r of rows) expect(String(r.file).endsWith(formatPath('meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet', { chunkIndex: r.c as number, fileIndex: r.f as number }))).toBe(true);
  });

  it('keeps global indices contiguous across files and records the size setting in info.json', async () => {
    const [all] = await query(`select count(*) as n, min(index) as lo, max(index) as hi from read_parquet(${sqlString(join(root, 'data/*/*.parquet'))})`);
    const info = JSON.parse(readFileSync(join(root, 'meta/info.json'), 'utf8'));
    expect(all).toEqual({ n: info.total_frames, lo: 0, hi: info.total_frames - 1 });
    expect(info).toMatchObject({ data_files_size_in_mb: SIZE_MB, chunks_size: CHUNKS_SIZE, total_episodes: 39 });
  });
});
