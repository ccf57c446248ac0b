/**
 * The document store: the open scene and its undo history. Every change
 * goes through the history (scenes/history.ts); a change that would make
 * the document invalid is refused with the schema's one-line reason.
 * Selection, camera and other UI state live elsewhere (ui-store.ts).
 */
import { create } from 'zustand';
import { History, type RunResult } from '../../../scenes/history';
import { formatProblem, problemFromIssue } from '../../../scenes/problems';
import { SceneDoc } from '../../../scenes/schema/scene';

/** The open document and what its history allows. */
export interface DocumentState {
  /** The open scene, or null before one is opened. */
  doc: SceneDoc | null;
  /** The scene's file name ("tabletop-grasp.json"), for messages and saving. */
  fileName: string;
  /** Increases each time a document is opened (views reset their camera on a new one). */
  session: number;
  canUndo: boolean;
  canRedo: boolean;
  undoName: string | undefined;
  redoName: string | undefined;
  actions: DocumentActions;
}

/** Every way the document changes. */
export interface DocumentActions {
  /** Makes `doc` the open scene with an empty history. */
  open(doc: SceneDoc, fileName: string): void;
  /** One undoable command: marks `name`, then applies `fn`. A refused change leaves no trace. */
  change(name: string, fn: (draft: SceneDoc) => void): RunResult;
  /** Starts a gesture (pointer-down): returns its mark. */
  beginGesture(name: string): string;
  /** A change inside a gesture (pointer-move). */
  gestureChange(fn: (draft: SceneDoc) => void): RunResult;
  /** Ends a gesture (pointer-up): its changes become one undo step. */
  endGesture(mark: string): void;
  /** Cancels a gesture (Escape): its changes are reverted. */
  cancelGesture(mark: string): void;
  undo(): void;
  redo(): void;
}

let history: History<SceneDoc> | null = null;
/** The mark of the gesture in progress: undo and redo wait until it ends. */
let gesture: string | null = null;

function check(fileName: () => string) {
  return (next: SceneDoc): string | undefined => {
    const parsed = SceneDoc.safeParse(next);
    if (parsed.success) return undefined;
    const issues = parsed.error.issues;
    return formatProblem(problemFromIssue(issues[0]!, next, fileName(), issues.length - 1));
  };
}

/** The document store. */
export const useDocumentStore = create<DocumentState>()((set, get) => {
  const publish = (): void => {
    if (!history) return;
    set({ doc: history.doc, canUndo: history.canUndo, canRedo: history.canRedo, undoName: history.undoName, redoName: history.redoName });
  };
  const withHistory = <T>(fn: (h: History<SceneDoc>) => T, fallback: T): T => {
    if (!history) return fallback;
    const result = fn(history);
    publish();
    return result;
  };
  const closed: RunResult = { ok: false, reason: 'no scene is open' };
  return {
    doc: null,
    fileName: 'scene.json',
    session: 0,
    canUndo: false,
    canRedo: false,
    undoName: undefined,
    redoName: undefined,
    actions: {
      open(doc, fileName) {
        gesture = null;
        history = new History(doc, { check: check(() => get().fileName) });
        set((s) => ({ fileName, session: s.session + 1 }));
        publish();
      },
      change(name, fn) {
        return withHistory((h) => {
          const mark = h.mark(name);
          const result = h.run(fn);
          if (!result.ok || result.diff.length === 0) h.bailToMark(mark);
          return result;
        }, closed);
      },
      beginGesture: (name) => withHistory((h) => (gesture = h.mark(name)), ''),
      gestureChange: (fn) => withHistory((h) => h.run(fn), closed),
      endGesture(mark) {
        gesture = null;
        withHistory((h) => void h.squashToMark(mark), undefined);
      },
      cancelGesture(mark) {
        gesture = null;
        withHistory((h) => void h.bailToMark(mark), undefined);
      },
      undo: () => withHistory((h) => void (gesture === null && h.undo()), undefined),
      redo: () => withHistory((h) => void (gesture === null && h.redo()), undefined),
    },
  };
});
