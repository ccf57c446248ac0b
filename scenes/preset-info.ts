/** What a preset gallery shows about a scene file, read without validating the whole document. */

/** A gallery card's facts about one preset. */
export interface PresetInfo {
  /** File name without `.json`, e.g. "tabletop-grasp". */
  name: string;
  /** The scene's own name, e.g. "Tabletop grasp". */
  title: string;
  description: string;
  task: 'grasp' | 'navigation';
  /** How many properties are randomized per episode. */
  randomized: number;
  /** The distinct notes of the randomization entries ("why this is randomized"). */
  notes: string[];
}

/** Reads a preset's facts; returns undefined when the text is not a scene-shaped JSON object. */
export function presetInfo(name: string, text: string): PresetInfo | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const doc = raw as { name?: unknown; description?: unknown; task?: { type?: unknown }; randomization?: unknown };
  const task = doc.task?.type;
  if (typeof doc.name !== 'string' || (task !== 'grasp' && task !== 'navigation')) return undefined;
  const entries = Array.isArray(doc.randomization) ? (doc.randomization as { note?: unknown }[]) : [];
  const notes = [...new Set(entries.flatMap((e) => (typeof e?.note === 'string' ? [e.note] : [])))];
  return {
    name,
    title: doc.name,
    description: typeof doc.description === 'string' ? doc.description : '',
    task,
    randomized: entries.length,
    notes,
  };
}
