/** UI-only state: which view is shown, the selection, gizmo settings and alerts. Never undoable. */
import { create } from 'zustand';

/** The main view. */
export type View = 'gallery' | 'editor';
/** What the gizmo does to the selected body. */
export type GizmoMode = 'translate' | 'rotate' | 'scale';

/** A message shown in the alert area until dismissed. */
export interface Alert {
  id: number;
  level: 'error' | 'info';
  message: string;
}

/** UI-only state and its actions. */
export interface UiState {
  view: View;
  /** Id of the selected body, robot, light or camera; "scene" for the scene's own settings; null for none. */
  selection: string | null;
  gizmoMode: GizmoMode;
  /** Snap gizmo moves to 1 cm, 15 degrees and 10 % steps. */
  snap: boolean;
  alerts: Alert[];
  actions: {
    show(view: View): void;
    select(id: string | null): void;
    setGizmoMode(mode: GizmoMode): void;
    setSnap(snap: boolean): void;
    alert(level: Alert['level'], message: string): void;
    dismiss(id: number): void;
  };
}

/** Id given to the scene's own settings in the tree and the inspector. */
export const SCENE_NODE = 'scene';

let nextAlert = 1;

/** The UI store. */
export const useUiStore = create<UiState>()((set) => ({
  view: 'gallery',
  selection: null,
  gizmoMode: 'translate',
  snap: true,
  alerts: [],
  actions: {
    show: (view) => set({ view }),
    select: (selection) => set({ selection }),
    setGizmoMode: (gizmoMode) => set({ gizmoMode }),
    setSnap: (snap) => set({ snap }),
    alert: (level, message) => set((s) => ({ alerts: [...s.alerts.filter((a) => a.message !== message), { id: nextAlert++, level, message }].slice(-5) })),
    dismiss: (id) => set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) })),
  },
}));
