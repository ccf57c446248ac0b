/**
 * Building blocks shared by every part of the scene schema.
 * Units: metres, kilograms, seconds, newtons; angles in degrees; Z is up.
 */
import { z } from 'zod';

/** An identifier that JSON pointers can address: starts with a letter. */
export const Id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use only letters, digits, _ or - (at most 64)');

/** A finite number (zod 4 already refuses NaN and ±Infinity). */
export const Finite = z.number();
export const Positive = z.number().positive();
export const NonNegative = z.number().nonnegative();
export const Fraction = z.number().min(0).max(1);

/** [x, y, z] in metres. */
export const Vec3 = z.tuple([Finite, Finite, Finite]);
/** [x, y] in metres on the floor plane. */
export const Vec2 = z.tuple([Finite, Finite]);
/** Strictly positive extents [x, y, z] in metres. */
export const Size3 = z.tuple([Positive, Positive, Positive]);

/** Colour as "#rrggbb" (sRGB). */
export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like "#a1b2c3"');

/** Path of a file under `assets/`, forward slashes, no `..`. */
export const AssetPath = z
  .string()
  .regex(/^(?!.*\.\.)[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)+$/, 'must be a path under assets/ such as "meshes/mug.obj", without ".."');

/**
 * A rigid pose: position in metres and rotation as intrinsic X-Y-Z Euler
 * angles in degrees (roll, pitch, yaw).
 */
export const Pose = z.strictObject({
  position: Vec3.describe('metres'),
  rotation: Vec3.default([0, 0, 0]).describe('degrees, intrinsic XYZ Euler'),
});
export type Pose = z.infer<typeof Pose>;

/** Additive sensor noise, applied per reading. */
export const SensorNoise = z.strictObject({
  gaussianStd: NonNegative.default(0).describe('standard deviation, in the unit of the reading'),
  bias: Finite.default(0).describe('constant offset, in the unit of the reading'),
  dropout: Fraction.default(0).describe('probability that a reading is lost: range sensors (lidar, depth) then report 0, "no return"; other sensors repeat their previous reading (0 before the first)'),
});
export type SensorNoise = z.infer<typeof SensorNoise>;

export const NO_NOISE: SensorNoise = { gaussianStd: 0, bias: 0, dropout: 0 };
