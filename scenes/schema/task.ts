/** Tasks: what an episode tries to do and how success is judged. */
import { z } from 'zod';
import { Id, NonNegative, Positive, Vec2 } from './primitives';

const recordFps = z.number().int().min(1).max(240).default(30).describe('frames recorded per second');

export const GraspTask = z.strictObject({
  type: z.literal('grasp'),
  robot: Id.describe('id of a parallel-gripper robot'),
  target: Id.describe('id of the dynamic body to grasp'),
  approachDirections: z.enum(['top', 'side', 'any']).default('any').describe('which approach axes grasp candidates may use'),
  approachDistance: Positive.max(1).default(0.12).describe('pre-grasp stand-off along the approach axis, metres'),
  frictionConeDeg: z.number().gt(0).max(60).default(15).describe('antipodal tolerance of candidate contacts, degrees'),
  liftHeight: Positive.max(2).default(0.15).describe('metres'),
  holdSeconds: NonNegative.max(30).default(1).describe('seconds held still after the lift'),
  shake: z
    .strictObject({
      amplitude: NonNegative.max(0.5).default(0.03).describe('metres'),
      frequencyHz: Positive.max(20).default(2).describe('hertz'),
      seconds: NonNegative.max(30).default(1.5).describe('seconds'),
    })
    .default({ amplitude: 0.03, frequencyHz: 2, seconds: 1.5 }),
  recordFps,
});
export type GraspTask = z.infer<typeof GraspTask>;

export const NavigationTask = z.strictObject({
  type: z.literal('navigation'),
  robot: Id.describe('id of a diff-drive robot; its pose is the start'),
  goal: z.strictObject({
    position: Vec2.describe('centre of the goal region on the floor, metres'),
    radius: Positive.max(10).default(0.3).describe('metres'),
    name: z.string().min(1).max(64).optional().describe('place name used in the task text, e.g. "kitchen doorway"'),
  }),
  timeLimit: Positive.max(3600).default(60).describe('seconds'),
  cellSize: z.number().min(0.01).max(1).default(0.05).describe('occupancy grid resolution, metres'),
  inflation: NonNegative.max(2).default(0.05).describe('clearance kept beyond the robot radius, metres'),
  recordFps,
});
export type NavigationTask = z.infer<typeof NavigationTask>;

export const Task = z.discriminatedUnion('type', [GraspTask, NavigationTask]);
export type Task = z.infer<typeof Task>;
