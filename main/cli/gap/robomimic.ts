/**
 * A robomimic HDF5 file as one side of the comparison: `data/demo_N` are
 * the groups; images come from an `obs/<key>` dataset of uint8 frames
 * (T, H, W, 3) (robomimic's `<camera>_image` keys; --camera picks one, else
 * the first by name); depth from `obs/<camera-without-_image>_depth` or
 * `obs/depth` (zeros are holes); states from `obs/state` (the studio's
 * layout) or else `states`; actions from `actions`. Column names come from
 * the studio's `data@studio_layout` attribute when the file has one.
 */
import { evenlySpaced } from '../../../exporters/sim2real/sampling';
import { depthHoleRatio, type RgbImage } from '../../../exporters/sim2real/lowlevel';
import { resizeCover } from '../../../exporters/sim2real/resize';
import type { ImageSetInput, VectorInput } from '../../../exporters/sim2real/report-types';
import { CliError, EXIT } from '../exit-codes';
import { isObject } from '../inspect/files';
import { hdf5Call, openHdf5, type H5File, type H5wasm } from '../inspect/hdf5-file';
import { damaged } from '../inspect/summary';
import { chooseFrames } from './select';
import type { LoadedSide, LoadOptions } from './side';

type Dataset = InstanceType<H5wasm['Dataset']>;
const MAX_VECTOR_ROWS = 5000;

/** Reads `file` (a robomimic .hdf5). */
export async function loadRobomimic(file: string, options: LoadOptions): Promise<LoadedSide> {
  const { h5, file: h5file } = await openHdf5(file);
  try {
    return hdf5Call(file, 'its demos', () => read(h5, h5file, file, options));
  } finally {
    try {
      h5file.close();
    } catch {
      // Read-only: nothing to lose.
    }
  }
}

function dataset(h5: H5wasm, f: H5File, at: string): Dataset | null {
  const d = f.get(at);
  return d instanceof h5.Dataset ? d : null;
}

function read(h5: H5wasm, f: H5File, file: string, options: LoadOptions): LoadedSide {
  const data = f.get('data');
  if (!(data instanceof h5.Group)) throw damaged(file, 'group "data" missing', `root holds: ${f.keys().join(', ') || 'nothing'}`);
  const demos = data.keys().filter((k) => /^demo_\d+$/.test(k)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  if (demos.length === 0) throw damaged(file, 'no data/demo_N groups');
  const obsKeys = (() => {
    const obs = f.get(`data/${demos[0]}/obs`);
    return obs instanceof h5.Group ? obs.keys().sort() : [];
  })();
  const imageKeys = obsKeys.filter((k) => {
    const d = dataset(h5, f, `data/${demos[0]}/obs/${k}`);
    const shape = d?.shape ?? [];
    return shape.length === 4 && shape[3] === 3 && /^[<>|=]?(B|u1)$/.test(String(d!.dtype));
  });
  let camera: string | null = imageKeys[0] ?? null;
  if (options.camera !== undefined) {
    camera = imageKeys.find((k) => k === options.camera || k === `${options.camera}_image`) ?? null;
    if (!camera) throw new CliError(EXIT.usage, `--camera ${options.camera}: ${file} has no such image obs (uint8 (T, H, W, 3) keys: ${imageKeys.join(', ') || 'none'})`);
  }
  const lengths = demos.map((d) => dataset(h5, f, `data/${d}/actions`)?.shape?.[0] ?? 0);
  let raw: ImageSetInput | null = null;
  if (camera) {
    const chosen = chooseFrames(lengths, options.sampling);
    const images: RgbImage[] = [];
    const groups: string[] = [];
    const ratios: number[] = [];
    const depthKey = [`${camera.replace(/_image$/, '')}_depth`, 'depth'].find((k) => obsKeys.includes(k));
    for (const [g, indices] of chosen) {
      const frames = dataset(h5, f, `data/${demos[g]}/obs/${camera}`)!;
      const [, height, width] = frames.shape!;
      const depth = depthKey ? dataset(h5, f, `data/${demos[g]}/obs/${depthKey}`) : null;
      for (const t of indices) {
        const pixels = frames.slice([[t, t + 1]]);
        if (!(pixels instanceof Uint8Array)) throw damaged(file, `data/${demos[g]}/obs/${camera} is not uint8`);
        images.push(resizeCover({ width: width!, height: height!, data: pixels }, options.size, options.size));
        groups.push(demos[g]!);
        if (depth) ratios.push(depthHoleRatio(depth.slice([[t, t + 1]]) as ArrayLike<number>));
      }
      options.onFrames?.(images.length);
    }
    raw = { images, groups, ...(depthKey ? { depthHoleRatios: ratios } : {}) };
  }
  const layout = studioLayout(data);
  const stateKey = obsKeys.includes('state') ? 'obs/state' : 'states';
  const stateNames = stateKey === 'obs/state' ? namesIn(isObject(layout?.obs) ? layout.obs.state : null) : statesNames(layout);
  return {
    source: { path: file, kind: 'robomimic', camera, variationStreams: [], groups: demos.length },
    raw,
    variations: null,
    states: vectors(h5, f, demos, stateKey, stateNames),
    actions: vectors(h5, f, demos, 'actions', namesIn(layout?.actions)),
  };
}

function studioLayout(data: { attrs: Record<string, { value: unknown }> }): Record<string, unknown> | null {
  try {
    const text = data.attrs['studio_layout']?.value;
    const parsed = typeof text === 'string' ? JSON.parse(text) : null;
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function namesIn(v: unknown): string[] | null {
  return isObject(v) && Array.isArray(v.names) ? v.names.map(String) : null;
}

function statesNames(layout: Record<string, unknown> | null): string[] | null {
  if (!layout || !Array.isArray(layout.states)) return null;
  const all = layout.states.map(namesIn);
  return all.every((n) => n !== null) ? (all.flat() as string[]) : null;
}

/** Rows of `data/demo_N/<at>` over all demos, at most MAX_VECTOR_ROWS, evenly spaced. */
function vectors(h5: H5wasm, f: H5File, demos: string[], at: string, names: string[] | null): VectorInput | null {
  const parts: { values: ArrayLike<number>; rows: number }[] = [];
  let dims = -1;
  for (const demo of demos) {
    const d = dataset(h5, f, `data/${demo}/${at}`);
    if (!d || d.shape?.length !== 2) return null;
    if (dims >= 0 && d.shape[1] !== dims) return null;
    dims = d.shape[1]!;
    parts.push({ values: d.value as ArrayLike<number>, rows: d.shape[0]! });
  }
  const total = parts.reduce((n, p) => n + p.rows, 0);
  const keep = evenlySpaced(total, MAX_VECTOR_ROWS);
  const data = new Float64Array(keep.length * dims);
  let part = 0;
  let offset = 0;
  keep.forEach((row, i) => {
    while (row >= offset + parts[part]!.rows) offset += parts[part++]!.rows;
    for (let j = 0; j < dims; j++) data[i * dims + j] = Number(parts[part]!.values[(row - offset) * dims + j]);
  });
  return { names: names && names.length === dims ? names : null, rows: { rows: keep.length, cols: dims, data } };
}
