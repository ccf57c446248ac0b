/**
 * The randomization editor of one property: its distribution (uniform,
 * normal, log-uniform or a weighted choice), why it is randomized, and a
 * preview of the values episodes 0-199 of the runner's seed will draw.
 * The draft is UI state; Apply makes it one undo step.
 */
import { useMemo, useState } from 'react';
import { getAt } from '../../../scenes/pointer';
import { Distribution, type ChoiceValue, type RandomizationEntry } from '../../../scenes/schema/randomization';
import { propertyWords } from '../model/explain';
import { defaultDistribution, defaultOfType, entryAt, idPointer, previewValues } from '../model/randomize';
import { removeRandomization, setRandomization } from '../randomize-commands';
import { useDocumentStore } from '../state/document-store';
import { useRunStore } from '../state/run-store';
import { useUiStore } from '../state/ui-store';
import { ChoiceBars, NumberHistogram } from './Histogram';

/** Samples shown in the preview. */
const PREVIEW_SAMPLES = 200;
const TYPES = [
  ['uniform', 'uniform', 'Every value between min and max equally likely'],
  ['normal', 'normal', 'Values around the mean; std sets the spread; clamped to min/max (or mean ± 6 std)'],
  ['logUniform', 'log-uniform', 'Uniform in log space: 0.1-1 as likely as 1-10 (masses, frictions, scales)'],
  ['choice', 'choice', 'One of a list of values, optionally weighted'],
] as const;

type Draft = Record<'type' | 'min' | 'max' | 'mean' | 'std' | 'values' | 'weights' | 'note', string>;

function draftOf(dist: Distribution, note: string | undefined): Draft {
  const d = dist as Partial<Record<string, unknown>>;
  const text = (v: unknown): string => (v === undefined ? '' : String(v));
  return {
    type: dist.type,
    min: text(d['min']),
    max: text(d['max']),
    mean: text(d['mean']),
    std: text(d['std']),
    values: dist.type === 'choice' ? dist.values.map(String).join(', ') : '',
    weights: dist.type === 'choice' && dist.weights ? dist.weights.join(', ') : '',
    note: note ?? '',
  };
}

function parseChoice(text: string, like: unknown): ChoiceValue {
  const t = text.trim();
  if (typeof like === 'number') return t === '' ? NaN : Number(t);
  if (typeof like === 'boolean') return t === 'true' ? true : t === 'false' ? false : t;
  return t;
}

/** The draft as a distribution, or the schema's reason it is not one. */
function distributionOf(draft: Draft, current: unknown): { ok: true; dist: Distribution } | { ok: false; reason: string } {
  const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
  const raw =
    draft.type === 'choice'
      ? { type: 'choice', values: draft.values.split(',').map((v) => parseChoice(v, current)), ...(draft.weights.trim() ? { weights: draft.weights.split(',').map(Number) } : {}) }
      : draft.type === 'normal'
        ? { type: 'normal', mean: num(draft.mean), std: num(draft.std), ...(num(draft.min) !== undefined ? { min: num(draft.min) } : {}), ...(num(draft.max) !== undefined ? { max: num(draft.max) } : {}) }
        : { type: draft.type, min: num(draft.min), max: num(draft.max) };
  const parsed = Distribution.safeParse(raw);
  if (parsed.success) return { ok: true, dist: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue?.path.join('.') || 'distribution'}: ${issue?.message ?? 'invalid'}` };
}

/** The editor for the property at canonical pointer `pointer`. */
export function RandomizeEditor({ pointer }: { pointer: string }) {
  const doc = useDocumentStore((s) => s.doc);
  const seed = useRunStore((s) => s.settings.seed);
  const edit = useUiStore((s) => s.actions.editRandomization);
  const existing = doc ? entryAt(doc, pointer) : undefined;
  const at = doc ? getAt(doc, pointer) : undefined;
  const current = at?.ok ? at.value : undefined;
  const [draft, setDraft] = useState<Draft>(() => draftOf(existing?.entry.dist ?? defaultDistribution(current), existing?.entry.note));
  const path = existing?.entry.path ?? (doc ? idPointer(doc, pointer) : pointer);
  const parsed = distributionOf(draft, current);
  const entry: RandomizationEntry | undefined = parsed.ok ? { path, dist: parsed.dist, ...(draft.note.trim() ? { note: draft.note.trim() } : {}) } : undefined;
  const key = entry ? JSON.stringify(entry) : '';
  const samples = useMemo(() => (key ? previewValues(JSON.parse(key) as RandomizationEntry, seed, PREVIEW_SAMPLES) : []), [key, seed]);
  if (!doc || !at?.ok) return null;
  const numeric = typeof current === 'number';
  const parentPointer = pointer.slice(0, pointer.lastIndexOf('/'));
  const parent = getAt(doc, parentPointer);
  const components = parent.ok && Array.isArray(parent.value) && parent.value.length <= 4 && parent.value.every((v) => typeof v === 'number') ? parent.value.length : 0;
  const axisNames = pointer.includes('/rotation/') ? ['roll', 'pitch', 'yaw'] : ['x', 'y', 'z', 'w'];
  const field = (key: keyof Draft, label: string, tip: string) => (
    <label className="rand-field" title={tip}>
      <span>{label}</span>
      <input className="field" type="text" inputMode="decimal" aria-label={`Randomization ${label}`} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );
  return (
    <section className="section randomize" data-pointer={pointer} aria-label="Randomization editor">
      <h3>
        Randomize <span className="words">{propertyWords(doc, pointer)}</span>
        <button type="button" className="dismiss" aria-label="Close the randomization editor" title="Close (the draft is dropped)" onClick={() => edit(null)}>
          ×
        </button>
      </h3>
      <p className="hint">
        <code>{path}</code> · now {String(current)}
        {existing ? ' · randomized' : ' · fixed in every episode'}
      </p>
      {components > 0 && (
        <div className="rand-components" role="radiogroup" aria-label="Component">
          {Array.from({ length: components }, (_, i) => {
            const target = `${parentPointer}/${i}`;
            const randomizedComponent = entryAt(doc, target) !== undefined;
            return (
              <button key={i} type="button" role="radio" aria-checked={target === pointer} className={target === pointer ? 'active' : ''} title={`Edit the randomization of ${axisNames[i]}${randomizedComponent ? ' (randomized)' : ''}`} onClick={() => edit(target)}>
                {axisNames[i]}
                {randomizedComponent ? ' •' : ''}
              </button>
            );
          })}
        </div>
      )}
      <div className="rand-types" role="radiogroup" aria-label="Distribution">
        {TYPES.filter(([type]) => numeric || type === 'choice').map(([type, label, tip]) => (
          <button key={type} type="button" role="radio" data-type={type} aria-checked={draft.type === type} className={draft.type === type ? 'active' : ''} title={tip} onClick={() => setDraft(draftOf(defaultOfType(type, current), draft.note))}>
            {label}
          </button>
        ))}
      </div>
      <div className="rand-fields">
        {(draft.type === 'uniform' || draft.type === 'logUniform') && (
          <>
            {field('min', 'min', 'Smallest value drawn')}
            {field('max', 'max', 'Largest value drawn')}
          </>
        )}
        {draft.type === 'normal' && (
          <>
            {field('mean', 'mean', 'Centre of the distribution')}
            {field('std', 'std', 'Standard deviation (spread)')}
            {field('min', 'min', 'Optional lower clamp')}
            {field('max', 'max', 'Optional upper clamp')}
          </>
        )}
        {draft.type === 'choice' && (
          <>
            {field('values', 'values', 'Comma-separated values, e.g. 0.5, 1, 2')}
            {field('weights', 'weights', 'Optional comma-separated weights, one per value')}
          </>
        )}
        {field('note', 'why', 'Why this is randomized, in plain words (shown to users and in the educator overlay)')}
      </div>
      {!parsed.ok ? (
        <p className="rand-error" role="status">{parsed.reason}</p>
      ) : (
        <div className="rand-preview">
          <p className="hint">Episodes 0–{PREVIEW_SAMPLES - 1} of seed {seed} will draw:</p>
          {entry?.dist.type === 'choice' ? (
            <ChoiceBars values={samples} choices={entry.dist.values} label="Sampled values" />
          ) : (
            <NumberHistogram values={samples as number[]} label="Sampled values" />
          )}
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={!entry} title="Randomize this property with this distribution (one undo step)" onClick={() => entry && setRandomization(pointer, entry) && edit(null)}>
          Apply
        </button>
        {existing && (
          <button type="button" className="danger" title="Use the document's value in every episode again" onClick={() => { removeRandomization(pointer); edit(null); }}>
            Remove randomization
          </button>
        )}
      </div>
    </section>
  );
}
