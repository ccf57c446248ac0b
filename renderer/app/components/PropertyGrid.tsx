/**
 * A generic editor for any part of the scene document: one row per
 * property, chosen by the value's type and the schema (enums become
 * drop-downs, literals are shown, colours get a picker); tooltips and
 * units come from the schema's descriptions, and randomized properties
 * carry a badge describing their distribution.
 */
import type { ReactNode } from 'react';
import type { Path } from '../../../scenes/diff';
import { formatPointer } from '../../../scenes/pointer';
import type { RandomizationEntry } from '../../../scenes/schema/randomization';
import { humanize } from '../model/elements';
import { fieldInfo } from '../model/schema-info';
import { unitOf } from '../model/units';
import { BoolField, ColorField, NumberField, SelectField, TextField, VectorField } from './fields';

/** What every row of a grid needs: the document, its randomized properties, and how to commit a value. */
export interface GridContext {
  doc: unknown;
  /** Randomization entries by the canonical pointer of the property they draw. */
  randomized: ReadonlyMap<string, RandomizationEntry>;
  commit(path: Path, value: unknown, label: string): void;
  /** Opens the randomization editor of the property at a canonical pointer. */
  randomize(pointer: string): void;
  /** The pointer whose randomization is being edited, if any. */
  randomizing: string | null;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** "uniform 0.2 … 0.9", "normal μ 1 σ 0.1", "one of 3 values". */
export function describeDistribution(entry: RandomizationEntry): string {
  const d = entry.dist;
  const text =
    d.type === 'uniform'
      ? `uniform ${d.min} … ${d.max}`
      : d.type === 'logUniform'
        ? `log-uniform ${d.min} … ${d.max}`
        : d.type === 'normal'
          ? `normal μ ${d.mean} σ ${d.std}${d.min !== undefined || d.max !== undefined ? ` clamped to ${d.min ?? '-∞'} … ${d.max ?? '∞'}` : ''}`
          : `one of ${d.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return entry.note ? `${text} — ${entry.note}` : text;
}

function Badge({ entry }: { entry: RandomizationEntry | undefined }) {
  if (!entry) return null;
  return (
    <span className="badge random" title={`Randomized per episode: ${describeDistribution(entry)}`}>
      random
    </span>
  );
}

/** The ⚄ button that opens the randomization editor of a property (component 0 of a vector). */
function RandomizeButton({ pointer, value, label, ctx }: { pointer: string; value: unknown; label: string; ctx: GridContext }) {
  const target = Array.isArray(value) ? `${pointer}/0` : pointer;
  const open = ctx.randomizing !== null && (ctx.randomizing === pointer || ctx.randomizing.startsWith(`${pointer}/`));
  return (
    <button type="button" className={`randomize-button${open ? ' active' : ''}`} aria-label={`Randomize ${label}`} title={`Randomize ${label} per episode: set a range and preview the values episodes draw`} onClick={() => ctx.randomize(target)}>
      ⚄
    </button>
  );
}

/** Properties that name or label things rather than vary them: no ⚄ (ids, references, semantic labels). */
const NOT_RANDOMIZED = new Set(['id', 'attachTo', 'robot', 'semantic', 'channels']);

function randomizable(value: unknown, path: Path, ctx: GridContext): boolean {
  if (path.some((segment) => NOT_RANDOMIZED.has(String(segment))) || fieldInfo(ctx.doc, path).fixed) return false;
  if (Array.isArray(value)) return value.length <= 4 && value.every((v) => typeof v === 'number');
  return ['number', 'string', 'boolean'].includes(typeof value);
}

function editor(value: unknown, path: Path, label: string, ctx: GridContext): ReactNode {
  const info = fieldInfo(ctx.doc, path);
  const commit = (v: unknown): void => ctx.commit(path, v, label);
  const key = path.at(-1);
  if (key === 'id' || info.fixed) return <span className="fixed">{String(value)}</span>;
  if (typeof value === 'number') return <NumberField value={value} label={label} onCommit={commit} />;
  if (typeof value === 'boolean') return <BoolField value={value} label={label} onCommit={commit} />;
  if (typeof value === 'string') {
    if (info.options) return <SelectField value={value} label={label} options={info.options} onCommit={commit} />;
    if (COLOR.test(value)) return <ColorField value={value} label={label} onCommit={commit} />;
    return <TextField value={value} label={label} onCommit={commit} />;
  }
  if (Array.isArray(value) && value.length <= 4 && value.every((v) => typeof v === 'number')) {
    return <VectorField value={value as number[]} label={label} onCommit={commit} />;
  }
  if (Array.isArray(value)) return <span className="fixed">{value.map((v) => (typeof v === 'object' ? '…' : String(v))).join(', ')}</span>;
  return null;
}

/** Rows for every property of `value` (an object) at `path`; nested objects become indented groups. */
export function PropertyGrid({ value, path, ctx }: { value: Record<string, unknown>; path: Path; ctx: GridContext }) {
  return (
    <div className="grid">
      {Object.entries(value).map(([key, v]) => {
        const childPath = [...path, key];
        const label = humanize(key);
        const info = fieldInfo(ctx.doc, childPath);
        const isGroup = typeof v === 'object' && v !== null && !Array.isArray(v);
        if (isGroup) {
          return (
            <div key={key} className="group">
              <div className="group-title" title={info.description}>
                {label}
              </div>
              <PropertyGrid value={v as Record<string, unknown>} path={childPath} ctx={ctx} />
            </div>
          );
        }
        const pointer = formatPointer(childPath);
        const unit = unitOf(info.description);
        const randomized = ctx.randomized.get(pointer);
        const components = Array.isArray(v) ? v.map((_, i) => ctx.randomized.get(`${pointer}/${i}`)).find((e) => e) : undefined;
        const wide = Array.isArray(v) && v.length > 1;
        return (
          <div key={key} className={wide ? 'row wide' : 'row'} data-pointer={pointer}>
            <span className="label" title={info.description ?? label}>
              {label}
              {unit && <span className="unit"> {unit}</span>}
            </span>
            <span className="value">
              {editor(v, childPath, label, ctx)}
              <Badge entry={randomized ?? components} />
              {randomizable(v, childPath, ctx) && <RandomizeButton pointer={pointer} value={v} label={label} ctx={ctx} />}
            </span>
          </div>
        );
      })}
    </div>
  );
}
