/**
 * Reads a robomimic HDF5 dataset (`robomimic.hdf5`): the `data` group and
 * its attributes, every `data/demo_N` (num_samples against the first
 * dimension of each of its datasets), the masks, and the layout the studio
 * stores beside them for naming the columns. Only metadata is read, not the
 * arrays themselves; HDF5 checks on open that the file is not truncated.
 */
import { join } from 'node:path';
import { ROBOMIMIC_FILE } from '../../../exporters/robomimic';
import { fileSize, isObject, show } from './files';
import { hdf5Call, openHdf5, type H5File, type H5wasm } from './hdf5-file';
import { robomimicFeatures, type DemoShapes } from './robomimic-features';
import { damaged, type FormatSummary } from './summary';

type Group = InstanceType<H5wasm['Group']>;
type Dataset = InstanceType<H5wasm['Dataset']>;

interface Demo {
  name: string;
  samples: number;
  success: boolean | null;
  lang: string | null;
}

export async function readRobomimic(dir: string): Promise<FormatSummary> {
  const path = join(dir, ROBOMIMIC_FILE);
  const { h5, file } = await openHdf5(path);
  try {
    return hdf5Call(path, 'its groups', () => summarize(h5, file, path));
  } finally {
    try {
      file.close();
    } catch {
      // Read-only: nothing is lost, and the error worth reporting (if any) is the one above.
    }
  }
}

function summarize(h5: H5wasm, file: H5File, path: string): FormatSummary {
  const data = file.get('data');
  if (!(data instanceof h5.Group)) throw damaged(path, 'group "data" missing', `root holds: ${file.keys().join(', ') || 'nothing'}`);
  const names = data.keys().filter((k) => /^demo_\d+$/.test(k)).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const demos: Demo[] = [];
  let first: DemoShapes | undefined;
  for (const name of names) {
    const { demo, shapes } = readDemo(h5, file, path, `data/${name}`);
    demos.push({ ...demo, name });
    first ??= shapes;
    compareShapes(path, `data/${name}`, shapes, `data/${names[0]}`, first);
  }
  const frames = demos.reduce((n, d) => n + d.samples, 0);
  const total = intAttr(data, 'total');
  if (total === undefined) throw damaged(path, 'attribute data@total missing or not an integer', `got ${show(attr(data, 'total'))}`);
  if (total !== frames) throw damaged(path, `attribute data@total is ${total}, the demos' num_samples add up to ${frames}`, `${demos.length} demos`);
  const envArgs = jsonAttr(path, data, 'data', 'env_args');
  const layout = attr(data, 'studio_layout') === undefined ? null : jsonAttr(path, data, 'data', 'studio_layout');
  const kwargs = isObject(envArgs) && isObject(envArgs.env_kwargs) ? envArgs.env_kwargs : {};
  const masks = readMasks(h5, file, path, new Set(names));
  const successByAttr = demos.every((d) => d.success !== null) ? demos.filter((d) => d.success).length : null;
  const success = masks.has('success')
    ? { successes: masks.get('success')!.length, episodes: demos.length, source: 'mask/success' }
    : successByAttr === null ? null : { successes: successByAttr, episodes: demos.length, source: 'data/demo_N@success' };
  return {
    format: 'robomimic',
    episodes: demos.length,
    frames,
    fps: typeof kwargs.fps === 'number' ? kwargs.fps : null,
    robotType: null,
    features: first ? robomimicFeatures(first, layout) : [],
    success,
    tasks: [...new Set(demos.flatMap((d) => (d.lang === null ? [] : [d.lang])))],
    dataFiles: [{ path: ROBOMIMIC_FILE, bytes: fileSize(path) }],
  };
}

/** A demo's attributes and the shape and dtype of each of its datasets, checked against num_samples. */
function readDemo(h5: H5wasm, file: H5File, path: string, at: string): { demo: Omit<Demo, 'name'>; shapes: DemoShapes } {
  const group = file.get(at);
  if (!(group instanceof h5.Group)) throw damaged(path, `${at} is not a group`);
  const samples = intAttr(group, 'num_samples');
  if (samples === undefined) throw damaged(path, `attribute ${at}@num_samples missing or not an integer`, `got ${show(attr(group, 'num_samples'))}`);
  const shapes: DemoShapes = new Map();
  const visit = (g: Group, prefix: string) => {
    for (const key of g.keys()) {
      const child = g.get(key);
      const name = prefix ? `${prefix}/${key}` : key;
      if (child instanceof h5.Group) visit(child, name);
      else if (child instanceof h5.Dataset) shapes.set(name, datasetShape(path, `${at}/${name}`, child, samples));
    }
  };
  visit(group, '');
  if (!shapes.has('actions')) throw damaged(path, `${at}/actions missing`, `${at} holds: ${[...shapes.keys()].join(', ') || 'nothing'}`);
  const success = attr(group, 'success');
  const lang = attr(group, 'lang');
  return {
    demo: {
      samples,
      success: success === undefined ? null : Number(success) !== 0,
      lang: typeof lang === 'string' ? lang : null,
    },
    shapes,
  };
}

function datasetShape(path: string, at: string, dataset: Dataset, samples: number): { dtype: string; shape: number[] } {
  const shape = dataset.shape ?? [];
  if (shape[0] !== samples) throw damaged(path, `${at} has ${shape[0] ?? 'no'} rows, num_samples says ${samples}`, `shape [${shape.join(', ')}]`);
  return { dtype: dtypeName(dataset.dtype), shape: shape.slice(1) };
}

/** Every demo has the same datasets with the same frame shapes as the first. */
function compareShapes(path: string, at: string, shapes: DemoShapes, firstAt: string, first: DemoShapes): void {
  const names = [...new Set([...shapes.keys(), ...first.keys()])];
  for (const name of names) {
    const a = shapes.get(name);
    const b = first.get(name);
    if (!a || !b) throw damaged(path, `${a ? firstAt : at}/${name} missing`, `${a ? at : firstAt} has it`);
    if (a.shape.join() !== b.shape.join() || a.dtype !== b.dtype) {
      throw damaged(path, `${at}/${name} differs from ${firstAt}/${name}`, `${a.dtype} [${a.shape.join(', ')}] vs ${b.dtype} [${b.shape.join(', ')}]`);
    }
  }
}

/** mask/<key>: lists of demo names, each of which must exist. */
function readMasks(h5: H5wasm, file: H5File, path: string, demos: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const mask = file.get('mask');
  if (!(mask instanceof h5.Group)) return out;
  for (const key of mask.keys()) {
    const dataset = mask.get(key);
    if (!(dataset instanceof h5.Dataset)) continue;
    const value = dataset.value;
    const names = (Array.isArray(value) ? value : value === null ? [] : [value]).map((v) => String(v));
    const unknown = names.find((n) => !demos.has(n));
    if (unknown !== undefined) throw damaged(path, `mask/${key} lists ${unknown}, which data lacks`, `${demos.size} demos`);
    out.set(key, names);
  }
  return out;
}

function attr(object: Group | Dataset, name: string): unknown {
  const value = object.attrs[name]?.value;
  return ArrayBuffer.isView(value) && 'length' in value && value.length === 1 ? (value as unknown as ArrayLike<unknown>)[0] : value;
}

function intAttr(object: Group | Dataset, name: string): number | undefined {
  const value = attr(object, name);
  const n = typeof value === 'bigint' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A JSON string attribute of the group at `at`, parsed. */
function jsonAttr(path: string, group: Group, at: string, name: string): unknown {
  const value = attr(group, name);
  if (typeof value !== 'string') throw damaged(path, `attribute ${at}@${name} missing or not a string`, `got ${show(value)}`);
  try {
    return JSON.parse(value);
  } catch (error) {
    throw damaged(path, `attribute ${at}@${name} is not JSON`, (error as Error).message);
  }
}

/** numpy-style type code to a name: "<f" -> float32. */
function dtypeName(dtype: unknown): string {
  if (typeof dtype !== 'string') return JSON.stringify(dtype);
  const names: Record<string, string> = { f: 'float32', d: 'float64', e: 'float16', q: 'int64', i: 'int32', h: 'int16', b: 'int8', Q: 'uint64', I: 'uint32', H: 'uint16', B: 'uint8' };
  return names[dtype.replace(/^[<>|=]/, '')] ?? dtype;
}
