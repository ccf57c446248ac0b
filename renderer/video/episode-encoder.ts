/**
 * Encodes one episode's RGBA frames with WebCodecs (`VideoEncoder`) into
 * packets for the MP4 muxer (`exporters/video/mp4-episodes`). Runs in a page
 * or a Web Worker. Each episode gets its own encoder, configured only from
 * the options, with a key frame at frame 0: an episode's bytes do not depend
 * on which worker encodes it or what it encoded before.
 *
 * AV1 (the default, as LeRobot's own encoder) runs in quantizer mode: every
 * frame gets the same fixed quantizer, so no rate control adapts to anything;
 * its bytes are the same run after run, in a page or in workers, at every size.
 * Chromium's H.264 encoder (OpenH264) offers no quantizer mode and runs at a
 * fixed bitrate. It is deterministic only single-threaded, and Chromium gives
 * it 2 or more threads from 640x480 pixels of area up (measured: bytes
 * differ between runs at 640x480 and 642x480, not at 640x478), so H.264 that
 * large is refused unless the caller accepts varying bytes.
 */
import { av1ConfigurationRecord, stripTemporalDelimiters } from '../../exporters/video/av1-config';
import {
  assertFps, frameTimestampUs, type EncodedEpisodeVideo, type EncodedVideoPacket, type VideoCodecName,
} from '../../exporters/video/encoded-video';

export interface EpisodeEncoderOptions {
  /** 'av1' (default) or 'h264'. */
  codec?: VideoCodecName;
  /** Pixels; both even (4:2:0 chroma). */
  width: number;
  height: number;
  /** Frames per second, a positive integer. */
  fps: number;
  /**
   * A key frame every this many frames (frame 0 always). Default 2, as
   * LeRobot encodes (`g=2`), so a random frame decodes from at most one earlier frame.
   */
  keyFrameInterval?: number;
  /** AV1 quantizer, 0 (best) ..63. Default 30 (LeRobot encodes AV1 at crf 30). */
  av1Quantizer?: number;
  /** H.264 bitrate, bits per second. Default 0.2 bits per pixel per frame. */
  h264Bitrate?: number;
  /** Frames queued in the encoder before `addFrame` waits. Default 4. */
  maxQueuedFrames?: number;
  /**
   * Allow H.264 at 640x480 pixels of area or more, where Chromium's encoder
   * runs multi-threaded and its bytes vary from run to run. Default false.
   */
  allowNondeterministicH264?: boolean;
}

/** The largest frame area, pixels, at which Chromium encodes H.264 on one thread (deterministically). */
export const H264_DETERMINISTIC_MAX_AREA = 640 * 480 - 1;

/** The defaults of `EpisodeEncoderOptions`. */
export const DEFAULT_ENCODER_SETTINGS = {
  codec: 'av1' as VideoCodecName,
  keyFrameInterval: 2,
  av1Quantizer: 30,
  h264BitsPerPixel: 0.2,
  maxQueuedFrames: 4,
};

/** AV1 levels (seq_level_idx, AV1 specification annex A.3): max picture size, samples; max display rate, samples/s. */
const AV1_LEVELS: [idx: number, maxPicture: number, maxDisplayRate: number][] = [
  [0, 147456, 4423680], [1, 278784, 8363520], [4, 665856, 19975680], [5, 1065024, 31950720],
  [8, 2359296, 70778880], [9, 2359296, 141557760], [12, 8912896, 267386880], [13, 8912896, 534773760],
];

/** H.264 levels (annex A table A-1): level_idc, max frame size and max rate in 16x16 macroblocks. */
const H264_LEVELS: [idc: number, maxFrameMbs: number, maxMbps: number][] = [
  [10, 99, 1485], [11, 396, 3000], [12, 396, 6000], [13, 396, 11880], [20, 396, 11880], [21, 792, 19800],
  [22, 1620, 20250], [30, 1620, 40500], [31, 3600, 108000], [32, 5120, 216000], [40, 8192, 245760],
  [41, 8192, 245760], [42, 8704, 522240], [50, 22080, 589824], [51, 36864, 983040], [52, 36864, 2073600],
];

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * The codec string for a size and rate: AV1 Main profile 8-bit
 * ("av01.0.LLM.08"), or H.264 Constrained Baseline ("avc1.42e0LL", the profile
 * Chromium's software encoder writes), at the lowest level that fits.
 */
export function codecString(codec: VideoCodecName, width: number, height: number, fps: number): string {
  if (codec === 'av1') {
    const picture = width * height;
    const level = AV1_LEVELS.find(([, maxPicture, maxRate]) => picture <= maxPicture && picture * fps <= maxRate);
    if (!level) throw new Error(`no AV1 level fits ${width}x${height} at ${fps} fps`);
    return `av01.0.${String(level[0]).padStart(2, '0')}M.08`;
  }
  const mbs = Math.ceil(width / 16) * Math.ceil(height / 16);
  const level = H264_LEVELS.find(([, maxFrame, maxRate]) => mbs <= maxFrame && mbs * fps <= maxRate);
  if (!level) throw new Error(`no H.264 level fits ${width}x${height} at ${fps} fps`);
  return `avc1.42e0${hex2(level[0])}`;
}

interface ResolvedOptions {
  codec: VideoCodecName;
  width: number;
  height: number;
  fps: number;
  keyFrameInterval: number;
  av1Quantizer: number;
  h264Bitrate: number;
  maxQueuedFrames: number;
}

function resolve(options: EpisodeEncoderOptions): ResolvedOptions {
  const { width, height, fps } = options;
  assertFps(fps);
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v <= 0 || v % 2 !== 0) throw new Error(`${name} must be a positive even integer, got ${v}`);
  }
  const d = DEFAULT_ENCODER_SETTINGS;
  const resolved: ResolvedOptions = {
    codec: options.codec ?? d.codec,
    width, height, fps,
    keyFrameInterval: options.keyFrameInterval ?? d.keyFrameInterval,
    av1Quantizer: options.av1Quantizer ?? d.av1Quantizer,
    h264Bitrate: options.h264Bitrate ?? Math.round(width * height * fps * d.h264BitsPerPixel),
    maxQueuedFrames: options.maxQueuedFrames ?? d.maxQueuedFrames,
  };
  if (!Number.isInteger(resolved.keyFrameInterval) || resolved.keyFrameInterval < 1) {
    throw new Error(`keyFrameInterval must be a positive integer, got ${resolved.keyFrameInterval}`);
  }
  if (!Number.isInteger(resolved.av1Quantizer) || resolved.av1Quantizer < 0 || resolved.av1Quantizer > 63) {
    throw new Error(`av1Quantizer must be an integer in 0..63, got ${resolved.av1Quantizer}`);
  }
  if (!(resolved.h264Bitrate > 0)) throw new Error(`h264Bitrate must be positive, got ${resolved.h264Bitrate}`);
  if (resolved.codec === 'h264' && width * height > H264_DETERMINISTIC_MAX_AREA && !options.allowNondeterministicH264) {
    throw new Error(
      `H.264 at ${width}x${height} is not deterministic in Chromium (multi-threaded from 640x480 pixels of area up); `
      + 'use AV1, a smaller size, or set allowNondeterministicH264',
    );
  }
  return resolved;
}

/** The WebCodecs configuration the options give (exported for inspection and tests). */
export function encoderConfig(options: EpisodeEncoderOptions): VideoEncoderConfig {
  const o = resolve(options);
  const common: VideoEncoderConfig = {
    codec: codecString(o.codec, o.width, o.height, o.fps),
    width: o.width,
    height: o.height,
    framerate: o.fps,
    latencyMode: 'quality',
    hardwareAcceleration: 'prefer-software',
    alpha: 'discard',
  };
  return o.codec === 'av1'
    ? { ...common, bitrateMode: 'quantizer' }
    : { ...common, bitrateMode: 'constant', bitrate: o.h264Bitrate, avc: { format: 'avc' } };
}

/**
 * Encodes one episode frame by frame: `addFrame` for each RGBA frame
 * (`width * height * 4` bytes, row-major, top row first), then `finish`.
 */
export class EpisodeEncoder {
  private readonly options: ResolvedOptions;
  private readonly encoder: VideoEncoder;
  private readonly packets: EncodedVideoPacket[] = [];
  private description: Uint8Array | undefined;
  private colorSpace: EncodedEpisodeVideo['colorSpace'] = null;
  private reportedCodec: string | undefined;
  private failure: Error | undefined;
  private frames = 0;
  private readonly config: VideoEncoderConfig;
  /** Callers of `addFrame` waiting for the queue to shrink (or the encoder to fail). */
  private waiting: (() => void)[] = [];

  private constructor(options: ResolvedOptions, config: VideoEncoderConfig) {
    this.options = options;
    this.config = config;
    this.encoder = new VideoEncoder({
      output: (chunk, metadata) => this.onChunk(chunk, metadata),
      error: (error) => {
        this.failure ??= error;
        this.wake();
      },
    });
    this.encoder.addEventListener('dequeue', () => this.wake());
    this.encoder.configure(config);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /** An encoder for one episode; rejects when this browser cannot encode the configuration. */
  static async create(options: EpisodeEncoderOptions): Promise<EpisodeEncoder> {
    const resolved = resolve(options);
    const config = encoderConfig(options);
    if (typeof VideoEncoder === 'undefined') throw new Error('WebCodecs VideoEncoder is not available here (it needs a secure context)');
    const support = await VideoEncoder.isConfigSupported(config);
    if (!support.supported) throw new Error(`this browser cannot encode ${JSON.stringify(config)}`);
    return new EpisodeEncoder(resolved, config);
  }

  /** The codec string configured (the encoder may report a more precise one in the episode). */
  get codec(): string {
    return this.config.codec;
  }

  /** Queues the next frame; resolves once the encoder has room for more. */
  async addFrame(rgba: Uint8Array): Promise<void> {
    this.throwIfFailed();
    const { width, height, fps, keyFrameInterval } = this.options;
    if (rgba.length !== width * height * 4) {
      throw new Error(`frame ${this.frames}: expected ${width}x${height}x4 = ${width * height * 4} RGBA bytes, got ${rgba.length}`);
    }
    const index = this.frames++;
    const timestamp = frameTimestampUs(index, fps);
    const frame = new VideoFrame(rgba, {
      format: 'RGBA', codedWidth: width, codedHeight: height, timestamp,
      duration: frameTimestampUs(index + 1, fps) - timestamp,
    });
    const encodeOptions: VideoEncoderEncodeOptions = { keyFrame: index % keyFrameInterval === 0 };
    if (this.options.codec === 'av1') {
      (encodeOptions as VideoEncoderEncodeOptions & { av1: { quantizer: number } }).av1 = { quantizer: this.options.av1Quantizer };
    }
    try {
      this.encoder.encode(frame, encodeOptions);
    } finally {
      frame.close();
    }
    while (this.encoder.encodeQueueSize > this.options.maxQueuedFrames && !this.failure) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.throwIfFailed();
  }

  /** Flushes the encoder and returns the episode's packets; the encoder is closed afterwards. */
  async finish(): Promise<EncodedEpisodeVideo> {
    try {
      this.throwIfFailed();
      await this.encoder.flush();
      this.throwIfFailed();
    } finally {
      this.close();
    }
    const { codec, width, height, fps } = this.options;
    if (this.packets.length !== this.frames) {
      throw new Error(`the ${codec} encoder returned ${this.packets.length} packets for ${this.frames} frames (it dropped frames)`);
    }
    this.packets.forEach((p, i) => {
      if (p.timestampUs !== frameTimestampUs(i, fps)) {
        throw new Error(`packet ${i} has timestamp ${p.timestampUs} us, expected ${frameTimestampUs(i, fps)} (frames out of order)`);
      }
    });
    const first = this.packets[0];
    if (first && !first.key) throw new Error('the first packet of the episode is not a key frame');
    let description = this.description;
    if (!description && codec === 'av1' && first) description = av1ConfigurationRecord(first.data);
    if (!description) throw new Error(`the ${codec} encoder reported no decoder configuration`);
    return {
      codecName: codec, codec: this.reportedCodec ?? this.config.codec, width, height, fps, description,
      colorSpace: this.colorSpace, packets: this.packets,
    };
  }

  /** Releases the encoder without finishing (idempotent). */
  close(): void {
    if (this.encoder.state !== 'closed') this.encoder.close();
    this.wake();
  }

  private onChunk(chunk: EncodedVideoChunk, metadata: EncodedVideoChunkMetadata | undefined): void {
    const config = metadata?.decoderConfig;
    if (config) {
      this.reportedCodec ??= config.codec;
      if (config.description && !this.description) this.description = copyBytes(config.description);
      if (config.colorSpace) {
        const { primaries, transfer, matrix, fullRange } = config.colorSpace;
        this.colorSpace = { primaries, transfer, matrix, fullRange };
      }
    }
    const encoded = new Uint8Array(chunk.byteLength);
    chunk.copyTo(encoded);
    const data = this.options.codec === 'av1' ? stripTemporalDelimiters(encoded) : encoded;
    const index = this.packets.length;
    const fps = this.options.fps;
    this.packets.push({
      data,
      timestampUs: chunk.timestamp,
      durationUs: frameTimestampUs(index + 1, fps) - frameTimestampUs(index, fps),
      key: chunk.type === 'key',
    });
  }

  private throwIfFailed(): void {
    if (this.failure) throw new Error(`${this.options.codec} encoder failed: ${this.failure.message}`);
  }
}

function copyBytes(source: AllowSharedBufferSource): Uint8Array {
  if (source instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && source instanceof SharedArrayBuffer)) {
    return new Uint8Array(source).slice();
  }
  const view = source as ArrayBufferView;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
}

/** Encodes a whole episode: frames in order, each `width * height * 4` RGBA bytes. */
export async function encodeEpisode(
  frames: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  options: EpisodeEncoderOptions,
): Promise<EncodedEpisodeVideo> {
  const encoder = await EpisodeEncoder.create(options);
  try {
    for await (const frame of frames) await encoder.addFrame(frame);
  } catch (error) {
    encoder.close();
    throw error;
  }
  return encoder.finish();
}
