/**
 * Seeded samplers for the world-model training data: a scene's appearance
 * (environment materials, lights, camera imaging), its object materials and
 * a random viewpoint. An appearance is a list of values by JSON pointer, like
 * an EpisodeSpec's `resolved`, so one geometry is re-rendered under another
 * sample's appearance by writing those values into its document (withValues).
 *
 * The split between "environment" and "object" bodies is the model's task:
 * the environment (floors, walls, tables, shelves, bins), the lights and the
 * camera's exposure, blur and noise come from the reference clip; objects
 * keep the simulation's materials (relit), so class identity and labels stay
 * tied to what the simulation shows.
 */
import { setAt } from '../../../scenes/pointer';
import type { Rng } from '../../../scenes/rng';
import type { Body, VisualMaterial } from '../../../scenes/schema/bodies';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { Camera, Light } from '../../../scenes/schema/sensors';
import type { Imaging } from '../../../renderer/frames/imaging';

/** A value written at a JSON pointer of a scene document. */
export interface PointerValue {
  path: string;
  value: unknown;
}

/** Bodies whose material is part of the environment (taken from the reference). */
export const ENVIRONMENT_BODY = /^(floor|wall|table$|shelf|upright|back-panel|bin-)/;

/** One appearance: materials of the environment bodies and the lights (pointer values), and imaging. */
export interface Appearance {
  values: PointerValue[];
  imaging: Imaging;
}

const PATTERNS = ['checker', 'stripes', 'noise', 'wood', 'marble'] as const;

function hex(r: number, g: number, b: number): string {
  const c = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255).toString(16).padStart(2, '0');
  return `#${c(r)}${c(g)}${c(b)}`;
}

/** sRGB hex of hue (0..1), saturation and value (0..1). */
export function hsv(h: number, s: number, v: number): string {
  const i = Math.floor(h * 6) % 6;
  const f = h * 6 - Math.floor(h * 6);
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  const rgb = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][i] as [number, number, number];
  return hex(...rgb);
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)] as T;
}

/** A surface colour: greys, woods and beiges, or any hue. */
function surfaceColor(rng: Rng): { h: number; s: number; v: number } {
  const u = rng.next();
  if (u < 0.3) return { h: rng.next(), s: rng.uniform(0, 0.08), v: rng.uniform(0.15, 0.95) };
  if (u < 0.6) return { h: rng.uniform(0.05, 0.12), s: rng.uniform(0.2, 0.6), v: rng.uniform(0.25, 0.9) };
  return { h: rng.next(), s: rng.uniform(0.1, 0.8), v: rng.uniform(0.2, 0.95) };
}

/**
 * A random material; `textured` is the chance of a procedural texture whose
 * pattern repeats `scaleRange` times per metre.
 */
export function randomMaterial(rng: Rng, textured: number, scaleRange: [number, number]): VisualMaterial {
  const c = surfaceColor(rng);
  const color = hsv(c.h, c.s, c.v);
  const material: VisualMaterial = {
    color,
    roughness: rng.uniform(0.15, 1),
    metalness: rng.next() < 0.8 ? 0 : rng.uniform(0.1, 0.8),
    opacity: 1,
  };
  if (rng.next() < textured) {
    const contrast = rng.next() < 0.6 ? rng.uniform(0.08, 0.35) : rng.uniform(0.35, 0.8);
    const v2 = c.v > 0.5 ? c.v - contrast : c.v + contrast;
    const color2 = rng.next() < 0.7 ? hsv((c.h + rng.uniform(-0.05, 0.05) + 1) % 1, c.s, v2) : hsv(rng.next(), rng.uniform(0, 0.8), v2);
    const scale = Math.exp(rng.uniform(Math.log(scaleRange[0]), Math.log(scaleRange[1])));
    material.texture = { type: 'procedural', pattern: pick(rng, PATTERNS), color2, scale };
  }
  return material;
}

/** Where the preset looks and how large it is: the first camera's target and distance (metres). */
export interface SceneFrame {
  center: [number, number, number];
  /** Distance of the preset's first camera from its target, metres. */
  distance: number;
  /** Whether the scene is a room seen from above (navigation presets). */
  overhead: boolean;
}

/** The frame of a preset from its first camera. */
export function sceneFrame(scene: SceneDoc): SceneFrame {
  const camera = scene.cameras.find((c) => c.attachTo === undefined) as Camera;
  const [px, py, pz] = camera.position;
  const [tx, ty, tz] = camera.lookAt;
  const distance = Math.hypot(px - tx, py - ty, pz - tz);
  return { center: [tx, ty, tz], distance, overhead: Math.atan2(pz - tz, Math.hypot(px - tx, py - ty)) > 0.7 && distance > 5 };
}

/** Groups of environment bodies that share a material in the preset (all walls, all bin walls). */
export function environmentGroups(scene: SceneDoc): string[][] {
  const groups = new Map<string, string[]>();
  for (const body of scene.bodies) {
    if (!ENVIRONMENT_BODY.test(body.id)) continue;
    const key = JSON.stringify(body.visual);
    groups.set(key, [...(groups.get(key) ?? []), body.id]);
  }
  return [...groups.values()];
}

function direction(azDeg: number, elDeg: number): [number, number, number] {
  const az = (azDeg * Math.PI) / 180;
  const el = (elDeg * Math.PI) / 180;
  return [Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el)];
}

function lightTint(rng: Rng): string {
  return rng.next() < 0.75 ? '#ffffff' : hsv(rng.next(), rng.uniform(0.05, 0.35), 1);
}

/** A random set of lights: an ambient, a key light (sun, spot or lamp) and up to two extra lamps. */
export function randomLights(rng: Rng, frame: SceneFrame): Light[] {
  const R = 0.6 * frame.distance;
  const at = (d: [number, number, number], r: number): [number, number, number] => [frame.center[0] + d[0] * r, frame.center[1] + d[1] * r, frame.center[2] + d[2] * r];
  const base = { enabled: true, angleDeg: 30, castShadow: false, target: frame.center, position: at([0, 0, 1], R) };
  const lights: Light[] = [
    { ...base, id: 'wm-ambient', type: 'ambient', color: lightTint(rng), temperatureK: rng.uniform(3500, 9000), intensity: rng.uniform(0.1, 1.1) },
  ];
  const kind = rng.next();
  const dir = direction(rng.uniform(0, 360), rng.uniform(25, 85));
  const key = { ...base, id: 'wm-key', color: lightTint(rng), temperatureK: rng.uniform(2800, 8000) };
  if (kind < 0.6) {
    lights.push({ ...key, type: 'directional', intensity: rng.uniform(0.6, 4.5), position: at(dir, 3 * R), castShadow: rng.next() < 0.75 });
  } else {
    const d = R * rng.uniform(1, 2);
    const spot = kind < 0.8;
    lights.push({
      ...key,
      type: spot ? 'spot' : 'point',
      intensity: rng.uniform(1.5, 6) * d * d,
      position: at(dir, d),
      target: at([rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3), 0], R),
      angleDeg: rng.uniform(25, 60),
      castShadow: spot && rng.next() < 0.5,
    });
  }
  const extra = rng.next() < 0.5 ? 0 : rng.next() < 0.7 ? 1 : 2;
  for (let i = 0; i < extra; i++) {
    const d = R * rng.uniform(0.8, 2);
    lights.push({
      ...base, id: `wm-lamp-${i}`, type: 'point', color: lightTint(rng), temperatureK: rng.uniform(2700, 7500),
      intensity: rng.uniform(0.3, 2.5) * d * d, position: at(direction(rng.uniform(0, 360), rng.uniform(30, 80)), d),
    });
  }
  return lights;
}

/** Camera imaging of an appearance: sometimes noisy, sometimes blurred, exposure within about +-1 stop. */
export function randomImaging(rng: Rng): Imaging {
  return {
    noiseStd: rng.next() < 0.35 ? 0 : rng.uniform(0.004, 0.06),
    blurPx: rng.next() < 0.5 ? 0 : rng.uniform(0.3, 1.3),
    exposureEv: Math.max(-1.2, Math.min(1.2, 0.4 * rng.normal())),
  };
}

/** A full appearance of `scene`: environment materials, lights and imaging. */
export function randomAppearance(rng: Rng, scene: SceneDoc): Appearance {
  const frame = sceneFrame(scene);
  const scale: [number, number] = [2 / frame.distance, 30 / frame.distance];
  const values: PointerValue[] = [];
  for (const group of environmentGroups(scene)) {
    const material = randomMaterial(rng, 0.5, scale);
    for (const id of group) values.push({ path: `/bodies/${id}/visual`, value: material });
  }
  values.push({ path: '/lights', value: randomLights(rng, frame) });
  return { values, imaging: randomImaging(rng) };
}

/** Materials of the non-environment bodies (kept between simulation and target). */
export function randomObjectMaterials(rng: Rng, scene: SceneDoc): PointerValue[] {
  const frame = sceneFrame(scene);
  return scene.bodies
    .filter((b: Body) => !ENVIRONMENT_BODY.test(b.id))
    .map((b) => ({ path: `/bodies/${b.id}/visual`, value: randomMaterial(rng, 0.2, [4 / frame.distance, 40 / frame.distance]) }));
}

/** The data camera's id in every document. */
export const DATA_CAMERA = 'wm';

/**
 * A random viewpoint around the preset's first camera (or, with chance
 * `wrist`, the preset's robot-mounted camera), square, `size` pixels, with a
 * far plane of 15-40 m (depth is normalised by it).
 */
export function randomCamera(rng: Rng, scene: SceneDoc, size: number): Camera {
  const frame = sceneFrame(scene);
  const mounted = scene.cameras.find((c) => c.attachTo !== undefined);
  const common = { id: DATA_CAMERA, rollDeg: 1.5 * rng.normal(), width: size, height: size, near: 0.01, far: rng.uniform(15, 40), channels: ['rgb', 'depth', 'instance'] as Camera['channels'], imaging: { noiseStd: 0, blurPx: 0, exposureEv: 0 } };
  if (mounted && rng.next() < 0.15) return { ...mounted, ...common, fovYDeg: rng.uniform(55, 80) };
  const first = scene.cameras.find((c) => c.attachTo === undefined) as Camera;
  const [px, py, pz] = first.position;
  const [cx, cy, cz] = frame.center;
  const az0 = (Math.atan2(py - cy, px - cx) * 180) / Math.PI;
  const el0 = (Math.atan2(pz - cz, Math.hypot(px - cx, py - cy)) * 180) / Math.PI;
  const az = frame.overhead ? rng.uniform(0, 360) : az0 + rng.uniform(-70, 70);
  const el = frame.overhead ? rng.uniform(40, 89) : Math.max(12, Math.min(88, el0 + rng.uniform(-25, 20)));
  const d = frame.distance * (frame.overhead ? rng.uniform(0.45, 1.05) : rng.uniform(0.6, 1.3));
  const j = frame.distance * (frame.overhead ? 0.3 : 0.12);
  const lookAt: [number, number, number] = [cx + rng.uniform(-j, j), cy + rng.uniform(-j, j), cz + rng.uniform(-j, j) * 0.3];
  const dir = direction(az, el);
  return { ...common, position: [lookAt[0] + dir[0] * d, lookAt[1] + dir[1] * d, lookAt[2] + dir[2] * d], lookAt, fovYDeg: rng.uniform(40, 70) };
}

/** A copy of `scene` with `values` written at their pointers. */
export function withValues(scene: SceneDoc, values: readonly PointerValue[]): SceneDoc {
  const out = structuredClone(scene);
  for (const { path, value } of values) setAt(out, path, structuredClone(value));
  return out;
}
