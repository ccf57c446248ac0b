/**
 * The scripted grasp controller: approach from the pre-grasp pose, close,
 * lift, hold, shake. Time-driven except for the end of closing, which the
 * executor signals once the fingers have stopped on something.
 */
import type { GraspTask } from '../../scenes/schema/task';
import { add, scale, type Vec3 } from '../physics/math';
import { shakeOffset, type Profile } from './motion';
import type { Command, Phase } from './types';

/** Where the palm goes and how fast. Positions in the world frame, metres; durations in seconds. */
export interface MotionPlan {
  /** Palm position at the pre-grasp pose (task.approachDistance back along the approach). */
  pre: Vec3;
  /** Palm position at the grasp. */
  grasp: Vec3;
  /** Unit approach direction. */
  approach: Vec3;
  approachProfile: Profile;
  /** Palm position after the lift. */
  lifted: Vec3;
  liftProfile: Profile;
  holdSeconds: number;
  shake: GraspTask['shake'];
  /** Unit horizontal axis of the shake circle. */
  shakeHorizontal: Vec3;
  /** Pad distance while open, metres. */
  maxOpening: number;
}

/** Issues the palm target and finger command for each instant of the episode. */
export class GraspController {
  private current: Phase = 'approach';
  private start = 0;

  constructor(private readonly plan: MotionPlan) {}

  /** The phase the controller is commanding. */
  get phase(): Phase {
    return this.current;
  }

  /** Ends the close phase at time `t` (seconds): the lift starts. */
  closeFinished(t: number): void {
    if (this.current !== 'close') throw new Error(`closeFinished called during ${this.current}`);
    this.current = 'lift';
    this.start = t;
  }

  /** The command at episode time `t`, seconds (non-decreasing between calls). */
  command(t: number): Command {
    const p = this.plan;
    for (;;) {
      const elapsed = t - this.start;
      if (this.current === 'approach' && elapsed >= p.approachProfile.duration) this.advance('close', t);
      else if (this.current === 'lift' && elapsed >= p.liftProfile.duration) this.advance('hold', this.start + p.liftProfile.duration);
      else if (this.current === 'hold' && elapsed >= p.holdSeconds) this.advance('shake', this.start + p.holdSeconds);
      else if (this.current === 'shake' && elapsed >= p.shake.seconds) this.advance('done', this.start + p.shake.seconds);
      else break;
    }
    const tau = t - this.start;
    switch (this.current) {
      case 'approach':
        return { target: add(p.pre, scale(p.approach, p.approachProfile.at(tau))), opening: p.maxOpening, phase: 'approach' };
      case 'close':
        return { target: p.grasp, opening: 0, phase: 'close' };
      case 'lift':
        return { target: add(p.grasp, [0, 0, p.liftProfile.at(tau)]), opening: 0, phase: 'lift' };
      case 'hold':
        return { target: p.lifted, opening: 0, phase: 'hold' };
      case 'shake':
        return { target: add(p.lifted, shakeOffset(tau, p.shake, p.shakeHorizontal)), opening: 0, phase: 'shake' };
      case 'done':
        return { target: p.lifted, opening: 0, phase: 'done' };
    }
  }

  private advance(next: Phase, at: number): void {
    this.current = next;
    this.start = at;
  }
}
