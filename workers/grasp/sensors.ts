/** Sensor noise: Gaussian noise, a constant bias, and dropouts that repeat the previous reading. */
import type { Rng } from '../../scenes/rng';
import type { SensorNoise } from '../../scenes/schema/primitives';

/** Whether this reading is lost (probability `noise.dropout`). Draws nothing when dropout is 0. */
export function droppedOut(noise: SensorNoise, rng: Rng): boolean {
  return noise.dropout > 0 && rng.next() < noise.dropout;
}

/** `value` plus bias plus Gaussian noise, in the reading's unit. Draws nothing when the std is 0. */
export function perturb(value: number, noise: SensorNoise, rng: Rng): number {
  return value + noise.bias + (noise.gaussianStd > 0 ? noise.gaussianStd * rng.normal() : 0);
}

/** One reading through the sensor: `previous` (the last reading, 0 before the first) when it drops out, else perturbed. */
export function sense(value: number, noise: SensorNoise, rng: Rng, previous = 0): number {
  return droppedOut(noise, rng) ? previous : perturb(value, noise, rng);
}
