/** Robots: a free-floating parallel-jaw gripper and a differential-drive base with a 2D lidar. */
import { z } from 'zod';
import { Fraction, Id, NonNegative, Pose, Positive, SensorNoise, Size3 } from './primitives';

const NO_NOISE = { gaussianStd: 0, bias: 0, dropout: 0 };

/** Imperfect actuation: multiplicative command noise and a fixed delay. */
export const Actuation = z.strictObject({
  noiseStd: Fraction.default(0).describe('relative standard deviation applied to each command (0.05 = 5%)'),
  latency: NonNegative.max(1).default(0).describe('delay between a command and its effect, seconds'),
});
const NO_ACTUATION = { noiseStd: 0, latency: 0 };

export const ParallelGripper = z.strictObject({
    id: Id,
    type: z.literal('parallel-gripper'),
    mount: z.literal('free-floating').default('free-floating').describe('the palm is moved as a kinematic body'),
    pose: Pose.describe('home pose of the palm; fingers close along local Y and the approach axis is local -Z'),
    maxOpening: Positive.max(0.5).default(0.12).describe('distance between open finger pads, metres'),
    fingerLength: Positive.max(0.5).default(0.06).describe('metres, along the approach axis'),
    fingerWidth: Positive.max(0.2).default(0.02).describe('metres, across the pad'),
    fingerThickness: Positive.max(0.1).default(0.01).describe('metres, along the closing axis'),
    fingerFriction: NonNegative.max(5).default(1).describe('Coulomb coefficient of the pads'),
    palmSize: Size3.default([0.04, 0.14, 0.03]).describe('metres'),
    gripForce: Positive.max(2000).default(60).describe('squeeze force per finger, newtons'),
    speed: Positive.max(5).default(0.25).describe('maximum palm speed, metres per second'),
    proprioceptionNoise: SensorNoise.default(NO_NOISE).describe('metres, on finger positions'),
    forceNoise: SensorNoise.default(NO_NOISE).describe('newtons, on contact force readings'),
  actuation: Actuation.default(NO_ACTUATION),
});
export type ParallelGripper = z.infer<typeof ParallelGripper>;

export const Lidar2D = z
  .strictObject({
    rays: z.number().int().min(4).max(4096).default(360),
    fovDeg: z.number().gt(0).max(360).default(360).describe('degrees, centred on the heading'),
    rangeMin: NonNegative.default(0.05).describe('metres'),
    rangeMax: Positive.max(100).default(8).describe('metres'),
    mountHeight: Positive.max(3).default(0.2).describe('metres above the floor'),
    noise: SensorNoise.default(NO_NOISE).describe('metres'),
  })
  .refine((l) => l.rangeMax > l.rangeMin, { message: 'rangeMax must exceed rangeMin', path: ['rangeMax'] });

export const DepthSensor = z.strictObject({
  width: z.number().int().min(4).max(640).default(64),
  height: z.number().int().min(4).max(480).default(48),
  fovYDeg: z.number().min(1).max(170).default(45).describe('degrees'),
  rangeMax: Positive.max(100).default(6).describe('metres'),
  mountHeight: Positive.max(3).default(0.3).describe('metres above the floor'),
  noise: SensorNoise.default(NO_NOISE).describe('metres'),
});

export const DiffDriveBase = z.strictObject({
  id: Id,
  type: z.literal('diff-drive'),
  pose: Pose.describe('start pose; heading is rotation[2] (yaw, degrees)'),
  radius: Positive.max(2).default(0.2).describe('footprint radius, metres'),
  height: Positive.max(3).default(0.3).describe('metres'),
  mass: Positive.max(1000).default(15).describe('kilograms'),
  wheelBase: Positive.max(3).default(0.3).describe('distance between the wheels, metres'),
  maxLinearSpeed: Positive.max(5).default(0.8).describe('metres per second'),
  maxAngularSpeedDeg: Positive.max(720).default(120).describe('degrees per second'),
  lidar: Lidar2D.default({ rays: 360, fovDeg: 360, rangeMin: 0.05, rangeMax: 8, mountHeight: 0.2, noise: NO_NOISE }),
  depth: DepthSensor.optional().describe('optional forward ray-cast depth image'),
  actuation: Actuation.default(NO_ACTUATION),
});
export type DiffDriveBase = z.infer<typeof DiffDriveBase>;

export const Robot = z.discriminatedUnion('type', [ParallelGripper, DiffDriveBase]);
export type Robot = z.infer<typeof Robot>;
