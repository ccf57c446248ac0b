/** Lights and cameras. */
import { z } from 'zod';
import { Color, Finite, Fraction, Id, NonNegative, Positive, SensorNoise, Vec3 } from './primitives';

export const Light = z.strictObject({
  id: Id,
  type: z.enum(['ambient', 'directional', 'point', 'spot']),
  enabled: z.boolean().default(true).describe('false leaves the light out of the episode (randomize the light count with a choice)'),
  color: Color.default('#ffffff'),
  temperatureK: z.number().min(1000).max(40000).default(6500).describe('colour temperature in kelvin; 6500 is neutral white, lower is warmer; multiplies color'),
  intensity: NonNegative.max(1e6).describe('three.js physical units: lux (ambient, directional), candela (point, spot)'),
  position: Vec3.default([0, 0, 3]).describe('metres; ignored for ambient'),
  target: Vec3.default([0, 0, 0]).describe('metres; where directional and spot lights point'),
  angleDeg: z.number().gt(0).max(89).default(30).describe('spot cone half-angle, degrees'),
  castShadow: z.boolean().default(false),
});
export type Light = z.infer<typeof Light>;

export const CameraChannel = z.enum(['rgb', 'depth', 'instance', 'semantic', 'boxes2d', 'boxes3d']);
export type CameraChannel = z.infer<typeof CameraChannel>;

export const Camera = z
  .strictObject({
    id: Id,
    attachTo: Id.optional().describe('robot id: the pose is then relative to the robot mount'),
    position: Vec3.describe('metres'),
    lookAt: Vec3.describe('metres; the point the optical axis passes through'),
    rollDeg: Finite.default(0).describe('rotation about the optical axis, degrees'),
    fovYDeg: z.number().min(1).max(170).default(60).describe('vertical field of view, degrees; fx = fy = (height/2)/tan(fovY/2), principal point at the image centre'),
    width: z.number().int().min(16).max(4096).default(256).describe('pixels'),
    height: z.number().int().min(16).max(4096).default(256).describe('pixels'),
    near: Positive.default(0.01).describe('metres'),
    far: Positive.max(1e4).default(20).describe('metres'),
    fps: Positive.max(240).optional().describe('frames per second; defaults to the task record rate'),
    channels: z.array(CameraChannel).min(1).default(['rgb', 'depth', 'instance', 'semantic', 'boxes2d', 'boxes3d']),
    imaging: z
      .strictObject({
        noiseStd: Fraction.default(0).describe('Gaussian pixel noise, fraction of full scale'),
        blurPx: NonNegative.max(20).default(0).describe('Gaussian blur sigma, pixels'),
        exposureEv: z.number().min(-5).max(5).default(0).describe('exposure offset, stops'),
      })
      .default({ noiseStd: 0, blurPx: 0, exposureEv: 0 }),
    depthNoise: SensorNoise.optional().describe('metres'),
  })
  .refine((c) => c.far > c.near, { message: 'far must be greater than near', path: ['far'] })
  .refine((c) => new Set(c.channels).size === c.channels.length, { message: 'channels must not repeat', path: ['channels'] });
export type Camera = z.infer<typeof Camera>;
