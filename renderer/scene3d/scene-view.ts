/**
 * The one three.js scene of a SceneDoc, shared by the editor viewport and
 * the frame renderer: a Mesh per enabled body and per robot part, keyed by
 * body id or pose-track part id, posed from the document or from a
 * PoseTrack frame; lights; cameras placed from the schema (Z up).
 */
import { Color, LightShadow, Mesh, PerspectiveCamera, Scene, Matrix4, Vector3, type BufferGeometry } from 'three';
import type { PoseTrack } from '../../exporters/episode';
import type { Shape } from '../../scenes/schema/bodies';
import type { SceneDoc } from '../../scenes/schema/scene';
import type { Camera } from '../../scenes/schema/sensors';
import { quatFromEulerDeg, rotate, type Vec3 } from '../../workers/physics/math';
import type { MeshLibrary } from '../../workers/physics/mesh';
import { cameraModel, type CameraModel, type RigidPose } from './camera-model';
import { metricUVs, shapeGeometry, shapeLocalBox, type LocalBox } from './geometry';
import { labelTables, type InstanceInfo, type LabelTables } from './labels';
import { buildLight, defaultLights, type SceneExtent } from './lights';
import { MaterialCache } from './materials';
import { mountPartId, robotParts } from './robots';
import type { TextureLibrary } from './textures';

/** Colour of pixels that see no geometry in RGB images (sRGB). */
export const BACKGROUND_COLOR = '#c8d0d8';

/** One rendered rigid object: a scene body or a robot part. */
export interface SceneItem {
  /** Body id, or robot part id "<robot id>/<part>". */
  id: string;
  /** The instance it belongs to (the body itself, or the whole robot). */
  instance: InstanceInfo;
  mesh: Mesh;
  /** The object's tight box in its own frame (centre and size, metres). */
  localBox: LocalBox;
  /** Pose in the document (body pose, robot home pose). */
  home: RigidPose;
}

export interface SceneViewOptions {
  /** Decoded asset textures by path; a material naming a missing one throws. */
  textures?: TextureLibrary;
}

/**
 * A built scene. Meshes are named and keyed by id; disabled bodies are
 * left out; a document without lights gets defaultLights(). The scene is
 * Z-up: a viewport's own camera should set `camera.up.set(0, 0, 1)`.
 * Rebuild it when the document changes. Dispose it to free GPU resources.
 */
export class SceneView {
  readonly scene = new Scene();
  readonly items = new Map<string, SceneItem>();
  readonly labels: LabelTables;
  readonly extent: SceneExtent;
  /** Increases whenever a pose changes (renderers refresh shadow maps on change). */
  poseVersion = 0;
  private readonly materials: MaterialCache;
  private readonly geometries: BufferGeometry[] = [];
  private readonly cameras = new Map<string, Camera>();
  private readonly mounts = new Map<string, string>();
  private readonly threeCamera = new PerspectiveCamera();

  constructor(readonly doc: SceneDoc, meshes: MeshLibrary, options: SceneViewOptions = {}) {
    this.labels = labelTables(doc);
    this.materials = new MaterialCache(options.textures);
    this.scene.background = new Color(BACKGROUND_COLOR);
    const byId = new Map(this.labels.instances.map((i) => [i.id, i]));
    for (const body of doc.bodies) {
      if (!body.enabled) continue;
      const texture = body.visual.texture;
      const scale = texture?.type === 'procedural' ? texture.scale : undefined;
      const pose: RigidPose = { p: [...body.pose.position], q: quatFromEulerDeg(body.pose.rotation) };
      const material = this.materials.material(body.visual);
      this.addItem(body.id, byId.get(body.id) as InstanceInfo, body.shape, meshes, material, pose, scale);
    }
    for (const robot of doc.robots) {
      for (const part of robotParts(robot)) {
        const material = this.materials.material({ color: part.color, roughness: part.roughness, metalness: part.metalness, opacity: 1 });
        this.addItem(part.id, byId.get(robot.id) as InstanceInfo, part.shape, meshes, material, part.home, undefined);
      }
      this.mounts.set(robot.id, mountPartId(robot));
    }
    for (const camera of doc.cameras) this.cameras.set(camera.id, camera);
    this.extent = this.computeExtent();
    for (const light of doc.lights.length > 0 ? doc.lights.filter((l) => l.enabled) : defaultLights()) {
      for (const object of buildLight(light, this.extent)) this.scene.add(object);
    }
    this.scene.updateMatrixWorld(true);
  }

  private addItem(id: string, instance: InstanceInfo, shape: Shape, meshes: MeshLibrary, material: Mesh['material'], home: RigidPose, uvScale: number | undefined): void {
    let geometry = shapeGeometry(shape, meshes);
    if (uvScale !== undefined) {
      const withUVs = metricUVs(geometry, uvScale);
      geometry.dispose();
      geometry = withUVs;
    }
    this.geometries.push(geometry);
    const mesh = new Mesh(geometry, material);
    mesh.name = id;
    mesh.castShadow = true;
    mesh.receiveShadow = true;
    mesh.userData = { id, instanceId: instance.instanceId };
    this.scene.add(mesh);
    this.items.set(id, { id, instance, mesh, localBox: shapeLocalBox(shape, meshes), home });
    setPose(mesh, home);
  }

  private computeExtent(): SceneExtent {
    const lo: Vec3 = [Infinity, Infinity, Infinity];
    const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
    for (const item of this.items.values()) {
      const c = item.mesh.position;
      const r = Math.hypot(...item.localBox.size) / 2 + Math.hypot(...item.localBox.center);
      const centre = [c.x, c.y, c.z];
      for (let k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k] as number, (centre[k] as number) - r);
        hi[k] = Math.max(hi[k] as number, (centre[k] as number) + r);
      }
    }
    if (!Number.isFinite(lo[0])) return { center: [0, 0, 0], radius: 1 };
    const center: Vec3 = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
    return { center, radius: Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2 };
  }

  /** Poses every id of `track` (bodies and robot parts) as in frame `frame`; ids not in the scene are skipped. */
  applyPoses(track: PoseTrack, frame: number): void {
    const stride = track.ids.length * 7;
    const frames = stride === 0 ? 0 : track.data.length / stride;
    if (!Number.isInteger(frame) || frame < 0 || frame >= frames) throw new Error(`pose frame ${frame} is outside the track's ${frames} frames`);
    track.ids.forEach((id, k) => {
      const item = this.items.get(id);
      if (!item) return;
      const o = frame * stride + k * 7;
      const d = track.data;
      const q = { x: d[o + 3] as number, y: d[o + 4] as number, z: d[o + 5] as number, w: d[o + 6] as number };
      const n = Math.hypot(q.x, q.y, q.z, q.w) || 1;
      setPose(item.mesh, { p: [d[o] as number, d[o + 1] as number, d[o + 2] as number], q: { x: q.x / n, y: q.y / n, z: q.z / n, w: q.w / n } });
    });
    this.poseVersion++;
  }

  /** Puts every object back at its document pose. */
  resetPoses(): void {
    for (const item of this.items.values()) setPose(item.mesh, item.home);
    this.poseVersion++;
  }

  /** The current world pose of an item (metres, unit quaternion). */
  pose(id: string): RigidPose {
    const item = this.items.get(id);
    if (!item) throw new Error(`no object "${id}" in the scene (known: ${[...this.items.keys()].join(', ')})`);
    const { position: p, quaternion: q } = item.mesh;
    return { p: [p.x, p.y, p.z], q: { x: q.x, y: q.y, z: q.z, w: q.w } };
  }

  /** The scene camera `id` placed for the current poses (attached cameras follow their robot's mount part). */
  cameraModel(id: string): CameraModel {
    const camera = this.cameras.get(id);
    if (!camera) throw new Error(`no camera "${id}" in the scene (known: ${[...this.cameras.keys()].join(', ')})`);
    const mount = camera.attachTo === undefined ? undefined : this.pose(this.mounts.get(camera.attachTo) as string);
    return cameraModel(camera, mount);
  }

  /** A three.js camera matching `model` exactly (the same object each call). */
  perspectiveCamera(model: CameraModel): PerspectiveCamera {
    const cam = this.threeCamera;
    const [x, y, z] = model.axes;
    // three.js cameras look down their -Z with +Y up: X = right, Y = -down, Z = -forward.
    const basis = new Matrix4().makeBasis(new Vector3(...x), new Vector3(-y[0], -y[1], -y[2]), new Vector3(-z[0], -z[1], -z[2]));
    cam.quaternion.setFromRotationMatrix(basis);
    cam.position.set(...model.position);
    cam.fov = model.fovYDeg;
    cam.aspect = model.width / model.height;
    cam.near = model.near;
    cam.far = model.far;
    cam.updateProjectionMatrix();
    cam.updateMatrixWorld(true);
    return cam;
  }

  /** Ids of the scene's cameras, in document order. */
  cameraIds(): string[] {
    return [...this.cameras.keys()];
  }

  /** The camera's document entry. */
  camera(id: string): Camera {
    const camera = this.cameras.get(id);
    if (!camera) throw new Error(`no camera "${id}" in the scene`);
    return camera;
  }

  /** Frees geometries, materials and textures (lights and meshes need no freeing). */
  dispose(): void {
    for (const g of this.geometries) g.dispose();
    this.materials.dispose();
    // Shadow maps are render targets the renderer allocates per light; they outlive the scene unless freed.
    this.scene.traverse((object) => {
      if ('shadow' in object && object.shadow instanceof LightShadow) object.shadow.dispose();
    });
    this.scene.clear();
    this.items.clear();
  }
}

function setPose(mesh: Mesh, pose: RigidPose): void {
  mesh.position.set(pose.p[0], pose.p[1], pose.p[2]);
  mesh.quaternion.set(pose.q.x, pose.q.y, pose.q.z, pose.q.w);
  mesh.updateMatrixWorld();
}

/** World centre of an item's box for the current pose (metres). */
export function itemBoxCenter(item: SceneItem): Vec3 {
  const { position: p, quaternion: q } = item.mesh;
  const c = rotate({ x: q.x, y: q.y, z: q.z, w: q.w }, item.localBox.center);
  return [p.x + c[0], p.y + c[1], p.z + c[2]];
}
