/**
 * Reads the `jsonl` format (`episodes.jsonl`): one JSON object per episode,
 * in episode order, each checked for the fields a reader relies on and for
 * channels whose value counts match frames x names.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EPISODES_FILE } from '../../../exporters/episodes-jsonl';
import { fileSize, isFile, isObject, show, type JsonObject } from './files';
import { damaged, type FeatureSummary, type FormatSummary } from './summary';

interface Line {
  episodeIndex: number;
  frames: number;
  fps: number;
  success: boolean;
  task: string | null;
  channels: FeatureSummary[];
}

export async function readJsonl(dir: string): Promise<FormatSummary> {
  const file = join(dir, EPISODES_FILE);
  if (!isFile(file)) throw damaged(file, 'missing');
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  let episodes = 0;
  let frames = 0;
  let successes = 0;
  let fps: { value: number; line: number } | undefined;
  let features: { channels: FeatureSummary[]; line: number } | undefined;
  let lastIndex = -1;
  const tasks = new Set<string>();
  for await (const text of lines) {
    n++;
    const line = parseLine(file, n, text);
    if (line.episodeIndex <= lastIndex) throw damaged(file, `line ${n}: episodeIndex ${line.episodeIndex} does not follow ${lastIndex}`, 'episodes are in order');
    lastIndex = line.episodeIndex;
    if (line.frames > 0) {
      if (fps && fps.value !== line.fps) throw damaged(file, `line ${n}: fps ${line.fps} differs from line ${fps.line}'s`, `${fps.value}`);
      fps ??= { value: line.fps, line: n };
      const shape = (c: FeatureSummary[]) => c.map((f) => `${f.name}[${f.shape[0]}]`).join(', ');
      if (features && shape(features.channels) !== shape(line.channels)) {
        throw damaged(file, `line ${n}: channels differ from line ${features.line}'s`, `${shape(line.channels)} vs ${shape(features.channels)}`);
      }
      features ??= { channels: line.channels, line: n };
    }
    episodes++;
    frames += line.frames;
    if (line.success) successes++;
    if (line.task !== null) tasks.add(line.task);
  }
  return {
    format: 'jsonl',
    episodes,
    frames,
    fps: fps?.value ?? null,
    robotType: null,
    features: features?.channels ?? [],
    success: { successes, episodes, source: EPISODES_FILE },
    tasks: [...tasks],
    dataFiles: [{ path: EPISODES_FILE, bytes: fileSize(file) }],
  };
}

function parseLine(file: string, n: number, text: string): Line {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw damaged(file, `line ${n} is not JSON`, `${(error as Error).message}; ${text.length} characters`);
  }
  if (!isObject(value)) throw damaged(file, `line ${n}: expected a JSON object`, `got ${show(value)}`);
  const need = <T>(key: string, expected: string, ok: (v: unknown) => v is T): T => {
    if (value[key] === undefined) throw damaged(file, `line ${n}: field "${key}" missing`, `expected ${expected}`);
    if (!ok(value[key])) throw damaged(file, `line ${n}: field "${key}": expected ${expected}`, `got ${show(value[key])}`);
    return value[key];
  };
  const int = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  const frames = need('frames', 'a non-negative integer', int);
  const channels = need('channels', 'an object', isObject);
  const taskText = value.taskText;
  return {
    episodeIndex: need('episodeIndex', 'a non-negative integer', int),
    frames,
    fps: need('fps', 'a positive number', (v): v is number => typeof v === 'number' && v > 0),
    success: need('success', 'true or false', (v): v is boolean => typeof v === 'boolean'),
    task: typeof taskText === 'string' ? taskText : null,
    channels: Object.entries(channels).map(([name, channel]) => channelOf(file, n, name, channel, frames)),
  };
}

/** A channel `{names, data}` with frames x names.length values. */
function channelOf(file: string, n: number, name: string, channel: unknown, frames: number): FeatureSummary {
  const at = `line ${n}: channel "${name}"`;
  if (!isObject(channel)) throw damaged(file, `${at}: expected {names, data}`, `got ${show(channel)}`);
  const { names, data } = channel as JsonObject;
  if (!Array.isArray(names) || !names.every((x) => typeof x === 'string')) throw damaged(file, `${at}: "names" must be a list of strings`, `got ${show(names)}`);
  if (!Array.isArray(data)) throw damaged(file, `${at}: "data" must be a list of numbers`, `got ${show(data)}`);
  if (data.length !== frames * names.length) {
    throw damaged(file, `${at}: ${data.length} values, expected frames x names`, `${frames} x ${names.length} = ${frames * names.length}`);
  }
  return { name, dtype: 'float32', shape: [names.length], names: names as string[] };
}
