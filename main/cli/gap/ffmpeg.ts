/**
 * Decoding images and videos with FFmpeg (a setup dependency): ffmpeg
 * writes the frames as a stream of binary PPM images (each with its own
 * size, after the container's rotation is applied), which are parsed as
 * they arrive; only the frames the caller keeps are resized (by the
 * statistics' own resampler) and held in memory.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { RgbImage } from '../../../exporters/sim2real/lowlevel';
import { resizeCover } from '../../../exporters/sim2real/resize';
import { CliError, EXIT } from '../exit-codes';

/** Refuses to start without ffmpeg and ffprobe on PATH (exit 6). */
export function requireFfmpeg(): void {
  for (const tool of ['ffmpeg', 'ffprobe']) {
    const run = spawnSync(tool, ['-version'], { encoding: 'utf8' });
    if (run.error || run.status !== 0) throw new CliError(EXIT.environment, `${tool} is needed to decode images and videos and was not found on PATH (install it: apt-get install ffmpeg)`);
  }
}

export interface VideoProbe {
  /** Frames of the first video stream. */
  frames: number;
  /** Frames per second (average). */
  fps: number;
}

/** Frame count and rate of `file`'s first video stream (ffprobe counts packets). */
export function probeVideo(file: string): VideoProbe {
  const run = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets,avg_frame_rate', '-of', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const stream = run.status === 0 ? (JSON.parse(run.stdout).streams?.[0] as { nb_read_packets?: string; avg_frame_rate?: string } | undefined) : undefined;
  if (!stream) throw new CliError(EXIT.damaged, `${file}: not a video ffprobe can read (${firstLine(run.stderr) || 'no video stream'})`);
  const [num, den] = (stream.avg_frame_rate ?? '0/1').split('/').map(Number) as [number, number];
  return { frames: Number(stream.nb_read_packets ?? 0), fps: den ? num / den : 0 };
}

export interface DecodeOptions {
  /** Seek to this time (seconds) before decoding (frames before it are dropped). */
  seek?: number;
  /** Output at most this many frames (ffmpeg stops after them). */
  frames?: number;
  /** Which decoded frames (0-based, counted from the seek point) to keep; all when omitted. */
  keep?: (index: number) => boolean;
  /** Frame numbers (ascending, from the start of the file) ffmpeg itself selects, so the others never leave it; not with `seek`. */
  select?: readonly number[];
  /** Analysis size: kept frames are resized to size x size. */
  size: number;
}

/** Decodes `file` (an image or a video) and returns the kept frames with their indices. */
export function decodeFrames(file: string, options: DecodeOptions): Promise<{ index: number; image: RgbImage }[]> {
  const args = ['-v', 'error', '-nostdin'];
  if (options.seek !== undefined) args.push('-ss', options.seek.toFixed(6));
  args.push('-i', file);
  if (options.frames !== undefined) args.push('-frames:v', String(options.frames));
  // Frames much larger than the analysis size are first shrunk by area to 4x it (short side), so the pipe carries less.
  const big = 4 * options.size;
  const shrink = `scale='if(gt(min(iw,ih),${big}),trunc(iw*${big}/min(iw,ih)/2)*2,iw)':'if(gt(min(iw,ih),${big}),trunc(ih*${big}/min(iw,ih)/2)*2,ih)':flags=area`;
  const select = options.select ? `select='${selectExpression(options.select)}',` : '';
  args.push('-map', '0:v:0', '-vf', select + shrink, '-fps_mode', 'passthrough', '-f', 'image2pipe', '-c:v', 'ppm', '-');
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const parser = new PpmStream();
    const kept: { index: number; image: RgbImage }[] = [];
    let index = 0;
    let stderr = '';
    let failure: Error | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        for (const frame of parser.push(chunk)) {
          const at = options.select ? options.select[index]! : index;
          if (!options.keep || options.keep(at)) kept.push({ index: at, image: resizeCover(frame, options.size, options.size) });
          index++;
        }
      } catch (error) {
        failure = error as Error;
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new CliError(EXIT.environment, `${file}: cannot run ffmpeg (${error.message})`)));
    child.on('close', (code) => {
      if (failure) reject(new CliError(EXIT.damaged, `${file}: ${failure.message}`));
      else if (code !== 0) reject(new CliError(EXIT.damaged, `${file}: ffmpeg cannot decode it (${firstLine(stderr) || `exit ${code}`})`));
      else if (index === 0) reject(new CliError(EXIT.damaged, `${file}: no frames decoded${options.seek !== undefined ? ` after ${options.seek.toFixed(3)} s` : ''}`));
      else resolve(kept);
    });
  });
}

/** Most frame numbers one select expression may list (each adds ~14 characters to one argument). */
export const MAX_SELECT = 2000;

/**
 * ffmpeg's select expression true for the listed frame numbers: eq(n,k)
 * terms summed as a balanced tree (a flat chain of more than ~100 terms
 * exceeds its parser's depth).
 */
export function selectExpression(frames: readonly number[]): string {
  if (frames.length === 0 || frames.length > MAX_SELECT) throw new Error(`selectExpression: ${frames.length} frames (1 to ${MAX_SELECT})`);
  let terms = frames.map((n) => `eq(n,${n})`);
  while (terms.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < terms.length; i += 2) next.push(i + 1 < terms.length ? `(${terms[i]}+${terms[i + 1]})` : terms[i]!);
    terms = next;
  }
  return terms[0]!;
}

/** Splits a byte stream of binary PPM (P6, maxval 255) images into RGB frames. */
export class PpmStream {
  private chunks: Buffer[] = [];
  private length = 0;

  /** Appends bytes; returns every frame now complete. */
  push(chunk: Uint8Array): { width: number; height: number; data: Uint8Array }[] {
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.length += chunk.byteLength;
    const frames: { width: number; height: number; data: Uint8Array }[] = [];
    for (;;) {
      const head = this.peek(64).toString('latin1');
      const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(head);
      if (!header) {
        if (head.length >= 64 || (head.length >= 2 && !head.startsWith('P6'))) throw new Error('ffmpeg wrote something that is not a PPM image');
        return frames;
      }
      const [text, w, h, max] = header;
      if (max !== '255') throw new Error(`PPM frame with maxval ${max}, expected 255`);
      const width = Number(w);
      const height = Number(h);
      const end = text.length + width * height * 3;
      if (this.length < end) return frames;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
      frames.push({ width, height, data: new Uint8Array(all.subarray(text.length, end)) });
      this.chunks = end < all.length ? [all.subarray(end)] : [];
      this.length -= end;
    }
  }

  /** The first `n` buffered bytes (fewer when fewer are buffered). */
  private peek(n: number): Buffer {
    if (this.chunks.length && this.chunks[0]!.length >= n) return this.chunks[0]!.subarray(0, n);
    return Buffer.concat(this.chunks, Math.min(n, this.length));
  }
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 200);
}
