/**
 * One MP4 file holding many episodes back to back, as LeRobot v3 stores
 * videos (`videos/{key}/chunk-XXX/file-XXX.mp4`): episode k starts where
 * episode k-1 ended, and the episodes metadata records where each one lies
 * (`from_timestamp`, `to_timestamp`, seconds).
 *
 * Streams through a Sink's append-only FileWriter with memory bounded by one
 * episode: each appended episode becomes its own `mdat` box (its size is
 * known when it arrives), and `finalize` writes the `moov` at the end of the
 * file. The packets are copied as they are, never re-encoded. The bytes are a
 * function of the appended episodes alone (no times, no tool names).
 *
 * Why not mediabunny's Output here: its MP4 layouts either keep every packet
 * in memory until `finalize` (`fastStart: 'in-memory'`), seek back to patch
 * the header (`false`, `'reserve'`: an append-only writer cannot), or write a
 * fragmented MP4 (`'fragmented'`), whose sample counts and durations only
 * fragment scans recover.
 */
import type { FileWriter, Sink } from '../sink';
import { assertFps, frameTimestampUs, type EncodedEpisodeVideo } from './encoded-video';
import { ftypBox, mdatHeader, moovBox, moovByteLength, type TrackTables } from './mp4-boxes';

/** Where an episode lies in the file (LeRobot's `videos/{key}/from_timestamp`, `to_timestamp`). */
export interface EpisodeVideoSpan {
  /** Seconds from the start of the file to the episode's first frame: frames before it / fps. */
  fromTimestamp: number;
  /** `fromTimestamp + frameCount / fps`, seconds (as LeRobot adds the episode's duration). */
  toTimestamp: number;
  /** Index of the episode's first frame in the file. */
  firstFrame: number;
  frameCount: number;
}

/** The track every episode of a file must share: an episode's video without its packets. */
type Track = Omit<EncodedEpisodeVideo, 'packets'>;

/**
 * The media timescale for `fps`: `fps` doubled until it reaches 10000 (as
 * FFmpeg's MP4 muxer picks it; 15360 at 30 fps), so every frame lasts a whole
 * number of ticks and frame k starts at exactly k / fps.
 */
export function timescaleFor(fps: number): number {
  assertFps(fps);
  let timescale = fps;
  while (timescale < 10000) timescale *= 2;
  return timescale;
}

/** Appends episodes to one MP4 file; `finalize` completes it. Appends run one after another in call order. */
export class Mp4EpisodeFile {
  private track: Track | undefined;
  private readonly sampleSizes: number[] = [];
  private readonly syncSamples: number[] = [];
  private readonly chunks: { offset: number; samples: number }[] = [];
  private position = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private state: 'open' | 'finalized' | 'aborted' = 'open';

  /** Streams into `writer`, which the file commits on `finalize` and aborts on `abort`. */
  constructor(private readonly writer: FileWriter) {}

  /** A file at `path` of `sink` (visible there only after `finalize`). */
  static async create(sink: Sink, path: string): Promise<Mp4EpisodeFile> {
    return new Mp4EpisodeFile(await sink.openWriter(path));
  }

  /** Episodes appended so far. */
  get episodeCount(): number {
    return this.chunks.length;
  }

  /** Frames appended so far. */
  get frameCount(): number {
    return this.sampleSizes.length;
  }

  /** Bytes the file would have if finalized now (written bytes plus the `moov`), for rolling files over by size. */
  get byteLength(): number {
    return this.track ? this.position + moovByteLength(this.tables(this.track)) : 0;
  }

  /** Appends an episode after those already in the file and returns where it lies. */
  append(episode: EncodedEpisodeVideo): Promise<EpisodeVideoSpan> {
    return this.enqueue(() => this.appendNow(episode));
  }

  /** Writes the `moov` box and commits the file; returns its size in bytes. */
  finalize(): Promise<{ byteLength: number }> {
    return this.enqueue(async () => {
      this.checkOpen();
      if (!this.track) throw new Error('an MP4 file needs at least one episode; abort() a file that got none');
      const moov = moovBox(this.tables(this.track));
      await this.writer.write(moov);
      this.position += moov.length;
      await this.writer.commit();
      this.state = 'finalized';
      return { byteLength: this.position };
    });
  }

  /** Drops the file. */
  abort(): Promise<void> {
    return this.enqueue(async () => {
      if (this.state !== 'open') return;
      this.state = 'aborted';
      await this.writer.abort();
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new Error(`the MP4 file is ${this.state}`);
  }

  private async appendNow(episode: EncodedEpisodeVideo): Promise<EpisodeVideoSpan> {
    this.checkOpen();
    checkEpisode(episode);
    const track = this.track ?? trackOf(episode);
    checkSameTrack(track, episode);
    const parts: Uint8Array[] = [];
    if (!this.track) {
      parts.push(ftypBox(track.codecName));
      this.track = track;
    }
    const payload = episode.packets.reduce((n, p) => n + p.data.length, 0);
    const header = mdatHeader(payload);
    const offset = this.position + parts.reduce((n, p) => n + p.length, 0) + header.length;
    const bytes = new Uint8Array(offset - this.position + payload);
    let at = 0;
    for (const part of [...parts, header, ...episode.packets.map((p) => p.data)]) {
      bytes.set(part, at);
      at += part.length;
    }
    await this.writer.write(bytes);

    const firstFrame = this.sampleSizes.length;
    this.position += bytes.length;
    this.chunks.push({ offset, samples: episode.packets.length });
    episode.packets.forEach((p, i) => {
      this.sampleSizes.push(p.data.length);
      if (p.key) this.syncSamples.push(firstFrame + i + 1);
    });
    const fromTimestamp = firstFrame / track.fps;
    return {
      fromTimestamp,
      toTimestamp: fromTimestamp + episode.packets.length / track.fps,
      firstFrame,
      frameCount: episode.packets.length,
    };
  }

  private tables(track: Track): TrackTables {
    const timescale = timescaleFor(track.fps);
    return {
      codecName: track.codecName, width: track.width, height: track.height, timescale,
      frameTicks: timescale / track.fps, description: track.description, colorSpace: track.colorSpace,
      sampleSizes: this.sampleSizes, syncSamples: this.syncSamples, chunks: this.chunks,
    };
  }
}

function trackOf(e: EncodedEpisodeVideo): Track {
  return {
    codecName: e.codecName, codec: e.codec, width: e.width, height: e.height, fps: e.fps,
    description: e.description.slice(), colorSpace: e.colorSpace ? { ...e.colorSpace } : null,
  };
}

/** Refuses an episode that is not a whole, independently decodable run of frames. */
function checkEpisode(e: EncodedEpisodeVideo): void {
  assertFps(e.fps);
  if (e.packets.length === 0) throw new Error('an episode with no frames cannot be appended');
  if (!e.packets[0]!.key) throw new Error('the episode does not start with a key frame');
  e.packets.forEach((p, i) => {
    const expected = frameTimestampUs(i, e.fps);
    if (p.timestampUs !== expected) {
      throw new Error(`packet ${i} has timestamp ${p.timestampUs} us; frame ${i} at ${e.fps} fps is at ${expected} us`);
    }
    if (p.data.length === 0) throw new Error(`packet ${i} is empty`);
  });
}

/** Refuses an episode whose stream parameters differ from the file's (one sample description per file). */
function checkSameTrack(track: Track, e: EncodedEpisodeVideo): void {
  const differences: string[] = [];
  if (e.codecName !== track.codecName) differences.push(`codec ${e.codecName} vs ${track.codecName}`);
  if (e.codec !== track.codec) differences.push(`codec string ${e.codec} vs ${track.codec}`);
  if (e.width !== track.width || e.height !== track.height) differences.push(`size ${e.width}x${e.height} vs ${track.width}x${track.height}`);
  if (e.fps !== track.fps) differences.push(`fps ${e.fps} vs ${track.fps}`);
  if (!sameBytes(e.description, track.description)) differences.push('decoder configuration (SPS / sequence header)');
  if (differences.length) throw new Error(`episode does not match the file's video track: ${differences.join(', ')}`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
