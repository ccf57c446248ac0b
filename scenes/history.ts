/**
 * The undo/redo history of a document, as diffs with named marks (after
 * tldraw's HistoryManager). Every change goes through `run(fn)`, which
 * records the leaf-level diff it made. A mark is a stop: `undo()` reverts
 * back to the most recent mark, `redo()` re-applies up to the next one.
 * A gesture marks on pointer-down, runs many changes while it moves,
 * squashes them into one diff on pointer-up (`squashToMark`) or reverts
 * them on Escape (`bailToMark`). Pure TypeScript: no DOM, no framework.
 */
import { applyDiff, diffValues, squashDiffs, type Diff } from './diff';

/** The diff types, re-exported for users of the history. */
export type { Change, Diff, Path } from './diff';

/** The outcome of `run`: the recorded diff, or why the change was refused. */
export type RunResult = { ok: true; diff: Diff } | { ok: false; reason: string };

/** Options of a History. */
export interface HistoryOptions<T> {
  /** Refuses a changed document with a one-line reason; `undefined` accepts it. */
  check?: (next: T) => string | undefined;
}

type Entry = { kind: 'diff'; diff: Diff } | { kind: 'mark'; id: string; name: string };

/** A document with an undo stack and a redo stack of diffs and marks. */
export class History<T extends object> {
  private current: T;
  private undos: Entry[] = [];
  private redos: Entry[] = [];
  private marks = 0;

  constructor(
    doc: T,
    private readonly options: HistoryOptions<T> = {},
  ) {
    this.current = doc;
  }

  /** The current document. Treat it as immutable: change it only through `run`. */
  get doc(): T {
    return this.current;
  }

  /**
   * Applies `fn` to a deep copy of the document and records what changed.
   * A refused change (see `HistoryOptions.check`) leaves the document and
   * both stacks untouched. A change that changes nothing records nothing.
   * Any recorded change clears the redo stack.
   */
  run(fn: (draft: T) => void): RunResult {
    const draft = structuredClone(this.current);
    fn(draft);
    const diff = diffValues(this.current, draft);
    if (diff.length === 0) return { ok: true, diff };
    const next = applyDiff(this.current, diff, 'after');
    const reason = this.options.check?.(next);
    if (reason !== undefined) return { ok: false, reason };
    this.current = next;
    this.undos.push({ kind: 'diff', diff });
    this.redos = [];
    return { ok: true, diff };
  }

  /** Pushes a stop named `name` (shown as "Undo <name>") and returns its unique id. */
  mark(name = 'change'): string {
    const id = `${name}#${++this.marks}`;
    this.undos.push({ kind: 'mark', id, name });
    return id;
  }

  /** Whether `undo()` would change the document. */
  get canUndo(): boolean {
    return this.undos.some((e) => e.kind === 'diff');
  }

  /** Whether `redo()` would change the document. */
  get canRedo(): boolean {
    return this.redos.some((e) => e.kind === 'diff');
  }

  /** Name of the mark that `undo()` would go back to (undefined without one). */
  get undoName(): string | undefined {
    return this.stepName(this.undos, true);
  }

  /** Name of the mark that `redo()` would replay. */
  get redoName(): string | undefined {
    return this.stepName(this.redos, false);
  }

  private stepName(stack: Entry[], skipLeadingMarks: boolean): string | undefined {
    let seenDiff = false;
    for (let i = stack.length - 1; i >= 0; i--) {
      const e = stack[i] as Entry;
      if (e.kind === 'diff') seenDiff = true;
      else if (seenDiff || !skipLeadingMarks) return e.name;
    }
    return undefined;
  }

  /** Reverts every diff back to the most recent mark that has diffs after it. Returns false when there is nothing to undo. */
  undo(): boolean {
    if (!this.canUndo) return false;
    while (this.undos.at(-1)?.kind === 'mark') this.undos.pop();
    while (this.undos.length > 0) {
      const entry = this.undos.pop() as Entry;
      this.redos.push(entry);
      if (entry.kind === 'mark') break;
      this.current = applyDiff(this.current, entry.diff, 'before');
    }
    return true;
  }

  /** Re-applies the step that the last `undo()` reverted. Returns false when there is nothing to redo. */
  redo(): boolean {
    if (!this.canRedo) return false;
    let applied = false;
    while (this.redos.length > 0) {
      const entry = this.redos.at(-1) as Entry;
      if (entry.kind === 'mark' && applied) break;
      this.redos.pop();
      this.undos.push(entry);
      if (entry.kind === 'diff') {
        this.current = applyDiff(this.current, entry.diff, 'after');
        applied = true;
      }
    }
    return true;
  }

  /** Reverts and discards every diff since the most recent mark, and that mark; nothing can be redone from it. Returns false (and does nothing) without a mark. */
  bail(): boolean {
    const index = this.undos.findLastIndex((e) => e.kind === 'mark');
    if (index < 0) return false;
    this.revertTo(index);
    return true;
  }

  /** Reverts and discards every diff since mark `id`, and the mark. Returns false (and does nothing) when no such mark is on the stack. */
  bailToMark(id: string): boolean {
    const index = this.markIndex(id);
    if (index < 0) return false;
    this.revertTo(index);
    return true;
  }

  /** Merges every diff since mark `id` into one, so the gesture undoes in one step. Returns false when no such mark is on the stack. */
  squashToMark(id: string): boolean {
    const index = this.markIndex(id);
    if (index < 0) return false;
    const diffs = this.undos.slice(index + 1).flatMap((e) => (e.kind === 'diff' ? [e.diff] : []));
    const squashed = squashDiffs(diffs);
    this.undos.length = index + 1;
    if (squashed.length > 0) this.undos.push({ kind: 'diff', diff: squashed });
    return true;
  }

  /** Forgets both stacks (after loading another document, for instance) and makes `doc` current. */
  reset(doc: T): void {
    this.current = doc;
    this.undos = [];
    this.redos = [];
  }

  private markIndex(id: string): number {
    return this.undos.findLastIndex((e) => e.kind === 'mark' && e.id === id);
  }

  /** Reverts the entries above the mark at `index` and drops them with the mark. */
  private revertTo(index: number): void {
    while (this.undos.length > index) {
      const entry = this.undos.pop() as Entry;
      if (entry.kind === 'diff') this.current = applyDiff(this.current, entry.diff, 'before');
    }
  }
}
