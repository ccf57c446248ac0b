/**
 * Imperfect actuation between the controller and the robot: commands take
 * effect `latency` seconds late, and every control period each palm axis's
 * commanded motion and the finger force get a multiplicative error drawn
 * with relative standard deviation `noiseStd` (so position errors
 * accumulate like a velocity-controlled arm's).
 */
import type { Rng } from '../../scenes/rng';
import type { ParallelGripper } from '../../scenes/schema/robots';
import type { Vec3 } from '../physics/math';
import type { Command } from './types';

/** What the robot actually executes during one physics step. */
export interface Applied {
  /** Palm position, world frame, metres. */
  palm: Vec3;
  /** Commanded pad distance, metres. */
  opening: number;
  /** Multiplier on the grip force (1 without noise). */
  forceScale: number;
  phase: Command['phase'];
}

/** Delays commands by the latency and perturbs them with seeded multiplicative noise, one physics step at a time. */
export class Actuator {
  private readonly delaySteps: number;
  private readonly history: Command[] = [];
  private previous: Command;
  private readonly palm: Vec3;
  private factors: [number, number, number, number] = [1, 1, 1, 1];
  private stepIndex = 0;

  /**
   * @param dt physics step, seconds
   * @param controlPeriodSteps steps between fresh noise draws
   * @param initial the command in force before the first one arrives (the start pose)
   */
  constructor(
    private readonly actuation: ParallelGripper['actuation'],
    dt: number,
    private readonly controlPeriodSteps: number,
    private readonly rng: Rng,
    initial: Command,
  ) {
    this.delaySteps = Math.round(actuation.latency / dt);
    this.previous = initial;
    this.palm = [...initial.target];
    for (let i = 0; i < this.delaySteps; i++) this.history.push(initial);
  }

  /** Latency in whole physics steps. */
  get latencySteps(): number {
    return this.delaySteps;
  }

  /** Takes this step's command; returns what the robot does during this step. */
  apply(command: Command): Applied {
    this.history.push(command);
    const current = this.history.shift() as Command;
    const sigma = this.actuation.noiseStd;
    if (sigma > 0 && this.stepIndex % this.controlPeriodSteps === 0) {
      for (let k = 0; k < 4; k++) this.factors[k] = Math.max(0, 1 + sigma * this.rng.normal());
    }
    this.stepIndex++;
    for (let k = 0; k < 3; k++) {
      const delta = (current.target[k] as number) - (this.previous.target[k] as number);
      this.palm[k] = sigma > 0 ? (this.palm[k] as number) + delta * this.factors[k]! : (current.target[k] as number);
    }
    this.previous = current;
    return { palm: [...this.palm], opening: current.opening, forceScale: this.factors[3], phase: current.phase };
  }
}
