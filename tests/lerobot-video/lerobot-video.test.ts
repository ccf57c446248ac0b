/**
 * A LeRobot dataset with cameras, end to end: Chromium encodes the RGB
 * episodes (as the renderer does), the writer appends them to MP4 files and
 * stores depth as 16-bit PNG cells in the data files; independent readers
 * check the result: ffprobe and ffmpeg find every episode's frames where the
 * episodes metadata says they are, DuckDB reads the depth struct column and
 * the video columns, and the PNG bytes decode back to the depth.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSink } from '../../main/cli/file-sink';
import { createLeRobotWriter, lerobotWriterFactory } from '../../exporters/lerobot';
import { DatasetWriteError } from '../../exporters/dataset-writer';
import { MemorySink } from '../../exporters/sink';
import { depthImageCell } from '../../exporters/video/depth';
import { decodePng16 } from '../../exporters/video/png16';
import { sampleFrameIndices } from '../../exporters/lerobot/image-stats';
import type { EncodedEpisodeVideo } from '../../exporters/video/encoded-video';
import { BYTES_PER_MB, FIRST_FILE, formatPath, nextChunkFile, type ChunkFile } from '../../exporters/lerobot/layout';
import { embeddedArrowSchema, keyValueMetadata, listFiles, openDuckDB, sqlString, type Row } from '../lerobot/duckdb';
import { tempFolder } from '../lerobot/builders';
import { decodeRaw } from '../video/ffmpeg';
import { encodeInChromium } from './chromium';
import {
  DEPTH_KEY, FPS, VIDEO_KEY, checkVideoFiles, expectClose, sameValues, sampledDepthValues, sampledRgbValues, summary, videoPath, videoRows,
} from './checks';
import { CAMERAS, FRONT, WRIST, cameraJob, depthFrame, type TestCamera } from './media';
import { FRAME_COUNTS, cameraJobItems, writeJob, type JobItem } from './builders';
import { CountingSink } from '../exporters/counting-sink';

const ROLL_MB = 0.04;
const ROLL_CHUNKS = 3;

let videos: EncodedEpisodeVideo[][];
let items: JobItem[];
let root: string;
let rollRoot: string;
let query: (sql: string) => Promise<Row[]>;

beforeAll(async () => {
  videos = await encodeInChromium(CAMERAS.map((c) => ({ width: c.width, height: c.height, fps: FPS })), FRAME_COUNTS);
  items = cameraJobItems(videos);
  root = tempFolder('lerobot-video-');
  rollRoot = tempFolder('lerobot-video-roll-');
  await writeJob(createLeRobotWriter, new FileSink(root), items);
  await writeJob(lerobotWriterFactory({ videoFilesSizeInMb: ROLL_MB, chunksSize: ROLL_CHUNKS, dataFilesSizeInMb: 1 }), new FileSink(rollRoot), items);
  query = await openDuckDB();
}, 120_000);

afterAll(() => {
  for (const dir of [root, rollRoot]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const json = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));
const written = () => items.filter((i) => i.datasetEpisode >= 0);
const packetBytes = (video: EncodedEpisodeVideo) => video.packets.reduce((n, p) => n + p.data.length, 0);

describe('a LeRobot dataset with two cameras', () => {
  it('has a video file per camera beside the data and metadata files', () => {
    expect(listFiles(root)).toEqual([
      'data/chunk-000/file-000.parquet',
      'meta/episodes/chunk-000/file-000.parquet',
      'meta/info.json',
      'meta/job_episodes.parquet',
      'meta/stats.json',
      'meta/tasks.parquet',
      'videos/observation.images.front/chunk-000/file-000.mp4',
      'videos/observation.images.wrist/chunk-000/file-000.mp4',
    ]);
  });

  it('lists the camera features in info.json: AV1 video per camera, depth as a 16-bit image feature in millimetres', () => {
    const info = json(root, 'meta/info.json');
    expect(info).toMatchObject({ total_episodes: FRAME_COUNTS.length, total_frames: FRAME_COUNTS.reduce((a, b) => a + b, 0), video_path: 'videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4' });
    expect('total_videos' in info).toBe(false);
    const videoInfo = (c: TestCamera) => ({
      'video.height': c.height, 'video.width': c.width, 'video.codec': 'av1', 'video.pix_fmt': 'yuv420p', 'video.fps': FPS, 'video.channels': 3,
      has_audio: false, is_depth_map: false,
    });
    expect(info.features[VIDEO_KEY.front]).toEqual({ dtype: 'video', shape: [96, 128, 3], names: ['height', 'width', 'channels'], info: videoInfo(FRONT) });
    expect(info.features[VIDEO_KEY.wrist]).toEqual({ dtype: 'video', shape: [48, 64, 3], names: ['height', 'width', 'channels'], info: videoInfo(WRIST) });
    expect(info.features[DEPTH_KEY]).toEqual({ dtype: 'image', shape: [96, 128, 1], names: ['height', 'width', 'channels'], info: { is_depth_map: true, depth_unit: 'mm' } });
    expect(Object.keys(info.features).slice(3, 6)).toEqual([VIDEO_KEY.front, DEPTH_KEY, VIDEO_KEY.wrist]);
  });

  it('puts every episode in the MP4s where its from/to timestamps say: ffprobe counts and times the frames, ffmpeg decodes them', async () => {
    expect(await checkVideoFiles(query, root, FRONT)).toEqual({ files: 1 });
    expect(await checkVideoFiles(query, root, WRIST)).toEqual({ files: 1 });
  });

  it('keeps the video columns in the episodes metadata, read by DuckDB with LeRobot types', async () => {
    const types = new Map((await query(`describe select * from read_parquet(${sqlString(join(root, 'meta/episodes/*/*.parquet'))})`)).map((r) => [String(r.column_name), String(r.column_type)]));
    for (const key of Object.values(VIDEO_KEY)) {
      expect([`chunk_index`, `file_index`, `from_timestamp`, `to_timestamp`].map((c) => types.get(`videos/${key}/${c}`))).toEqual(['BIGINT', 'BIGINT', 'DOUBLE', 'DOUBLE']);
      expect(types.get(`stats/${key}/mean`)).toBe('DOUBLE[][][]');
      expect(types.get(`stats/${key}/count`)).toBe('BIGINT[]');
    }
    expect(types.get(`stats/${DEPTH_KEY}/q50`)).toBe('DOUBLE[][][]');
    expect([...types.keys()].filter((k) => k.startsWith(`videos/${DEPTH_KEY}`))).toEqual([]);
    const rows = await videoRows(query, root, VIDEO_KEY.wrist);
    expect(rows.map((r) => [r.c, r.f, r.length])).toEqual(FRAME_COUNTS.map((n) => [0, 0, n]));
  });

  it('stores depth in the data files as struct<bytes: binary, path: string> cells that DuckDB reads and ffmpeg decodes to the depth', async () => {
    const file = join(root, 'data/chunk-000/file-000.parquet');
    const types = new Map((await query(`describe select * from read_parquet(${sqlString(file)})`)).map((r) => [r.column_name, r.column_type]));
    expect(types.get(DEPTH_KEY)).toBe('STRUCT(bytes BLOB, path VARCHAR)');
    expect(types.has(VIDEO_KEY.front)).toBe(false);
    const schema = await embeddedArrowSchema(query, file);
    expect(String(schema.fields.find((f) => f.name === DEPTH_KEY)!.type)).toBe('Struct<{bytes:Binary, path:Utf8}>');
    const hf = JSON.parse((await keyValueMetadata(query, file)).get('huggingface')!);
    expect(hf.info.features[DEPTH_KEY]).toEqual({ _type: 'Image' });

    const rows = await query(`select episode_index as e, frame_index as i, "${DEPTH_KEY}".bytes as png, "${DEPTH_KEY}".path as path
      from read_parquet(${sqlString(file)}) order by index`);
    expect(rows).toHaveLength(FRAME_COUNTS.reduce((a, b) => a + b, 0));
    for (const r of rows) {
      expect(r.path).toBeNull();
      const { width, height, data } = decodePng16(r.png as Uint8Array);
      expect([width, height]).toEqual([FRONT.width, FRONT.height]);
      expect(sameValues(data, depthFrame(FRONT.width, FRONT.height, r.e as number, r.i as number)), `depth of episode ${r.e} frame ${r.i}`).toBe(true);
    }
    const dir = tempFolder('lerobot-video-png-');
    try {
      for (const r of rows.filter((x) => x.i === 0 || x.i === FRAME_COUNTS[x.e as number]! - 1)) {
        const path = join(dir, `${r.e}-${r.i}.png`);
        writeFileSync(path, r.png as Uint8Array);
        const raw = await decodeRaw(path, 'gray16le');
        const decoded = new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
        expect(sameValues(decoded, depthFrame(FRONT.width, FRONT.height, r.e as number, r.i as number)), `ffmpeg's depth of episode ${r.e} frame ${r.i}`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps per-episode camera statistics as LeRobot computes them: sampled frames, per channel, RGB / 255, depth in millimetres", async () => {
    const columns = (key: string) => ['min', 'max', 'mean', 'std', 'q01', 'q10', 'q50', 'q90', 'q99'].map((s) => `"stats/${key}/${s}" as ${s}`).join(', ');
    for (const camera of CAMERAS) {
      const key = VIDEO_KEY[camera.id as keyof typeof VIDEO_KEY];
      const rows = await query(`select episode_index as e, length, "stats/${key}/count" as count, ${columns(key)}
        from read_parquet(${sqlString(join(root, 'meta/episodes/*/*.parquet'))}) order by e`);
      for (const r of rows) {
        expect(r.count).toEqual([sampleFrameIndices(r.length as number).length]);
        const channels = sampledRgbValues(camera, r.e as number, r.length as number).map((v) => summary(v, 255));
        for (const [stat, expected] of Object.entries(channels[0]!)) {
          expect((r[stat] as number[][][]).map((c) => c.length === 1 && c[0]!.length === 1)).toEqual([true, true, true]);
          (r[stat] as number[][][]).forEach((value, c) => expect(value[0]![0], `${key} episode ${r.e} ${stat}[${c}]`).toBeCloseTo(channels[c]![stat]!, 10));
          expect(expected).toBeGreaterThanOrEqual(0);
        }
      }
    }
    const depth = await query(`select episode_index as e, length, "stats/${DEPTH_KEY}/count" as count, ${columns(DEPTH_KEY)}
      from read_parquet(${sqlString(join(root, 'meta/episodes/*/*.parquet'))}) order by e`);
    for (const r of depth) {
      const expected = summary(sampledDepthValues(r.e as number, r.length as number), 1);
      for (const [stat, value] of Object.entries(expected)) expectClose((r[stat] as number[][][])[0]![0]![0]!, value, `depth episode ${r.e} ${stat}`);
      expect((r.min as number[][][])[0]![0]![0]).toBe(0);
    }
  });

  it('merges the camera statistics into stats.json with shape [channels, 1, 1]', () => {
    const stats = json(root, 'meta/stats.json');
    const weights = FRAME_COUNTS.map((n) => sampleFrameIndices(n).length);
    const total = weights.reduce((a, b) => a + b, 0);
    for (const camera of CAMERAS) {
      const s = stats[VIDEO_KEY[camera.id as keyof typeof VIDEO_KEY]];
      const perEpisode = FRAME_COUNTS.map((n, e) => sampledRgbValues(camera, e, n));
      expect(s.count).toEqual([total]);
      for (let c = 0; c < 3; c++) {
        const merged = summary(perEpisode.flatMap((ch) => ch[c]!), 255);
        for (const stat of ['min', 'max', 'mean', 'std']) expect(s[stat][c][0][0], `${camera.id} ${stat}[${c}]`).toBeCloseTo(merged[stat]!, 9);
        // Quantiles merge as count-weighted means of the episodes' quantiles (LeRobot <= 0.5).
        const q50 = perEpisode.reduce((sum, ch, e) => sum + summary(ch[c]!, 255).q50! * weights[e]!, 0) / total;
        expect(s.q50[c][0][0]).toBeCloseTo(q50, 9);
      }
    }
    const depthMax = FRAME_COUNTS.reduce((m, n, e) => sampledDepthValues(e, n).reduce((a, b) => Math.max(a, b), m), 0);
    expect(stats[DEPTH_KEY].max).toEqual([[[depthMax]]]);
    expect(stats[DEPTH_KEY].min).toEqual([[[0]]]);
    expect(stats[DEPTH_KEY].count).toEqual([total]);
  });

  it('writes the same bytes for the same job, on disk and in memory', async () => {
    const a = new MemorySink();
    const b = new MemorySink();
    await writeJob(createLeRobotWriter, a, items);
    await writeJob(createLeRobotWriter, b, items);
    const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const onDisk = Object.fromEntries(listFiles(root).map((f) => [f, hash(readFileSync(join(root, f)))]));
    expect(Object.fromEntries([...a.files].map(([f, bytes]) => [f, hash(bytes)]))).toEqual(onDisk);
    expect(Object.fromEntries([...b.files].map(([f, bytes]) => [f, hash(bytes)]))).toEqual(onDisk);
  });
});

describe('video file rollover', () => {
  it('starts a new file, chunk by chunk, before an episode that would bring a file to video_files_size_in_mb', async () => {
    const limit = ROLL_MB * BYTES_PER_MB;
    for (const camera of CAMERAS) {
      const key = VIDEO_KEY[camera.id as keyof typeof VIDEO_KEY];
      const k = CAMERAS.indexOf(camera);
      const files = listFiles(rollRoot).filter((f) => f.startsWith(`videos/${key}/`));
      const expected: string[] = [];
      for (let at: ChunkFile = FIRST_FILE, i = 0; i < files.length; i++, at = nextChunkFile(at, ROLL_CHUNKS)) expected.push(formatPath(`videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4`, at, key));
      expect(files).toEqual(expected);
      const rows = await videoRows(query, rollRoot, key);
      // LeRobot's rule: a file holding episodes rolls over when its size plus the next episode's reaches the limit.
      for (let i = 1; i < rows.length; i++) {
        const [prev, row] = [rows[i - 1]!, rows[i]!];
        const bytes = packetBytes(videos[k]![row.e]!);
        const prevSize = statSync(videoPath(rollRoot, key, { chunkIndex: prev.c, fileIndex: prev.f })).size;
        if (row.c !== prev.c || row.f !== prev.f) {
          expect(prevSize + bytes, `episode ${row.e} of ${key} rolled over`).toBeGreaterThanOrEqual(limit);
          expect(row.from).toBe(0);
        } else {
          expect(row.from).toBeGreaterThan(0);
        }
      }
      expect(files.length).toBeGreaterThan(1);
      expect(rows.some((r) => r.from > 0)).toBe(true);
    }
    expect(listFiles(rollRoot)).toContain('videos/observation.images.front/chunk-001/file-000.mp4');
  });

  it('keeps every episode whole in the file its metadata names, at its from/to timestamps', async () => {
    expect((await checkVideoFiles(query, rollRoot, FRONT)).files).toBeGreaterThan(ROLL_CHUNKS);
    expect((await checkVideoFiles(query, rollRoot, WRIST)).files).toBeGreaterThan(1);
  });

  it('rolls the data files with their depth cells over too, each episode whole in one file', async () => {
    const dataFiles = listFiles(rollRoot).filter((f) => f.startsWith('data/'));
    expect(dataFiles.length).toBeGreaterThan(1);
    const rows = await query(`select episode_index as e, count(distinct filename) as files, count(*) as n, bool_and("${DEPTH_KEY}".bytes is not null) as all_depth
      from read_parquet(${sqlString(join(rollRoot, 'data/*/*.parquet'))}, filename = true) group by e order by e`);
    expect(rows.map((r) => [r.files, r.n, r.all_depth])).toEqual(FRAME_COUNTS.map((n) => [1, n, true]));
  });
});

describe('the writer with media', () => {
  it('streams each episode video to its MP4 as the episode arrives (no episode held back)', async () => {
    const sink = new CountingSink();
    const writer = await createLeRobotWriter(sink, cameraJob(items.length));
    const sent = [0, 0];
    for (const { record, task, media } of items) {
      await writer.addEpisode(record, task, media);
      media?.cameras.forEach((c, k) => (sent[k]! += packetBytes(c.video!)));
      CAMERAS.forEach((camera, k) => {
        const key = VIDEO_KEY[camera.id as keyof typeof VIDEO_KEY];
        expect(sink.streamed.get(`videos/${key}/chunk-000/file-000.mp4`) ?? 0).toBeGreaterThanOrEqual(sent[k]!);
      });
    }
    await writer.finalize();
  });

  it('refuses records that do not fit the cameras, whole, and goes on with the next', async () => {
    const sink = new MemorySink();
    const writer = await createLeRobotWriter(sink, cameraJob(10));
    const [a, b, c] = written();
    const refuse = async (what: RegExp, add: Promise<void>) => {
      await expect(add).rejects.toThrow(DatasetWriteError);
      await expect(add).rejects.toThrow(what);
    };
    await refuse(/camera "front" has video but no rgbHistogram/, writer.addEpisode(a!.record, a!.task, { ...a!.media!, cameras: [{ ...a!.media!.cameras[0]!, rgbHistogram: undefined }, a!.media!.cameras[1]!] }));
    await refuse(/the media has 30 frames, the record 47/, writer.addEpisode(b!.record, b!.task, { ...a!.media!, episodeIndex: b!.record.episodeIndex }));
    await writer.addEpisode(a!.record, a!.task, a!.media);
    await refuse(/episode 1 has no rendered media, but the dataset has cameras \[front, wrist\]: .* a job renders every episode or none/, writer.addEpisode(b!.record, b!.task));
    await refuse(/cameras \[wrist, front\] differ from the dataset's \[front, wrist\]/, writer.addEpisode(b!.record, b!.task, { ...b!.media!, cameras: [...b!.media!.cameras].reverse() }));
    const badDepth = [...b!.media!.cameras[0]!.depthPng!];
    badDepth[3] = depthImageCell(new Uint16Array(16), 4, 4).bytes;
    await refuse(/camera "front" depth frame 3 is 4x4, the camera 128x96/, writer.addEpisode(b!.record, b!.task, { ...b!.media!, cameras: [{ ...b!.media!.cameras[0]!, depthPng: badDepth }, b!.media!.cameras[1]!] }));
    const wrongSize = { ...b!.media!.cameras[1]!, video: { ...b!.media!.cameras[1]!.video!, width: 66 } };
    await refuse(/camera "wrist": the video differs from the dataset's \(size 66x48 vs 64x48\)/, writer.addEpisode(b!.record, b!.task, { ...b!.media!, cameras: [b!.media!.cameras[0]!, wrongSize] }));
    await writer.addEpisode(b!.record, b!.task, b!.media);
    await writer.addEpisode(c!.record, c!.task, c!.media);
    await writer.finalize();
    expect(JSON.parse(sink.text('meta/info.json')!).total_episodes).toBe(3);
    const expected = new MemorySink();
    const reference = await createLeRobotWriter(expected, cameraJob(10));
    for (const item of [a!, b!, c!]) await reference.addEpisode(item.record, item.task, item.media);
    await reference.finalize();
    expect([...sink.files.keys()].sort()).toEqual([...expected.files.keys()].sort());
    for (const [path, bytes] of expected.files) expect(sink.files.get(path), path).toEqual(bytes);
  });

  it('keeps a dataset without cameras when its first episode has no media, and then refuses media', async () => {
    const sink = new MemorySink();
    const writer = await createLeRobotWriter(sink, cameraJob(10));
    const [a, b] = written();
    await writer.addEpisode(a!.record, a!.task);
    await expect(writer.addEpisode(b!.record, b!.task, b!.media)).rejects.toThrow(/episode 1 has rendered media, but the dataset's first episode had none/);
    await writer.addEpisode(b!.record, b!.task);
    await writer.finalize();
    const info = JSON.parse(sink.text('meta/info.json')!);
    expect(info).toMatchObject({ total_episodes: 2, video_path: null });
    expect(Object.keys(info.features).filter((k) => k.startsWith('observation.images'))).toEqual([]);
  });

  it('leaves nothing behind when aborted after video files were written', async () => {
    const sink = new MemorySink();
    const writer = await lerobotWriterFactory({ videoFilesSizeInMb: ROLL_MB })(sink, cameraJob(items.length));
    for (const { record, task, media } of items) await writer.addEpisode(record, task, media);
    expect([...sink.files.keys()].some((f) => f.endsWith('.mp4'))).toBe(true);
    await writer.abort();
    expect([...sink.files.keys()]).toEqual([]);
  });
});
