/**
 * The object library: what the editor can add to a scene (primitives,
 * meshes from assets, a gripper, a mobile base, lights, cameras), built as
 * complete elements (the schema fills every default), and how an element
 * is deleted without leaving randomization entries that point at nothing.
 * Pure functions of the document: the history runs them.
 */
import { parsePointer, formatPointer } from '../../../scenes/pointer';
import { Body } from '../../../scenes/schema/bodies';
import { Robot } from '../../../scenes/schema/robots';
import type { SceneDoc } from '../../../scenes/schema/scene';
import { Camera, Light } from '../../../scenes/schema/sensors';
import { findElement, GROUPS, type ElementGroup } from './elements';

type Vec3 = [number, number, number];

/** One thing the library can add. `asset` is set for meshes. */
export interface LibraryItem {
  key: string;
  label: string;
  section: 'Primitives' | 'Meshes' | 'Robots' | 'Lights' | 'Cameras';
  tip: string;
  asset?: string;
}

/** The fixed items; meshes are added per asset (meshItems). */
export const LIBRARY_ITEMS: readonly LibraryItem[] = [
  { key: 'box', label: 'Box', section: 'Primitives', tip: 'A 5 cm dynamic box (0.1 kg)' },
  { key: 'sphere', label: 'Sphere', section: 'Primitives', tip: 'A 3 cm-radius dynamic ball (0.05 kg)' },
  { key: 'cylinder', label: 'Cylinder', section: 'Primitives', tip: 'A dynamic cylinder, 3 cm radius and 8 cm tall (0.15 kg)' },
  { key: 'capsule', label: 'Capsule', section: 'Primitives', tip: 'A dynamic capsule, 2 cm radius, 6 cm straight part (0.08 kg)' },
  { key: 'gripper', label: 'Gripper', section: 'Robots', tip: 'A free-floating parallel-jaw gripper 30 cm above the drop point' },
  { key: 'base', label: 'Mobile base', section: 'Robots', tip: 'A differential-drive base with a 2D lidar, on the floor' },
  { key: 'point', label: 'Point light', section: 'Lights', tip: 'A point light 1 m above the drop point (2 cd)' },
  { key: 'spot', label: 'Spot light', section: 'Lights', tip: 'A spot light 1.5 m above the drop point, pointing at it (4 cd)' },
  { key: 'directional', label: 'Sun', section: 'Lights', tip: 'A directional light (2 lux) from above, casting shadows' },
  { key: 'camera', label: 'Camera', section: 'Cameras', tip: 'A 256×256 fixed camera looking at the drop point' },
];

/** Library items for mesh assets such as "meshes/bottle.obj". */
export function meshItems(assets: readonly string[]): LibraryItem[] {
  return assets.map((asset) => ({ key: `mesh:${asset}`, label: baseName(asset), section: 'Meshes', tip: `A dynamic convex mesh from assets/${asset} (0.2 kg)`, asset }));
}

function baseName(asset: string): string {
  return (asset.split('/').pop() ?? asset).replace(/\.[^.]*$/, '');
}

/** Every id used in the document (ids are unique across bodies, robots, lights and cameras). */
function usedIds(doc: SceneDoc): Set<string> {
  return new Set(GROUPS.flatMap(({ group }) => (doc[group] as { id: string }[]).map((e) => e.id)));
}

/** The first free id "<base>-1", "<base>-2", ... (ids start with a letter: the base is cleaned to fit). */
export function freeId(doc: SceneDoc, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z]+/, '') || 'item';
  const used = usedIds(doc);
  for (let n = 1; ; n++) {
    const id = `${clean.slice(0, 56)}-${n}`;
    if (!used.has(id)) return id;
  }
}

/** The smallest instance id not used by a body (1..65535). */
function freeInstanceId(doc: SceneDoc): number {
  const used = new Set(doc.bodies.map((b) => b.semantic.instanceId));
  for (let id = 1; id <= 65535; id++) if (!used.has(id)) return id;
  throw new Error('every instance id 1..65535 is used: the scene has no room for another body');
}

const PRIMITIVES: Record<string, { shape: Record<string, unknown>; mass: number; color: string; halfHeight: number }> = {
  box: { shape: { type: 'box', size: [0.05, 0.05, 0.05] }, mass: 0.1, color: '#4f8fd6', halfHeight: 0.025 },
  sphere: { shape: { type: 'sphere', radius: 0.03 }, mass: 0.05, color: '#2ca02c', halfHeight: 0.03 },
  cylinder: { shape: { type: 'cylinder', radius: 0.03, height: 0.08 }, mass: 0.15, color: '#d62728', halfHeight: 0.04 },
  capsule: { shape: { type: 'capsule', radius: 0.02, height: 0.06 }, mass: 0.08, color: '#9467bd', halfHeight: 0.05 },
};

/** Radius of a body's footprint on the floor plane, metres (a mesh counts as 5 cm). */
function footprint(shape: SceneDoc['bodies'][number]['shape']): number {
  switch (shape.type) {
    case 'box':
      return Math.hypot(shape.size[0], shape.size[1]) / 2;
    case 'sphere':
    case 'cylinder':
    case 'capsule':
      return shape.radius;
    case 'mesh':
      return 0.05 * Math.max(shape.scale[0], shape.scale[1]);
  }
}

/**
 * The point nearest `at` (on rings 5 cm apart, 12 directions each) where a
 * footprint of `radius` metres clears every movable body by 1 cm; `at`
 * itself when none within 40 cm does.
 */
export function freeSpot(doc: SceneDoc, at: Vec3, radius: number): Vec3 {
  const others = doc.bodies.filter((b) => b.kind !== 'static' && b.enabled).map((b) => ({ x: b.pose.position[0], y: b.pose.position[1], r: footprint(b.shape) }));
  const clear = (x: number, y: number): boolean => others.every((o) => Math.hypot(x - o.x, y - o.y) >= o.r + radius + 0.01);
  for (let ring = 0; ring <= 8; ring++) {
    for (let k = 0; k < (ring === 0 ? 1 : 12); k++) {
      const angle = (k * Math.PI) / 6;
      const x = Number((at[0] + ring * 0.05 * Math.cos(angle)).toFixed(3));
      const y = Number((at[1] + ring * 0.05 * Math.sin(angle)).toFixed(3));
      if (clear(x, y)) return [x, y, at[2]];
    }
  }
  return at;
}

/** What adding an item does: which group gets which new element. */
export interface NewElement {
  group: ElementGroup;
  value: { id: string } & Record<string, unknown>;
}

/** Lowest vertex height of a mesh (x, y, z triples), metres; 0 for none. */
function lowestZ(vertices: Float32Array | undefined): number {
  let low = Infinity;
  for (let i = 2; vertices && i < vertices.length; i += 3) low = Math.min(low, vertices[i]!);
  return Number.isFinite(low) ? low : 0;
}

/**
 * A new element for `item`, placed at `at` (metres; bodies rest on it,
 * robots and lights stand above it). Complete: every schema default is
 * filled. `vertices` are the mesh's for a mesh item (it then rests on its
 * lowest vertex).
 */
export function newElement(doc: SceneDoc, item: LibraryItem, at: Vec3, vertices?: Float32Array): NewElement {
  const primitive = PRIMITIVES[item.key];
  const shapeRadius = primitive ? footprint(primitive.shape as SceneDoc['bodies'][number]['shape']) : item.key === 'gripper' ? 0.08 : item.key === 'base' ? 0.2 : item.asset ? 0.05 : 0;
  const [x, y, z] = shapeRadius > 0 ? freeSpot(doc, at, shapeRadius) : at;
  if (primitive || item.asset) {
    const id = freeId(doc, item.asset ? baseName(item.asset) : item.key);
    const shape = item.asset ? { type: 'mesh', asset: item.asset } : primitive!.shape;
    const lift = primitive ? primitive.halfHeight : Number((0.001 - lowestZ(vertices)).toFixed(4));
    const value = Body.parse({
      id,
      kind: 'dynamic',
      shape,
      pose: { position: [x, y, z + lift] },
      physics: { mass: primitive ? primitive.mass : 0.2 },
      visual: { color: primitive ? primitive.color : '#8c8c8c' },
      semantic: { class: item.asset ? baseName(item.asset) : item.key, instanceId: freeInstanceId(doc) },
    });
    return { group: 'bodies', value };
  }
  switch (item.key) {
    case 'gripper':
      return { group: 'robots', value: Robot.parse({ id: freeId(doc, 'gripper'), type: 'parallel-gripper', pose: { position: [x, y, z + 0.3] } }) };
    case 'base':
      return { group: 'robots', value: Robot.parse({ id: freeId(doc, 'base'), type: 'diff-drive', pose: { position: [x, y, 0] } }) };
    case 'point':
      return { group: 'lights', value: Light.parse({ id: freeId(doc, 'lamp'), type: 'point', intensity: 2, position: [x, y, z + 1] }) };
    case 'spot':
      return { group: 'lights', value: Light.parse({ id: freeId(doc, 'spot'), type: 'spot', intensity: 4, position: [x, y, z + 1.5], target: [x, y, z] }) };
    case 'directional':
      return { group: 'lights', value: Light.parse({ id: freeId(doc, 'sun'), type: 'directional', intensity: 2, position: [x + 1, y - 1, z + 3], target: [x, y, z], castShadow: true }) };
    case 'camera':
      return { group: 'cameras', value: Camera.parse({ id: freeId(doc, 'camera'), position: [x + 0.8, y - 0.8, z + 0.6], lookAt: [x, y, z] }) };
    default:
      throw new Error(`the library has no item "${item.key}"`);
  }
}

/** Adds `element` to the draft (for the history's run()). */
export function addElement(draft: SceneDoc, element: NewElement): void {
  (draft[element.group] as unknown[]).push(structuredClone(element.value));
}

/**
 * Deletes element `id` from the draft, with the randomization entries that
 * draw its properties; entries that name later elements of the same group
 * by index are renumbered so they keep naming the same element. References
 * from elsewhere (the task's robot or target, a camera's mount) are left for
 * the schema to refuse with its reason. An unknown id changes nothing.
 */
export function deleteElement(draft: SceneDoc, id: string): void {
  const found = findElement(draft, id);
  if (!found) return;
  const { group, index } = found;
  draft.randomization = draft.randomization.flatMap((entry) => {
    const [first, second, ...rest] = parsePointer(entry.path);
    if (first !== group || second === undefined) return [entry];
    if (second === id || second === String(index)) return [];
    if (/^\d+$/.test(second) && Number(second) > index) return [{ ...entry, path: formatPointer([group, Number(second) - 1, ...rest]) }];
    return [entry];
  });
  (draft[group] as unknown[]).splice(index, 1);
}
