/** FFmpeg's ffprobe and ffmpeg as independent readers of the files the video exporters write. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_BUFFER = 512 * 1024 * 1024;

export interface ProbedStream {
  codec_name: string;
  width: number;
  height: number;
  pix_fmt: string;
  r_frame_rate: string;
  avg_frame_rate: string;
  nb_frames: string;
  nb_read_frames: string;
  time_base: string;
  duration: string;
  color_range?: string;
}

export interface Probe {
  streams: ProbedStream[];
  format: { duration: string; size: string; tags?: Record<string, string> };
}

/** `ffprobe -v error -count_frames -show_streams -show_format -of json`. */
export async function probe(path: string): Promise<Probe> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-of', 'json', path], { maxBuffer: MAX_BUFFER });
  return JSON.parse(stdout) as Probe;
}

/** Presentation times of the decoded frames, seconds, in decode order. */
export async function frameTimes(path: string): Promise<number[]> {
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_frames', '-show_entries', 'frame=pts_time', '-of', 'json', path],
    { maxBuffer: MAX_BUFFER },
  );
  return (JSON.parse(stdout) as { frames: { pts_time: string }[] }).frames.map((f) => Number(f.pts_time));
}

/** Decodes every frame of a video (or an image) to raw pixels in `pixFmt` (e.g. "rgb24", "gray16le"). */
export async function decodeRaw(path: string, pixFmt: string): Promise<Uint8Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', pixFmt, '-'], {
    encoding: 'buffer',
    maxBuffer: MAX_BUFFER,
  });
  return new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength);
}
