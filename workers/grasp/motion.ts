/** Palm motion profiles: point-to-point moves and the shake. Times in seconds, distances in metres. */
import type { GraspTask } from '../../scenes/schema/task';
import { cos, sin } from '../../scenes/portable-math';
import { add, scale, type Vec3 } from '../physics/math';

/** Distance travelled along a move as a function of time since its start. */
export interface Profile {
  /** Seconds from rest to rest. */
  duration: number;
  /** Distance covered after `t` seconds, clamped to [0, distance], metres. */
  at(t: number): number;
}

/**
 * Trapezoidal speed profile over `distance` metres: accelerate at
 * `acceleration` m/s² up to `speed` m/s, cruise, decelerate to rest
 * (triangular when the move is too short to reach full speed).
 */
export function trapezoid(distance: number, speed: number, acceleration: number): Profile {
  if (distance <= 0) return { duration: 0, at: () => 0 };
  const rampTime = Math.min(speed / acceleration, Math.sqrt(distance / acceleration));
  const peak = acceleration * rampTime;
  const rampDistance = 0.5 * acceleration * rampTime * rampTime;
  const cruiseTime = (distance - 2 * rampDistance) / peak;
  const duration = 2 * rampTime + cruiseTime;
  return {
    duration,
    at(t: number): number {
      if (t <= 0) return 0;
      if (t >= duration) return distance;
      if (t < rampTime) return 0.5 * acceleration * t * t;
      if (t < rampTime + cruiseTime) return rampDistance + peak * (t - rampTime);
      const r = duration - t;
      return distance - 0.5 * acceleration * r * r;
    },
  };
}

/** Smooth 0..1 ramp with zero slope at both ends. */
function smoothstep(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

/**
 * Palm offset `t` seconds into the shake: a circle of radius
 * `shake.amplitude` in the vertical plane through `horizontal`, at
 * `shake.frequencyHz`, faded in and out over half a period (capped at a
 * quarter of the shake) so it starts and ends at rest. Vertical motion
 * loads the grip along gravity; horizontal motion swings the object about
 * the fingers.
 */
export function shakeOffset(t: number, shake: GraspTask['shake'], horizontal: Vec3): Vec3 {
  const total = shake.seconds;
  if (t <= 0 || t >= total || shake.amplitude === 0) return [0, 0, 0];
  const ramp = Math.min(0.5 / shake.frequencyHz, total / 4);
  const envelope = smoothstep(t / ramp) * smoothstep((total - t) / ramp);
  const phase = 2 * Math.PI * shake.frequencyHz * t;
  const a = shake.amplitude * envelope;
  return add(scale([0, 0, 1], a * sin(phase)), scale(horizontal, a * cos(phase)));
}
