/**
 * The educator overlay's words: what a scene randomizes (grouped by the
 * reason its author gave, each property in plain words with its range) and
 * why a run's episodes failed (outcome counts with an explanation and one
 * example each).
 */
import type { Outcome } from '../../../exporters/episode';
import { getAt, parsePointer } from '../../../scenes/pointer';
import type { RandomizationEntry } from '../../../scenes/schema/randomization';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { humanize } from './elements';
import { OUTCOMES } from './outcomes';

const GROUP_NAMES = new Set(['bodies', 'robots', 'lights', 'cameras']);
const VECTOR_KEYS = new Set(['position', 'rotation', 'size', 'gravity', 'target', 'lookAt', 'scale', 'palmSize']);
const AXES = ['x', 'y', 'z'];
const ROTATION_AXES = ['roll', 'pitch', 'yaw'];

/** "/bodies/mug/pose/position/0" -> "mug position x"; "/task/target" -> "task target"; "/bodies/2/physics/mass" -> "<id of body 2> mass". */
export function propertyWords(doc: SceneDoc, pointer: string): string {
  const segments = parsePointer(pointer);
  const words: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const previous = segments[i - 1];
    if (i === 0 && GROUP_NAMES.has(segment)) continue;
    if (i === 1 && previous !== undefined && GROUP_NAMES.has(previous)) {
      const element = getAt(doc, `/${previous}/${segment}`);
      const id = element.ok ? (element.value as { id?: string }).id : undefined;
      words.push(id ?? segment);
      continue;
    }
    if (/^\d+$/.test(segment) && previous !== undefined && VECTOR_KEYS.has(previous)) {
      words.push((previous === 'rotation' ? ROTATION_AXES : AXES)[Number(segment)] ?? segment);
      continue;
    }
    if (['pose', 'physics', 'visual', 'shape', 'dist'].includes(segment)) continue;
    words.push(humanize(segment));
  }
  return words.join(' ');
}

/** The element a pointer varies, in words: "box-a", "task", "scene physics". */
function ownerWords(doc: SceneDoc, pointer: string): string {
  const [group, element] = parsePointer(pointer);
  if (group && element !== undefined && GROUP_NAMES.has(group)) return propertyWords(doc, `/${group}/${element}`);
  return group === 'physics' ? 'scene physics' : (group ?? 'scene');
}

/** A distribution in words: "between 0.2 and 0.9", "around 1 (± 0.1)", "one of mug, cube, ball". */
export function rangeWords(entry: RandomizationEntry): string {
  const d = entry.dist;
  const n = (v: number): string => String(Number(v.toPrecision(4)));
  switch (d.type) {
    case 'uniform':
      return `between ${n(d.min)} and ${n(d.max)}`;
    case 'logUniform':
      return `between ${n(d.min)} and ${n(d.max)} (log scale: small values as likely as large)`;
    case 'normal':
      return `around ${n(d.mean)} (± ${n(d.std)})`;
    case 'choice': {
      const values = d.values.map(String);
      if (values.every((v) => /^#[0-9a-fA-F]{6}$/.test(v))) return `one of ${values.length} colours`;
      return values.length > 6 ? `one of ${values.length} values (${values.slice(0, 3).join(', ')}, …)` : `one of ${values.join(', ')}`;
    }
  }
}

/** Randomized properties sharing one reason. */
export interface RandomizedGroup {
  /** The entries' note ("object placement on the table"), or for entries without one the element they vary ("box-a"). */
  reason: string;
  properties: { words: string; range: string; path: string }[];
}

/** The scene's randomization grouped by reason, in the order reasons first appear. */
export function randomizedInWords(doc: SceneDoc): RandomizedGroup[] {
  const groups = new Map<string, RandomizedGroup>();
  let last: { reason: string; owner: string } | undefined;
  for (const entry of doc.randomization) {
    // An entry without a note shares the reason of the entry before it when both belong to one element (presets note the first of such a run),
    // else it is grouped under the element it varies.
    const owner = parsePointer(entry.path).slice(0, 2).join('/');
    const reason = entry.note ?? (last && last.owner === owner ? last.reason : ownerWords(doc, entry.path));
    last = { reason, owner };
    let group = groups.get(reason);
    if (!group) groups.set(reason, (group = { reason, properties: [] }));
    group.properties.push({ words: propertyWords(doc, entry.path), range: rangeWords(entry), path: entry.path });
  }
  return [...groups.values()];
}

/** One failure reason of a run. */
export interface FailureReason {
  outcome: Outcome;
  label: string;
  explain: string;
  count: number;
  example: { episodeIndex: number; detail: string };
}

/** Failure reasons of `episodes`, most frequent first. */
export function failureReasons(episodes: readonly { episodeIndex: number; success: boolean; outcome: Outcome; detail: string }[]): FailureReason[] {
  const reasons = new Map<Outcome, FailureReason>();
  for (const e of episodes) {
    if (e.success) continue;
    const found = reasons.get(e.outcome);
    if (found) found.count++;
    else reasons.set(e.outcome, { outcome: e.outcome, ...OUTCOMES[e.outcome], count: 1, example: { episodeIndex: e.episodeIndex, detail: e.detail } });
  }
  return [...reasons.values()].sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome));
}
