/**
 * The editor's 3D viewport: the document's SceneView (the one scene
 * builder, renderer/scene3d) drawn with an orbit camera (Z up), a floor
 * grid, a highlight box around the selection and a move/rotate/scale gizmo
 * for bodies. It renders on demand and reports clicks and gizmo gestures
 * through callbacks; it never writes to the document itself.
 */
import { Box3, Box3Helper, Color, type GridHelper, NoToneMapping, PCFShadowMap, PerspectiveCamera, Scene, SRGBColorSpace, Vector3, WebGLRenderer, type Mesh } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { TransformControls } from 'three/examples/jsm/controls/TransformControls.js';
import type { Pose } from '../../../scenes/schema/primitives';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { quatFromEulerDeg } from '../../../workers/physics/math';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { SceneView } from '../../scene3d';
import type { GizmoMode } from '../state/ui-store';
import { cameraStart, floorGrid } from './framing';
import { instanceScreenPoint, pickInstance, projectToClient } from './picking';
import { poseOf } from './pose';
import type { Playback } from './playback';
import { movedBodies } from './scene-diff';

/** What the viewport reports. Gesture callbacks concern bodies only. */
export interface ViewportCallbacks {
  /** A click: the body or robot id under the pointer, or null for empty space. */
  pick(id: string | null): void;
  gestureStart(id: string, mode: GizmoMode): void;
  /** A move or rotation step: the body's new pose. */
  gestureMove(id: string, pose: Pose): void;
  /** The gesture ended; `scale` holds the per-axis factors of a scale gesture. */
  gestureEnd(id: string, scale: [number, number, number] | undefined): void;
  gestureCancel(id: string): void;
  /** The document could not be drawn (e.g. an asset texture that is not loaded). */
  failed(message: string): void;
}

const HIGHLIGHT = new Color('#ff9f1c');
/** Gizmo snapping: metres, radians, scale factor. */
const SNAP = { translate: 0.01, rotate: (15 * Math.PI) / 180, scale: 0.1 };
/** Pointer travel below which a press counts as a click, CSS pixels. */
const CLICK_SLOP = 4;

/** The viewport controller; one per viewport element. */
export class Viewport {
  private readonly renderer: WebGLRenderer;
  private readonly camera = new PerspectiveCamera(50, 1, 0.01, 100);
  private readonly orbit: OrbitControls;
  private readonly gizmo: TransformControls;
  private readonly overlay = new Scene();
  private readonly highlight = new Box3Helper(new Box3(), HIGHLIGHT);
  private grid: GridHelper | null = null;
  private view: SceneView | null = null;
  private playback: Playback | null = null;
  /** The camera before a replay focused it; put back when the replay ends. */
  private viewBeforeFocus: { position: Vector3; target: Vector3 } | null = null;
  private doc: SceneDoc | null = null;
  private session = -1;
  private selection: string | null = null;
  private dragging: { id: string; cancelled: boolean } | null = null;
  private frameRequest = 0;
  private pressAt: { x: number; y: number; onGizmo: boolean } | null = null;
  private readonly resizer: ResizeObserver;

  constructor(
    private readonly container: HTMLElement,
    private readonly callbacks: ViewportCallbacks,
  ) {
    const r = new WebGLRenderer({ antialias: true });
    r.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    r.outputColorSpace = SRGBColorSpace;
    r.toneMapping = NoToneMapping;
    r.shadowMap.enabled = true;
    r.shadowMap.type = PCFShadowMap;
    r.autoClear = false;
    r.domElement.className = 'viewport-canvas';
    container.appendChild(r.domElement);
    this.renderer = r;
    this.camera.up.set(0, 0, 1);
    this.orbit = new OrbitControls(this.camera, r.domElement);
    this.orbit.enableDamping = false;
    this.orbit.addEventListener('change', () => this.requestRender());
    this.gizmo = this.createGizmo();
    this.highlight.visible = false;
    this.overlay.add(this.highlight, this.gizmo.getHelper());
    r.domElement.addEventListener('pointerdown', this.onPointerDown);
    r.domElement.addEventListener('pointerup', this.onPointerUp);
    this.resizer = new ResizeObserver(() => this.resize());
    this.resizer.observe(container);
    this.resize();
  }

  private createGizmo(): TransformControls {
    const gizmo = new TransformControls(this.camera, this.renderer.domElement);
    gizmo.setSize(0.9);
    gizmo.addEventListener('change', () => this.requestRender());
    gizmo.addEventListener('dragging-changed', (event) => {
      this.orbit.enabled = !event.value;
      if (!event.value && this.dragging?.cancelled) {
        this.dragging = null;
        this.attachGizmo();
      }
    });
    gizmo.addEventListener('mouseDown', () => {
      if (!this.selection || !gizmo.object) return;
      this.dragging = { id: this.selection, cancelled: false };
      this.callbacks.gestureStart(this.selection, gizmo.getMode());
    });
    gizmo.addEventListener('objectChange', () => {
      const drag = this.dragging;
      if (!drag || drag.cancelled || !gizmo.object) return;
      if (gizmo.getMode() !== 'scale') this.callbacks.gestureMove(drag.id, poseOf(gizmo.object));
      else this.updateHighlight();
    });
    gizmo.addEventListener('mouseUp', () => {
      const drag = this.dragging;
      const object = gizmo.object;
      this.dragging = null;
      if (!drag || drag.cancelled || !object) return;
      const scale = gizmo.getMode() === 'scale' ? ([object.scale.x, object.scale.y, object.scale.z] as [number, number, number]) : undefined;
      this.callbacks.gestureEnd(drag.id, scale);
    });
    return gizmo;
  }

  /** Shows `doc`; `session` changes when another document is opened (the camera is then framed on it). */
  setScene(doc: SceneDoc | null, meshes: MeshLibrary, session: number): void {
    if (doc === this.doc && session === this.session) return;
    const moved = this.view && this.doc && doc && session === this.session ? movedBodies(this.doc, doc) : undefined;
    this.doc = doc;
    if (moved && this.view) {
      for (const body of moved) {
        const item = this.view.items.get(body.id);
        if (!item) continue;
        item.home = { p: [...body.pose.position], q: quatFromEulerDeg(body.pose.rotation) };
      }
      this.view.resetPoses();
    } else {
      this.rebuild(doc, meshes);
    }
    if (session !== this.session) {
      this.session = session;
      this.frameAll();
    }
    this.attachGizmo();
    this.updateHighlight();
    this.requestRender();
  }

  private rebuild(doc: SceneDoc | null, meshes: MeshLibrary): void {
    this.gizmo.detach();
    this.view?.dispose();
    this.view = null;
    if (!doc) return;
    try {
      this.view = new SceneView(doc, meshes);
    } catch (error) {
      this.callbacks.failed(`The viewport cannot draw this scene: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Highlights and attaches the gizmo to `id` (gizmo for bodies only). */
  setSelection(id: string | null): void {
    this.selection = id;
    this.attachGizmo();
    this.updateHighlight();
    this.requestRender();
  }

  /** Sets the gizmo's mode and snapping. */
  setGizmo(mode: GizmoMode, snap: boolean): void {
    this.gizmo.setMode(mode);
    this.gizmo.setTranslationSnap(snap ? SNAP.translate : null);
    this.gizmo.setRotationSnap(snap ? SNAP.rotate : null);
    this.gizmo.setScaleSnap(snap ? SNAP.scale : null);
    this.requestRender();
  }

  /** Escape during a gizmo drag: reports the cancel and puts the object back. Returns whether a drag was cancelled. */
  cancelGesture(): boolean {
    const drag = this.dragging;
    if (!drag || drag.cancelled) return false;
    drag.cancelled = true;
    const object = this.gizmo.object;
    this.gizmo.detach();
    object?.scale.set(1, 1, 1);
    this.callbacks.gestureCancel(drag.id);
    this.view?.resetPoses();
    this.updateHighlight();
    this.requestRender();
    return true;
  }

  /**
   * Shows a replay instead of the document (null shows the document again).
   * The caller owns the playback and disposes it; the gizmo is hidden meanwhile.
   */
  setPlayback(playback: Playback | null): void {
    if (playback === this.playback) return;
    if (this.playback) this.overlay.remove(this.playback.marksGroup);
    this.playback = playback;
    if (playback) this.overlay.add(playback.marksGroup);
    if (!playback && this.viewBeforeFocus) {
      this.camera.position.copy(this.viewBeforeFocus.position);
      this.orbit.target.copy(this.viewBeforeFocus.target);
      this.viewBeforeFocus = null;
      this.orbit.update();
    }
    this.attachGizmo();
    this.updateHighlight();
    this.requestRender();
  }

  /**
   * Turns the camera to `center` (metres) from the direction it looks now,
   * close enough that a sphere of `radius` (at least 0.15 m) fills most of the
   * view. During a replay; the camera goes back when the replay ends.
   */
  focusOn(center: readonly [number, number, number], radius: number): void {
    this.viewBeforeFocus ??= { position: this.camera.position.clone(), target: this.orbit.target.clone() };
    const r = Math.max(radius, 0.15);
    const distance = (1.3 * r) / Math.sin(((this.camera.fov / 2) * Math.PI) / 180);
    const direction = this.camera.position.clone().sub(this.orbit.target).normalize();
    this.orbit.target.set(...center);
    this.camera.position.copy(this.orbit.target).addScaledVector(direction, distance);
    this.orbit.update();
    this.requestRender();
  }

  /** Where the object library puts new things: the point the camera orbits, metres. */
  dropPoint(): [number, number, number] {
    const t = this.orbit.target;
    return [Number(t.x.toFixed(3)), Number(t.y.toFixed(3)), Number(t.z.toFixed(3))];
  }

  private attachGizmo(): void {
    if (this.dragging) return;
    const item = this.selection && !this.playback ? this.view?.items.get(this.selection) : undefined;
    const isBody = item !== undefined && item.instance.kind === 'body';
    if (isBody) this.gizmo.attach(item.mesh);
    else this.gizmo.detach();
  }

  private selectedMeshes(): Mesh[] {
    if (!this.view || !this.selection || this.playback) return [];
    return [...this.view.items.values()].filter((i) => i.instance.id === this.selection).map((i) => i.mesh);
  }

  private updateHighlight(): void {
    const meshes = this.selectedMeshes();
    this.highlight.visible = meshes.length > 0;
    const box = this.highlight.box.makeEmpty();
    for (const mesh of meshes) {
      mesh.updateMatrixWorld();
      box.expandByObject(mesh);
    }
    box.expandByScalar(0.005);
  }

  /** Points the camera at the scene (see framing.ts) and sizes the grid to it. */
  frameAll(): void {
    const start = cameraStart(this.doc, this.view?.extent);
    this.viewBeforeFocus = null;
    this.camera.near = start.near;
    this.camera.far = start.far;
    this.camera.fov = start.fovYDeg;
    this.camera.position.set(...start.position);
    this.orbit.target.set(...start.target);
    this.camera.updateProjectionMatrix();
    this.orbit.update();
    if (this.grid) {
      this.overlay.remove(this.grid);
      this.grid.dispose();
    }
    this.grid = floorGrid(start.radius);
    this.overlay.add(this.grid);
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    this.pressAt = { x: event.clientX, y: event.clientY, onGizmo: this.gizmo.axis !== null };
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    const press = this.pressAt;
    this.pressAt = null;
    if (!press || press.onGizmo || event.button !== 0 || this.playback) return;
    if (Math.hypot(event.clientX - press.x, event.clientY - press.y) > CLICK_SLOP) return;
    this.callbacks.pick(this.pickAt(event.clientX, event.clientY));
  };

  /** The body or robot id drawn at a client position, or null. */
  pickAt(clientX: number, clientY: number): string | null {
    return this.view ? pickInstance(this.view, this.camera, this.renderer.domElement, clientX, clientY) : null;
  }

  /** Client coordinates of the centre of an object's drawn box, or null when it is not drawn (tests use it to click objects). */
  screenPoint(id: string): { x: number; y: number } | null {
    return this.view ? instanceScreenPoint(this.view, this.camera, this.renderer.domElement, id) : null;
  }

  /** Client coordinates of a world point (metres). */
  project(point: readonly [number, number, number]): { x: number; y: number } {
    return projectToClient(point, this.camera, this.renderer.domElement);
  }

  /** The gizmo handle under the pointer ("X", "XY", ...), or null. */
  get gizmoAxis(): string | null {
    return this.gizmo.axis;
  }

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  /** Schedules one frame. */
  requestRender(): void {
    if (this.frameRequest) return;
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      this.render();
    });
  }

  private render(): void {
    const r = this.renderer;
    const shown = this.playback?.view ?? this.view;
    r.setClearColor(shown ? shown.scene.background as Color : new Color('#c8d0d8'));
    r.clear();
    if (shown) r.render(shown.scene, this.camera);
    r.render(this.overlay, this.camera);
  }

  /** Frees the GPU resources and listeners. */
  dispose(): void {
    cancelAnimationFrame(this.frameRequest);
    this.resizer.disconnect();
    this.renderer.domElement.removeEventListener('pointerdown', this.onPointerDown);
    this.renderer.domElement.removeEventListener('pointerup', this.onPointerUp);
    this.gizmo.dispose();
    this.orbit.dispose();
    this.view?.dispose();
    this.grid?.dispose();
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }
}
