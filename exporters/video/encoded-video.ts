/**
 * One episode's video as encoded packets: what the renderer's WebCodecs
 * encoder produces and what the MP4 muxer consumes. Plain data (typed arrays,
 * numbers, strings), so it crosses `postMessage` and Comlink by transfer.
 */

/** The codecs the studio writes, named as ffprobe and LeRobot's `video.codec` name them. */
export type VideoCodecName = 'av1' | 'h264';

/**
 * The colour description the encoder reported (WebCodecs `VideoColorSpaceInit`
 * names); the MP4 carries it in a `colr` box.
 */
export interface VideoColorSpaceDescription {
  primaries?: string | null;
  transfer?: string | null;
  matrix?: string | null;
  fullRange?: boolean | null;
}

/** One encoded frame, in decode order (the studio's encoders emit no reordered frames). */
export interface EncodedVideoPacket {
  /** The frame's bitstream: an AV1 temporal unit, or H.264 NAL units with 4-byte length prefixes. */
  data: Uint8Array;
  /** Presentation time within the episode, microseconds: `frameTimestampUs(i, fps)`. */
  timestampUs: number;
  /** Microseconds until the next frame. */
  durationUs: number;
  /** A sync sample: decodable without any earlier frame. */
  key: boolean;
}

/** An episode's video, encoded independently of every other episode (its first frame is a key frame). */
export interface EncodedEpisodeVideo {
  codecName: VideoCodecName;
  /** The WebCodecs / RFC 6381 codec string, e.g. "av01.0.04M.08" or "avc1.42001f". */
  codec: string;
  /** Pixels. */
  width: number;
  height: number;
  /** Frames per second (a positive integer, as LeRobot's `fps`). */
  fps: number;
  /** The decoder configuration record: `avcC` for H.264, `av1C` for AV1 (box payload, no box header). */
  description: Uint8Array;
  colorSpace: VideoColorSpaceDescription | null;
  /** One packet per frame, frame 0 first. */
  packets: EncodedVideoPacket[];
}

/**
 * The presentation time of frame `index` at `fps` frames per second, in whole
 * microseconds: `index * 1e6 / fps` rounded half up, computed in integers so
 * no floating-point error decides the rounding.
 */
export function frameTimestampUs(index: number, fps: number): number {
  assertFps(fps);
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`frame index must be a non-negative integer, got ${index}`);
  const twice = 2 * index * 1_000_000 + fps;
  if (!Number.isSafeInteger(twice)) throw new Error(`frame index ${index} is too large for exact microsecond timestamps`);
  const divisor = 2 * fps;
  return (twice - (twice % divisor)) / divisor;
}

/** Throws unless `fps` is a positive integer (LeRobot stores fps as an int). */
export function assertFps(fps: number): void {
  if (!Number.isInteger(fps) || fps <= 0 || fps > 1000) throw new Error(`fps must be an integer in 1..1000, got ${fps}`);
}

/** The buffers of an episode's packets, for `postMessage(episode, transferList(episode))` or `Comlink.transfer`. */
export function transferList(episode: EncodedEpisodeVideo): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const bytes of [episode.description, ...episode.packets.map((p) => p.data)]) {
    if (bytes.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
  }
  return [...buffers];
}
