/** Fixed-width float32 time series, written one frame at a time. */
import type { Channel } from '../episode';

/** A growing float32 buffer of frames with `names.length` values each. */
export class ChannelWriter {
  private data: Float32Array;
  private frames = 0;

  /** @param capacity initial number of frames (grows when exceeded) */
  constructor(
    readonly names: string[],
    capacity: number,
  ) {
    this.data = new Float32Array(Math.max(1, capacity) * names.length);
  }

  /** Appends one frame; `values.length` must equal `names.length`. */
  push(values: readonly number[]): void {
    const width = this.names.length;
    if (values.length !== width) throw new Error(`a frame of [${this.names.join(', ')}] needs ${width} values, got ${values.length}`);
    if ((this.frames + 1) * width > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(values, this.frames * width);
    this.frames++;
  }

  get length(): number {
    return this.frames;
  }

  /** The channel with exactly the written frames (its own buffer, transferable). */
  finish(): Channel {
    return { names: [...this.names], data: this.data.slice(0, this.frames * this.names.length) };
  }
}
