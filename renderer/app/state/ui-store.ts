/** UI-only state: which view and panel are shown, the selection, gizmo settings, alerts. Never undoable. */
import { create } from 'zustand';

/** The main view: presets, the scene editor, the world model's variations, the Sim2Real report. */
export type View = 'gallery' | 'editor' | 'worldmodel' | 'sim2real';
/** The panel under the viewport: the runner, the episode browser or the export. */
export type Dock = 'run' | 'episodes' | 'export';
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
  dock: Dock;
  /** Canonical JSON pointer of the property whose randomization is being edited, or null. */
  randomizing: string | null;
  /** Whether the educator overlay (what is randomized, why episodes failed) is shown over the viewport. */
  explain: boolean;
  alerts: Alert[];
  actions: {
    show(view: View): void;
    showDock(dock: Dock): void;
    editRandomization(pointer: string | null): void;
    setExplain(explain: boolean): void;
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
  dock: 'run',
  randomizing: null,
  explain: false,
  alerts: [],
  actions: {
    show: (view) => set({ view }),
    select: (selection) => set((s) => ({ selection, randomizing: selection === s.selection ? s.randomizing : null })),
    showDock: (dock) => set({ dock }),
    editRandomization: (randomizing) => set({ randomizing }),
    setExplain: (explain) => set({ explain }),
    setGizmoMode: (gizmoMode) => set({ gizmoMode }),
    setSnap: (snap) => set({ snap }),
    alert: (level, message) => set((s) => ({ alerts: [...s.alerts.filter((a) => a.message !== message), { id: nextAlert++, level, message }].slice(-5) })),
    dismiss: (id) => set((s) => ({ alerts: s.alerts.filter((a) => a.id !== id) })),
  },
}));
