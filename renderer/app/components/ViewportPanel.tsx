/**
 * The 3D viewport in React: owns one Viewport (viewport/viewport.ts),
 * feeds it the document, the selection and the gizmo settings, and turns
 * its gestures into history marks: mark on pointer-down, changes while
 * dragging, squash on pointer-up, bail on Escape. While the playback store
 * holds a clip (physics preview or a replayed episode) it shows that clip.
 */
import { useEffect, useRef } from 'react';
import type { Pose } from '../../../scenes/schema/primitives';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { scaleShape } from '../viewport/pose';
import { marksBounds } from '../model/episode-marks';
import { setActiveViewport } from '../viewport/active';
import { Playback } from '../viewport/playback';
import { Viewport } from '../viewport/viewport';
import { useAssetStore } from '../state/asset-store';
import { useDocumentStore } from '../state/document-store';
import { usePlaybackStore } from '../state/playback-store';
import { useUiStore } from '../state/ui-store';
import { ExplainOverlay } from './ExplainOverlay';
import { PlaybackBar } from './PlaybackBar';

function bodyOf(draft: SceneDoc, id: string) {
  const body = draft.bodies.find((b) => b.id === id);
  if (!body) throw new Error(`no body "${id}"`);
  return body;
}

/** The viewport panel. */
export function ViewportPanel() {
  const container = useRef<HTMLDivElement>(null);
  const viewport = useRef<Viewport | null>(null);
  const doc = useDocumentStore((s) => s.doc);
  const session = useDocumentStore((s) => s.session);
  const meshes = useAssetStore((s) => s.meshes);
  const selection = useUiStore((s) => s.selection);
  const gizmoMode = useUiStore((s) => s.gizmoMode);
  const snap = useUiStore((s) => s.snap);
  const clip = usePlaybackStore((s) => s.clip);
  const frame = usePlaybackStore((s) => s.frame);
  const playback = useRef<Playback | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let mark = '';
    const docs = useDocumentStore.getState().actions;
    const ui = useUiStore.getState().actions;
    const report = (result: { ok: boolean; reason?: string }): void => {
      if (!result.ok && result.reason) ui.alert('error', result.reason);
    };
    const instance = new Viewport(element, {
      pick: (id) => ui.select(id),
      gestureStart: (id, mode) => {
        mark = docs.beginGesture(`${mode === 'translate' ? 'move' : mode} ${id}`);
      },
      gestureMove: (id, pose: Pose) => report(docs.gestureChange((d) => void (bodyOf(d, id).pose = pose))),
      gestureEnd: (id, scale) => {
        if (scale) report(docs.gestureChange((d) => void (bodyOf(d, id).shape = scaleShape(bodyOf(d, id).shape, scale))));
        docs.endGesture(mark);
      },
      gestureCancel: () => docs.cancelGesture(mark),
      failed: (message) => ui.alert('error', message),
    });
    viewport.current = instance;
    setActiveViewport(instance);
    // Tests locate objects on screen through the element.
    (element as HTMLDivElement & { studioViewport?: Viewport }).studioViewport = instance;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && instance.cancelGesture()) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      setActiveViewport(null);
      instance.dispose();
      viewport.current = null;
    };
  }, []);

  // A preview of an older document, or any clip of another opened scene, is stale.
  useEffect(() => {
    const { clip: shown, actions } = usePlaybackStore.getState();
    if (shown?.kind === 'preview' && shown.source !== doc) actions.reset();
  }, [doc]);
  useEffect(() => () => usePlaybackStore.getState().actions.reset(), [session]);

  useEffect(() => {
    const instance = viewport.current;
    if (!instance) return;
    let made: Playback | null = null;
    if (clip) {
      try {
        made = new Playback(clip.scene, meshes, clip.record.poses ?? null, clip.marks);
        made.setFrame(usePlaybackStore.getState().frame);
      } catch (error) {
        useUiStore.getState().actions.alert('error', `The viewport cannot replay episode ${clip.episodeIndex}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    playback.current = made;
    instance.setPlayback(made);
    // A replayed episode: look at where it happens (the robot's and the object's paths). The preview keeps the editor's view.
    const bounds = clip?.kind === 'episode' && made ? marksBounds(clip.marks) : null;
    if (bounds) instance.focusOn(bounds.center, bounds.radius);
    return () => {
      instance.setPlayback(null);
      made?.dispose();
      playback.current = null;
    };
  }, [clip, meshes]);

  useEffect(() => {
    playback.current?.setFrame(frame);
    viewport.current?.requestRender();
  }, [frame]);

  useEffect(() => viewport.current?.setScene(doc, meshes, session), [doc, meshes, session]);
  useEffect(() => viewport.current?.setSelection(selection), [selection, doc]);
  useEffect(() => viewport.current?.setGizmo(gizmoMode, snap), [gizmoMode, snap]);

  return (
    <div className="viewport" ref={container} aria-label="3D viewport" data-playback={clip ? clip.kind : 'none'}>
      <PlaybackBar />
      <ExplainOverlay />
      <div className="viewport-hint">{clip ? 'Left-drag: orbit · Right-drag: pan · Wheel: zoom · Reset (⟲) returns to the document' : 'Left-drag: orbit · Right-drag: pan · Wheel: zoom · W/E/R: move/rotate/scale · Del: delete'}</div>
    </div>
  );
}
