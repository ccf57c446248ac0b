/**
 * Scene lights as three.js lights (physical units: lux for ambient and
 * directional, candela for point and spot, inverse-square falloff). The
 * colour is the sRGB `color` times the colour of `temperatureK`
 * (kelvinToLinearRgb). Shadow cameras of directional lights cover
 * `extent`, the scene's bounding sphere.
 */
import { AmbientLight, Color, DirectionalLight, LinearSRGBColorSpace, Object3D, PointLight, SpotLight } from 'three';
import type { Light } from '../../scenes/schema/sensors';
import type { Vec3 } from '../../workers/physics/math';
import { kelvinToLinearRgb } from './kelvin';

/** Shadow map size, texels per side. */
export const SHADOW_MAP_SIZE = 2048;

/** A scene's bounding sphere, metres. */
export interface SceneExtent {
  center: Vec3;
  radius: number;
}

/** The light's colour in linear sRGB (may exceed 1 in a channel). */
export function lightColor(light: Pick<Light, 'color' | 'temperatureK'>): Color {
  const base = new Color(light.color);
  const [r, g, b] = kelvinToLinearRgb(light.temperatureK);
  return new Color().setRGB(base.r * r, base.g * g, base.b * b, LinearSRGBColorSpace);
}

/** The three.js objects of one light (the light, and its target where it has one), to add to the scene. */
export function buildLight(light: Light, extent: SceneExtent): Object3D[] {
  const color = lightColor(light);
  const [px, py, pz] = light.position;
  const [tx, ty, tz] = light.target;
  let made: DirectionalLight | PointLight | SpotLight;
  switch (light.type) {
    case 'ambient':
      return [named(new AmbientLight(color, light.intensity), light.id)];
    case 'directional': {
      const sun = new DirectionalLight(color, light.intensity);
      sun.position.set(px, py, pz);
      sun.target.position.set(tx, ty, tz);
      if (light.castShadow) {
        // Half-size of the shadow box: the scene's sphere seen along the light-to-target line.
        const r = extent.radius + Math.hypot(tx - extent.center[0], ty - extent.center[1], tz - extent.center[2]);
        const cam = sun.shadow.camera;
        cam.left = -r;
        cam.right = r;
        cam.top = r;
        cam.bottom = -r;
        // The shadow camera sits at the light's position and looks at the target.
        const distance = Math.hypot(px - tx, py - ty, pz - tz);
        cam.near = Math.max(0.01, distance - 2 * r);
        cam.far = distance + 2 * r;
        cam.up.set(0, 0, 1);
        sun.shadow.bias = -0.0005;
        sun.shadow.normalBias = 0.01;
      }
      made = sun;
      break;
    }
    case 'point':
      made = new PointLight(color, light.intensity, 0, 2);
      made.position.set(px, py, pz);
      break;
    case 'spot': {
      const spot = new SpotLight(color, light.intensity, 0, (light.angleDeg * Math.PI) / 180, 0.15, 2);
      spot.position.set(px, py, pz);
      spot.target.position.set(tx, ty, tz);
      spot.shadow.bias = -0.0005;
      spot.shadow.camera.up.set(0, 0, 1);
      made = spot;
      break;
    }
  }
  if (light.castShadow) {
    made.castShadow = true;
    made.shadow.mapSize.set(SHADOW_MAP_SIZE, SHADOW_MAP_SIZE);
  }
  named(made, light.id);
  const target = made instanceof DirectionalLight || made instanceof SpotLight ? [made.target] : [];
  return [made, ...target];
}

function named<T extends Object3D>(object: T, id: string): T {
  object.name = id;
  return object;
}

/** Lights used when a scene has none: a soft ambient and a sun from above, so the image is not black. */
export function defaultLights(): Light[] {
  const base = { enabled: true, color: '#ffffff', temperatureK: 6500, target: [0, 0, 0] as Vec3, angleDeg: 30 };
  return [
    { ...base, id: 'default-ambient', type: 'ambient', intensity: 0.8, position: [0, 0, 3], castShadow: false },
    { ...base, id: 'default-sun', type: 'directional', intensity: 2, position: [1, -1, 3], castShadow: false },
  ];
}
