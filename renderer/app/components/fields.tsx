/**
 * Inspector inputs. Text and number fields keep a draft while typing and
 * commit on Enter or when focus leaves (one undo step per commit); Escape
 * puts the document's value back. Each reports a committed value only.
 */
import { useLayoutEffect, useState, type KeyboardEvent } from 'react';

interface FieldProps<T> {
  value: T;
  label: string;
  onCommit: (value: T) => void;
  readOnly?: boolean;
}

function useDraft(value: string): [string, (v: string) => void, () => void] {
  const [draft, setDraft] = useState(value);
  useLayoutEffect(() => setDraft(value), [value]);
  return [draft, setDraft, () => setDraft(value)];
}

function keys(commit: () => void, revert: () => void) {
  return (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') {
      revert();
      event.currentTarget.blur();
      event.stopPropagation();
    }
  };
}

/** A number as the inspector shows it: at most 12 significant digits, so float noise (0.43000000000000005) reads as 0.43. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** A number; a draft that is not a finite number is put back, and an untouched one commits nothing. */
export function NumberField({ value, label, onCommit, readOnly }: FieldProps<number>) {
  const shown = formatNumber(value);
  const [draft, setDraft, revert] = useDraft(shown);
  const commit = (): void => {
    const parsed = Number(draft);
    // Show the document's value again: an accepted commit replaces it, a refused one leaves it.
    revert();
    if (draft !== shown && draft.trim() !== '' && Number.isFinite(parsed)) onCommit(parsed);
  };
  return (
    <input
      className="field number"
      type="number"
      step="any"
      aria-label={label}
      value={draft}
      readOnly={readOnly}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={keys(commit, revert)}
    />
  );
}

/** A line of text. */
export function TextField({ value, label, onCommit, readOnly }: FieldProps<string>) {
  const [draft, setDraft, revert] = useDraft(value);
  const commit = (): void => {
    revert();
    if (draft !== value) onCommit(draft);
  };
  return (
    <input
      className="field text"
      type="text"
      aria-label={label}
      value={draft}
      readOnly={readOnly}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={keys(commit, revert)}
    />
  );
}

/** An sRGB colour "#rrggbb": a swatch picker and its hex text. */
export function ColorField({ value, label, onCommit }: FieldProps<string>) {
  return (
    <span className="color-field">
      <input className="swatch" type="color" aria-label={`${label} swatch`} value={value.toLowerCase()} onChange={(e) => onCommit(e.target.value)} />
      <TextField value={value} label={label} onCommit={onCommit} />
    </span>
  );
}

/** A checkbox. */
export function BoolField({ value, label, onCommit }: FieldProps<boolean>) {
  return <input className="field bool" type="checkbox" aria-label={label} checked={value} onChange={(e) => onCommit(e.target.checked)} />;
}

/** One of a fixed set of strings. */
export function SelectField({ value, label, onCommit, options }: FieldProps<string> & { options: readonly string[] }) {
  return (
    <select className="field select" aria-label={label} value={value} onChange={(e) => onCommit(e.target.value)}>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

const AXES = ['x', 'y', 'z', 'w'];

/** A short numeric vector ([x, y, z]); each component commits alone. */
export function VectorField({ value, label, onCommit, names = AXES }: FieldProps<number[]> & { names?: readonly string[] }) {
  return (
    <span className="vector-field">
      {value.map((component, i) => (
        <label key={i} className="component">
          <span className="axis">{names[i] ?? String(i)}</span>
          <NumberField value={component} label={`${label} ${names[i] ?? i}`} onCommit={(v) => onCommit(value.map((c, k) => (k === i ? v : c)))} />
        </label>
      ))}
    </span>
  );
}
