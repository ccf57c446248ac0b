/**
 * Imperfect actuation of the base: each velocity command is scaled by
 * (1 + noiseStd * N(0, 1)) per component, saturated at the speed limits, and
 * takes effect `latency` seconds (rounded to whole physics steps) after it is
 * issued. Before the first command takes effect the base stands still.
 */
import type { Rng } from '../../scenes/rng';

/** A velocity command: linear m/s along the heading, angular rad/s about +Z. */
export interface Twist {
  linear: number;
  angular: number;
}

export interface ActuationLimits {
  /** m/s */
  maxLinear: number;
  /** rad/s */
  maxAngular: number;
  /** Relative standard deviation of command noise (0.05 = 5 %). */
  noiseStd: number;
  /** Delay between a command and its effect, seconds. */
  latency: number;
}

/** Clamps a command to the limits (symmetric). */
export function clampTwist(t: Twist, maxLinear: number, maxAngular: number): Twist {
  return {
    linear: Math.max(-maxLinear, Math.min(maxLinear, t.linear)),
    angular: Math.max(-maxAngular, Math.min(maxAngular, t.angular)),
  };
}

/** The command path from controller to motors: noise, saturation and latency. */
export class Actuator {
  private readonly latencySteps: number;
  private readonly pending: { step: number; twist: Twist }[] = [];
  private current: Twist = { linear: 0, angular: 0 };

  /** `stepHz`: physics steps per second; `rng`: the episode's actuation stream. */
  constructor(private readonly limits: ActuationLimits, stepHz: number, private readonly rng: Rng) {
    this.latencySteps = Math.round(limits.latency * stepHz);
  }

  /** Issues `command` (already clamped) at physics step `step`; returns what the motors will really do. */
  issue(step: number, command: Twist): Twist {
    const { noiseStd, maxLinear, maxAngular } = this.limits;
    const noisy =
      noiseStd > 0
        ? { linear: command.linear * (1 + noiseStd * this.rng.normal()), angular: command.angular * (1 + noiseStd * this.rng.normal()) }
        : command;
    const twist = clampTwist(noisy, maxLinear, maxAngular);
    this.pending.push({ step: step + this.latencySteps, twist });
    return twist;
  }

  /** The twist in effect during physics step `step` (steps must be queried in increasing order). */
  at(step: number): Twist {
    while (this.pending.length > 0 && this.pending[0]!.step <= step) this.current = this.pending.shift()!.twist;
    return this.current;
  }
}
