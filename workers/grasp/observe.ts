/**
 * Recording at the task's frame rate: what the robot senses (palm pose,
 * finger opening, tactile readings, all through the robot's sensor noise),
 * what it was commanded, and the target's true pose.
 */
import { Rng } from '../../scenes/rng';
import type { ParallelGripper } from '../../scenes/schema/robots';
import type { Channel } from '../episode';
import type { Vec3 } from '../physics/math';
import type { Rapier } from '../physics/rapier';
import type { BuiltBody } from '../physics/world';
import { readFinger, type FingerReading } from './contacts';
import type { Pose } from './frames';
import { opening, type Gripper } from './gripper';
import { ChannelWriter } from './recorder';
import { droppedOut, perturb, sense } from './sensors';
import type { Command } from './types';

type World = InstanceType<Rapier['World']>;

/** Channel names, one per dimension. */
export const CHANNEL_NAMES = {
  'observation.state': ['palm.x', 'palm.y', 'palm.z', 'palm.qx', 'palm.qy', 'palm.qz', 'palm.qw', 'opening'],
  action: ['target.x', 'target.y', 'target.z', 'opening'],
  'observation.tactile': ['left.force', 'left.x', 'left.y', 'left.z', 'right.force', 'right.x', 'right.y', 'right.z'],
  'object.pose': ['x', 'y', 'z', 'qx', 'qy', 'qz', 'qw'],
} as const;

/** True (noise-free) readings of one frame, for labels and metrics. */
export interface FrameTruth {
  left: FingerReading;
  right: FingerReading;
  /** Pad distance, metres. */
  opening: number;
}

/** Writes the episode's channels, one frame at a time, through the robot's sensor noise. */
export class Observer {
  private readonly writers: Record<keyof typeof CHANNEL_NAMES, ChannelWriter>;
  private readonly proprioRng: Rng;
  private readonly forceRng: Rng;
  /** Last readings, repeated when a reading drops out (0 before the first). */
  private lastOpening = 0;
  private readonly lastTactile: [[number, number, number, number], [number, number, number, number]] = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];

  /** Noise streams are keyed by the episode seed and the attempt. */
  constructor(
    private readonly robot: ParallelGripper,
    seed: string,
    attempt: number,
    capacity: number,
  ) {
    this.writers = {
      'observation.state': new ChannelWriter([...CHANNEL_NAMES['observation.state']], capacity),
      action: new ChannelWriter([...CHANNEL_NAMES.action], capacity),
      'observation.tactile': new ChannelWriter([...CHANNEL_NAMES['observation.tactile']], capacity),
      'object.pose': new ChannelWriter([...CHANNEL_NAMES['object.pose']], capacity),
    };
    this.proprioRng = Rng.fromKey(seed, 'grasp-proprioception', attempt);
    this.forceRng = Rng.fromKey(seed, 'grasp-force', attempt);
  }

  get frames(): number {
    return this.writers.action.length;
  }

  /** Records one frame with the palm at `palm` and `command` in force; returns the true readings. */
  record(world: World, gripper: Gripper, palm: Pose, target: BuiltBody, command: Command, dt: number): FrameTruth {
    const truth = this.peek(world, gripper, palm, target, dt);
    const { p, q } = palm;
    this.lastOpening = sense(truth.opening, this.robot.proprioceptionNoise, this.proprioRng, this.lastOpening);
    this.writers['observation.state'].push([p[0], p[1], p[2], q.x, q.y, q.z, q.w, this.lastOpening]);
    this.writers.action.push([command.target[0], command.target[1], command.target[2], command.opening]);
    this.writers['observation.tactile'].push([...this.tactile(truth.left, 0), ...this.tactile(truth.right, 1)]);
    const t = target.body.translation();
    const r = target.body.rotation();
    this.writers['object.pose'].push([t.x, t.y, t.z, r.x, r.y, r.z, r.w]);
    return truth;
  }

  /** The true readings now, without recording (`dt`: the last step, seconds). */
  peek(world: World, gripper: Gripper, palm: Pose, target: BuiltBody, dt: number): FrameTruth {
    return {
      left: readFinger(world, gripper.fingers[0], palm, dt, target.collider.handle),
      right: readFinger(world, gripper.fingers[1], palm, dt, target.collider.handle),
      opening: opening(gripper, palm.p),
    };
  }

  /** The recorded channels (exact-size buffers). */
  channels(): Record<string, Channel> {
    const out: Record<string, Channel> = {};
    for (const [key, writer] of Object.entries(this.writers)) out[key] = writer.finish();
    return out;
  }

  /** Force through the force sensor's noise; a dropout repeats the finger's previous reading. */
  private tactile(reading: FingerReading, side: 0 | 1): [number, number, number, number] {
    const noise = this.robot.forceNoise;
    if (droppedOut(noise, this.forceRng)) return this.lastTactile[side];
    const point: Vec3 = reading.point;
    const value: [number, number, number, number] = [perturb(reading.force, noise, this.forceRng), point[0], point[1], point[2]];
    this.lastTactile[side] = value;
    return value;
  }
}

/** Empty channels with their names (for episodes that record nothing). */
export function emptyChannels(): Record<string, Channel> {
  const out: Record<string, Channel> = {};
  for (const [key, names] of Object.entries(CHANNEL_NAMES)) out[key] = { names: [...names], data: new Float32Array(0) };
  return out;
}
