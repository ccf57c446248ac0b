/**
 * Recording of one channel (row-major float32, one row per frame). Storage
 * grows by doubling up to `maxFrames`, so a long time limit does not reserve
 * memory the episode never uses; `finish` returns an exactly sized array.
 */
import type { Channel } from '../episode';

/** Frames reserved before the first growth. */
const INITIAL_FRAMES = 256;

/** One channel being recorded: `names.length` float32 values per frame, at most `maxFrames` frames. */
export class ChannelBuffer {
  /** Values per frame. */
  readonly width: number;
  private buffer: Float32Array;

  constructor(readonly names: string[], readonly maxFrames: number) {
    this.width = names.length;
    this.buffer = new Float32Array(Math.min(maxFrames, INITIAL_FRAMES) * this.width);
  }

  /** The storage; valid until the next `offset` call that grows it. */
  get data(): Float32Array {
    return this.buffer;
  }

  /** Offset of frame `k` in `data`, growing the storage to hold it. */
  offset(k: number): number {
    if (k >= this.maxFrames) throw new Error(`frame ${k} exceeds the maximum of ${this.maxFrames} frames`);
    const need = (k + 1) * this.width;
    if (need > this.buffer.length) {
      const frames = Math.min(this.maxFrames, Math.max(k + 1, (2 * this.buffer.length) / Math.max(1, this.width)));
      const grown = new Float32Array(frames * this.width);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    return k * this.width;
  }

  /** Writes `values` as frame `k`. */
  set(k: number, values: ArrayLike<number>): void {
    const at = this.offset(k);
    this.buffer.set(values, at);
  }

  /** The channel holding the first `frames` frames; its array owns an exactly sized buffer. */
  finish(frames: number): Channel {
    const length = frames * this.width;
    return { names: this.names, data: length === this.buffer.length ? this.buffer : this.buffer.slice(0, length) };
  }
}
