/** Types shared by the grasp engine's parts. Units: metres, seconds, newtons. */
import type { Vec3 } from '../physics/math';

/**
 * One parallel-jaw grasp on the target, in world coordinates (as ACRONYM
 * stores them: a gripper pose that puts two contacts between the pads).
 */
export interface GraspCandidate {
  /** Midpoint of the two contacts, where the grasp point of the gripper goes, metres. */
  center: Vec3;
  /** Unit closing axis (the palm's local +Y). */
  closingAxis: Vec3;
  /** Unit direction the palm travels to reach the grasp (the palm's local -Z). */
  approach: Vec3;
  /** Distance between the two contact points, metres. */
  width: number;
  /** The two sampled surface contacts, metres. */
  contacts: [Vec3, Vec3];
}

/** Phases of one grasp episode, in order. */
export type Phase = 'approach' | 'close' | 'lift' | 'hold' | 'shake' | 'done';

/** What the controller asks of the robot at one instant. */
export interface Command {
  /** Palm position target, world frame, metres. */
  target: Vec3;
  /** Commanded distance between the pads, metres (0 = close with the grip force). */
  opening: number;
  phase: Phase;
}
