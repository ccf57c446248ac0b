/**
 * The structure tensor of a transfer model: per rendered frame, the channels
 * the manifest's frame input lists (manifest.ts STRUCTURE_CHANNELS), each
 * made in [0, 1] and then mapped linearly onto the input's `range`:
 * - sim.r, sim.g, sim.b: the render's RGB / 255; sim.gray: its luma
 *   (0.299 r + 0.587 g + 0.114 b) / 255;
 * - depth: metres / the camera's far plane, clamped to [0, 1]; no hit
 *   (depth 0) is 1;
 * - edges: 1 where the instance id differs from its right or lower
 *   neighbour, else 0;
 * - coord.x, coord.y: pixel centre / image width or height.
 * Frames whose size the model does not take are padded (edge pixels
 * repeated) up to the model's size (spatial.multipleOf, spatial.min); the
 * output is cropped back (the top-left width x height pixels).
 */
import type { WorldModelManifest } from './manifest';

/** One rendered camera frame. */
export interface RenderedFrame {
  width: number;
  height: number;
  /** RGBA8, row 0 at the top. */
  rgba: Uint8Array;
  /** Z-depth, metres; 0 where nothing was hit. */
  depth: Float32Array;
  /** Instance ids, 0 = background. */
  instance: Uint16Array;
}

/** The size a frame of `width` x `height` pixels is padded to for the model; throws when it is larger than the model takes. */
export function modelFrameSize(width: number, height: number, spatial: WorldModelManifest['spatial']): { width: number; height: number } {
  const fit = (n: number, what: string) => {
    const padded = Math.max(spatial.min, Math.ceil(n / spatial.multipleOf) * spatial.multipleOf);
    if (padded > spatial.max) throw new Error(`a frame ${what} of ${n} pixels is more than the world model takes (spatial.max ${spatial.max})`);
    return padded;
  };
  return { width: fit(width, 'width'), height: fit(height, 'height') };
}

/**
 * Writes one frame's structure channels, planar ([channel][row][column]) at
 * the padded size `size`, into `out` from `offset` (floats).
 */
export function writeStructure(
  frame: RenderedFrame,
  channels: readonly string[],
  range: readonly [number, number],
  farMetres: number,
  size: { width: number; height: number },
  out: Float32Array,
  offset: number,
): void {
  const { width: w, height: h } = frame;
  const W = size.width;
  const H = size.height;
  const plane = W * H;
  const [lo, hi] = range;
  const scale = hi - lo;
  if (out.length < offset + channels.length * plane) throw new Error(`structure buffer holds ${out.length} floats, needs ${offset + channels.length * plane}`);
  channels.forEach((channel, c) => {
    const base = offset + c * plane;
    fillChannel(channel, frame, farMetres, lo, scale, out, base, W);
    for (let y = 0; y < h; y++) {
      const row = base + y * W;
      for (let x = w; x < W; x++) out[row + x] = out[row + w - 1]!; // pad: repeat the last column
    }
    for (let y = h; y < H; y++) out.copyWithin(base + y * W, base + (h - 1) * W, base + h * W); // pad: repeat the last row
  });
}

/** Writes `channel` (mapped as lo + v * scale) into rows of stride W from `base`, the frame's own pixels only. */
function fillChannel(channel: string, frame: RenderedFrame, farMetres: number, lo: number, scale: number, out: Float32Array, base: number, W: number): void {
  const { width: w, height: h, rgba, depth, instance } = frame;
  const colour = ['sim.r', 'sim.g', 'sim.b'].indexOf(channel);
  if (colour >= 0) {
    const k = scale / 255;
    for (let y = 0; y < h; y++) for (let x = 0, i = y * w; x < w; x++, i++) out[base + y * W + x] = lo + rgba[i * 4 + colour]! * k;
    return;
  }
  if (channel === 'depth') {
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const d = depth[i]!;
        out[base + y * W + x] = lo + (d <= 0 ? 1 : d >= farMetres ? 1 : d / farMetres) * scale;
      }
    }
    return;
  }
  if (channel === 'edges') {
    for (let y = 0; y < h; y++) {
      for (let x = 0, i = y * w; x < w; x++, i++) {
        const id = instance[i]!;
        const edge = (x + 1 < w && instance[i + 1] !== id) || (y + 1 < h && instance[i + w] !== id);
        out[base + y * W + x] = edge ? lo + scale : lo;
      }
    }
    return;
  }
  const value = channelReader(channel, frame, farMetres);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[base + y * W + x] = lo + value(y * w + x, x, y) * scale;
}

/** The [0, 1] value of `channel` at pixel index i = y * width + x. */
function channelReader(channel: string, frame: RenderedFrame, farMetres: number): (i: number, x: number, y: number) => number {
  const { width: w, height: h, rgba, depth, instance } = frame;
  switch (channel) {
    case 'sim.r': return (i) => rgba[i * 4]! / 255;
    case 'sim.g': return (i) => rgba[i * 4 + 1]! / 255;
    case 'sim.b': return (i) => rgba[i * 4 + 2]! / 255;
    case 'sim.gray': return (i) => (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) / 255;
    case 'depth': return (i) => {
      const d = depth[i]!;
      return d <= 0 ? 1 : Math.min(1, d / farMetres);
    };
    case 'edges': return (i, x, y) => {
      const id = instance[i]!;
      return (x + 1 < w && instance[i + 1] !== id) || (y + 1 < h && instance[i + w] !== id) ? 1 : 0;
    };
    case 'coord.x': return (_i, x) => (x + 0.5) / w;
    case 'coord.y': return (_i, _x, y) => (y + 0.5) / h;
    default: throw new Error(`unknown structure channel "${channel}"`);
  }
}
