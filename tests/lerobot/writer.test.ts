/** The LeRobot writer through a memory sink: what it writes, what it refuses, and that it is deterministic. */
import { describe, expect, it } from 'vitest';
import { readParquet } from 'parquet-wasm';
import { tableFromIPC, type Table } from 'apache-arrow';
import { MemorySink, type FileWriter } from '../../exporters/sink';
import { DatasetWriteError, type DatasetWriter } from '../../exporters/dataset-writer';
import { createLeRobotWriter, lerobotWriterFactory } from '../../exporters/lerobot';
import { FPS, episodeRecord, erroredRecord, graspJob, jobRecords } from './builders';

async function writeAll(records: ReturnType<typeof jobRecords>, factory = createLeRobotWriter): Promise<MemorySink> {
  const sink = new MemorySink();
  const writer = await factory(sink, graspJob(records.length));
  for (const { record, task } of records) await writer.addEpisode(record, task);
  await writer.finalize();
  return sink;
}

function readTable(sink: MemorySink, path: string): Table {
  const bytes = sink.files.get(path);
  if (!bytes) throw new Error(`${path} was not written`);
  return tableFromIPC(readParquet(bytes).intoIPCStream());
}

/** A memory sink whose streamed writes take 0-3 ms each, in a fixed rotation. */
class SlowSink extends MemorySink {
  delays = 0;
  override async openWriter(path: string): Promise<FileWriter> {
    const inner = await super.openWriter(path);
    return {
      write: async (chunk) => {
        await new Promise((resolve) => setTimeout(resolve, this.delays++ % 4));
        await inner.write(chunk);
      },
      commit: () => inner.commit(),
      abort: () => inner.abort(),
    };
  }
}

function json(sink: MemorySink, path: string) {
  return JSON.parse(sink.text(path) ?? 'null');
}

describe('LeRobot writer', () => {
  it('writes the v3.0 layout: info, stats, tasks, episodes metadata and data', async () => {
    const sink = await writeAll(jobRecords(6));
    expect([...sink.files.keys()].sort()).toEqual([
      'data/chunk-000/file-000.parquet',
      'meta/episodes/chunk-000/file-000.parquet',
      'meta/info.json',
      'meta/job_episodes.parquet',
      'meta/stats.json',
      'meta/tasks.parquet',
    ]);
    const info = json(sink, 'meta/info.json');
    expect(info).toMatchObject({
      codebase_version: 'v3.0', fps: FPS, robot_type: 'parallel-gripper', total_episodes: 6, total_tasks: 2, chunks_size: 1000,
      data_files_size_in_mb: 100, video_files_size_in_mb: 200, video_path: null, splits: { train: '0:6' },
      data_path: 'data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet',
    });
    expect(Object.keys(info)).toEqual([
      'codebase_version', 'fps', 'features', 'total_episodes', 'total_frames', 'total_tasks', 'chunks_size',
      'data_files_size_in_mb', 'video_files_size_in_mb', 'data_path', 'video_path', 'robot_type', 'splits',
    ]);
  });

  it('round-trips every channel value, with indices, timestamps and outcome columns derived per frame', async () => {
    const records = jobRecords(5);
    const sink = await writeAll(records);
    const data = readTable(sink, 'data/chunk-000/file-000.parquet');
    let row = 0;
    for (const [episode, { record }] of records.entries()) {
      for (let i = 0; i < record.frames; i++, row++) {
        const state = data.getChild('observation.state')!.get(row)!.toArray() as Float32Array;
        expect(Array.from(state)).toEqual(Array.from(record.channels['observation.state']!.data.subarray(i * 8, i * 8 + 8)));
        expect(data.getChild('frame_index')!.get(row)).toBe(BigInt(i));
        expect(data.getChild('episode_index')!.get(row)).toBe(BigInt(episode));
        expect(data.getChild('index')!.get(row)).toBe(BigInt(row));
        expect(data.getChild('timestamp')!.get(row)).toBe(Math.fround(i / FPS));
        const last = i === record.frames - 1;
        expect(data.getChild('next.done')!.get(row)).toBe(last);
        expect(data.getChild('next.success')!.get(row)).toBe(last && record.success);
        expect(data.getChild('next.reward')!.get(row)).toBe(last && record.success ? 1 : 0);
      }
    }
    expect(data.numRows).toBe(row);
    expect(String(data.schema.fields.find((f) => f.name === 'action')!.type)).toBe('FixedSizeList[4]<Float32>');
  });

  it('skips episodes with no frames, numbers the written ones 0..N-1 and keeps their job index and seed aside', async () => {
    const records = jobRecords(8, [0, 3, 4]);
    const sink = await writeAll(records);
    const episodes = readTable(sink, 'meta/episodes/chunk-000/file-000.parquet');
    expect(Array.from(episodes.getChild('episode_index')!.toArray())).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(episodes.schema.fields.map((f) => f.name).at(-1)).toBe('meta/episodes/file_index');
    const origins = readTable(sink, 'meta/job_episodes.parquet');
    expect(origins.schema.fields.map((f) => f.name)).toEqual(['episode_index', 'job_episode_index', 'seed', 'outcome', 'detail', 'resolved', 'metrics']);
    expect(origins.getChild('outcome')!.toArray()).toEqual([1, 2, 5, 6, 7].map((i) => records[i]!.record.outcome));
    expect(origins.getChild('resolved')!.toArray().map((j: string) => JSON.parse(j))).toEqual([1, 2, 5, 6, 7].map((i) => records[i]!.record.resolved));
    expect(Array.from(origins.getChild('episode_index')!.toArray())).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(Array.from(origins.getChild('job_episode_index')!.toArray())).toEqual([1n, 2n, 5n, 6n, 7n]);
    expect(origins.getChild('seed')!.toArray()).toEqual([1, 2, 5, 6, 7].map((i) => records[i]!.record.seed));
    expect(json(sink, 'meta/info.json').total_episodes).toBe(5);
  });

  it('gives the same bytes for the same records on every run', async () => {
    const records = jobRecords(30, [7]);
    const options = { dataFilesSizeInMb: 0.1, rowGroupFrames: 500 };
    const a = await writeAll(records, lerobotWriterFactory(options));
    const b = await writeAll(records, lerobotWriterFactory(options));
    expect(a.files.size).toBeGreaterThan(5);
    expect([...b.files.keys()]).toEqual([...a.files.keys()]);
    for (const [path, bytes] of a.files) expect(Buffer.from(b.files.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
  });

  it('gives the same bytes however long the sink takes to write (split points never depend on timing)', async () => {
    const records = jobRecords(20);
    const options = { dataFilesSizeInMb: 0.1, rowGroupFrames: 100 };
    const fast = await writeAll(records, lerobotWriterFactory(options));
    const slow = new SlowSink();
    const writer = await lerobotWriterFactory(options)(slow, graspJob(records.length));
    for (const { record, task } of records) await writer.addEpisode(record, task);
    await writer.finalize();
    expect(slow.delays).toBeGreaterThan(5);
    expect([...slow.files.keys()].sort()).toEqual([...fast.files.keys()].sort());
    for (const [path, bytes] of fast.files) expect(Buffer.from(slow.files.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
  });

  it('refuses a record it cannot store with a DatasetWriteError and stays usable', async () => {
    const sink = new MemorySink();
    const writer = await createLeRobotWriter(sink, graspJob(10));
    await writer.addEpisode(episodeRecord(0, { frames: 60 }), 'pick up the red mug');
    const broken = episodeRecord(1, { frames: 60 });
    broken.channels['action']!.data[17] = NaN;
    await expect(writer.addEpisode(broken, 'pick up the red mug')).rejects.toThrow(/episode 1: channel "action" frame 4 "vy" is NaN/);
    const renamed = episodeRecord(2, { frames: 60 });
    renamed.channels['action']!.names[0] = 'speed';
    await expect(writer.addEpisode(renamed, 'pick up the red mug')).rejects.toThrow(DatasetWriteError);
    await expect(writer.addEpisode(episodeRecord(3, { fps: 15 }), 'pick up the red mug')).rejects.toThrow(/fps 15 differs from the dataset's 30/);
    const { 'observation.tactile': _, ...fewer } = episodeRecord(4).channels;
    await expect(writer.addEpisode(episodeRecord(4, { channels: fewer }), 'x')).rejects.toThrow(/missing: \[observation.tactile\]/);
    await expect(writer.addEpisode(episodeRecord(0), 'x')).rejects.toThrow(/increasing order/);
    await writer.addEpisode(episodeRecord(5, { frames: 70 }), 'pick up the red mug');
    await writer.finalize();
    const info = json(sink, 'meta/info.json');
    expect([info.total_episodes, info.total_frames]).toEqual([2, 130]);
  });

  it('drops everything on abort, files already rolled over included', async () => {
    const sink = new MemorySink();
    const writer: DatasetWriter = await lerobotWriterFactory({ dataFilesSizeInMb: 0.05 })(sink, graspJob(20));
    for (const { record, task } of jobRecords(20)) await writer.addEpisode(record, task);
    expect(sink.files.size).toBeGreaterThan(0);
    await writer.abort();
    expect([...sink.files.keys()]).toEqual([]);
    await expect(writer.addEpisode(episodeRecord(20), 'x')).rejects.toThrow(/aborted/);
  });

  it('writes only info.json, with no episodes, when no record had frames', async () => {
    const sink = new MemorySink();
    const writer = await createLeRobotWriter(sink, graspJob(2));
    await writer.addEpisode(erroredRecord(0), 'pick up the red mug');
    await writer.addEpisode(erroredRecord(1), 'pick up the red mug');
    await writer.finalize();
    expect([...sink.files.keys()]).toEqual(['meta/info.json']);
    expect(json(sink, 'meta/info.json')).toMatchObject({ total_episodes: 0, total_frames: 0, total_tasks: 0, splits: {}, fps: FPS });
  });

  it('refuses options out of range when the factory is made', () => {
    expect(() => lerobotWriterFactory({ chunksSize: 0 })).toThrow(/chunksSize must be a positive whole number, got 0/);
    expect(() => lerobotWriterFactory({ dataFilesSizeInMb: -1 })).toThrow(RangeError);
    expect(() => lerobotWriterFactory({ rowGroupFrames: 1.5 })).toThrow(/rowGroupFrames/);
  });

  it('is closed once finalized', async () => {
    const sink = new MemorySink();
    const writer = await createLeRobotWriter(sink, graspJob(1));
    await writer.addEpisode(episodeRecord(0), 'pick up the red mug');
    await writer.finalize();
    await expect(writer.addEpisode(episodeRecord(1), 'pick up the red mug')).rejects.toThrow(/finalized/);
    await writer.abort();
    expect(sink.files.has('meta/info.json')).toBe(true);
  });
});
