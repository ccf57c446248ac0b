/** The scene document: everything a job needs to make episodes. */
import { z } from 'zod';
import { canonicalPointer } from '../pointer';
import { Body } from './bodies';
import { Vec3 } from './primitives';
import { RandomizationEntry } from './randomization';
import { Robot } from './robots';
import { Camera, Light } from './sensors';
import { Task } from './task';

/** The schema version this build writes; older documents are migrated on load. */
export const SCENE_SCHEMA_VERSION = 1;

export const Physics = z.strictObject({
  stepHz: z.number().int().min(30).max(2000).default(240).describe('physics steps per second'),
  gravity: Vec3.default([0, 0, -9.81]).describe('metres per second squared; Z is up'),
  contactNaturalFrequency: z.number().min(1).max(1000).default(120).describe('contact stiffness, hertz (Rapier defaults to 30, which is soft)'),
  solverIterations: z.number().int().min(1).max(64).default(8),
});
const PHYSICS_DEFAULTS = { stepHz: 240, gravity: [0, 0, -9.81] as [number, number, number], contactNaturalFrequency: 120, solverIterations: 8 };

const SceneFields = z.strictObject({
  schemaVersion: z.literal(SCENE_SCHEMA_VERSION),
  name: z.string().min(1).max(128),
  description: z.string().max(2000).default(''),
  physics: Physics.default(PHYSICS_DEFAULTS),
  bodies: z.array(Body).max(10_000),
  lights: z.array(Light).max(64).default([]),
  cameras: z.array(Camera).max(64).default([]),
  robots: z.array(Robot).min(1).max(16),
  task: Task,
  randomization: z.array(RandomizationEntry).max(10_000).default([]),
});

export const SceneDoc = SceneFields.superRefine(checkReferences);
export type SceneDoc = z.infer<typeof SceneDoc>;
/** The document as written on disk, before defaults are filled in. */
export type SceneDocInput = z.input<typeof SceneDoc>;

type Parsed = z.output<typeof SceneFields>;

/** Cross-field rules that a per-field schema cannot state. */
function checkReferences(doc: Parsed, ctx: z.RefinementCtx): void {
  const seenIds = new Map<string, string>();
  const groups = [['bodies', doc.bodies], ['lights', doc.lights], ['cameras', doc.cameras], ['robots', doc.robots]] as const;
  for (const [group, items] of groups) {
    items.forEach((item, i) => {
      const earlier = seenIds.get(item.id);
      if (earlier !== undefined) {
        ctx.addIssue({ code: 'custom', path: [group, i, 'id'], message: `id "${item.id}" is already used at ${earlier}`, input: item.id });
      } else {
        seenIds.set(item.id, `/${group}/${i}/id`);
      }
    });
  }

  const instanceOwner = new Map<number, number>();
  doc.bodies.forEach((b, i) => {
    const other = instanceOwner.get(b.semantic.instanceId);
    if (other !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['bodies', i, 'semantic', 'instanceId'], message: `instanceId ${b.semantic.instanceId} is already used by /bodies/${other}`, input: b.semantic.instanceId });
    } else {
      instanceOwner.set(b.semantic.instanceId, i);
    }
  });

  const robot = doc.robots.find((r) => r.id === doc.task.robot);
  const wantedType = doc.task.type === 'grasp' ? 'parallel-gripper' : 'diff-drive';
  if (!robot) {
    ctx.addIssue({ code: 'custom', path: ['task', 'robot'], message: `no robot has id "${doc.task.robot}"`, input: doc.task.robot });
  } else if (robot.type !== wantedType) {
    ctx.addIssue({ code: 'custom', path: ['task', 'robot'], message: `a ${doc.task.type} task needs a ${wantedType} robot, "${robot.id}" is ${robot.type}`, input: doc.task.robot });
  }

  const task = doc.task;
  if (task.type === 'grasp') {
    const target = doc.bodies.find((b) => b.id === task.target);
    if (!target) {
      ctx.addIssue({ code: 'custom', path: ['task', 'target'], message: `no body has id "${task.target}"`, input: task.target });
    } else if (target.kind !== 'dynamic') {
      ctx.addIssue({ code: 'custom', path: ['task', 'target'], message: `the grasp target must be a dynamic body, "${target.id}" is ${target.kind}`, input: task.target });
    }
  }

  const robotIds = new Set(doc.robots.map((r) => r.id));
  doc.cameras.forEach((c, i) => {
    if (c.attachTo !== undefined && !robotIds.has(c.attachTo)) {
      ctx.addIssue({ code: 'custom', path: ['cameras', i, 'attachTo'], message: `no robot has id "${c.attachTo}"`, input: c.attachTo });
    }
  });

  const seenPaths = new Map<string, number>();
  doc.randomization.forEach((r, i) => {
    // "/bodies/mug/..." and "/bodies/2/..." may name one property.
    const location = canonicalPointer(doc, r.path) ?? r.path;
    const other = seenPaths.get(location);
    if (other !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['randomization', i, 'path'], message: `path is already randomized by /randomization/${other}`, input: r.path });
    } else {
      seenPaths.set(location, i);
    }
  });
}
