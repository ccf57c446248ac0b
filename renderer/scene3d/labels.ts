/**
 * Label tables of a scene, stable across the episodes of a job (they depend
 * on the document's bodies and robots, enabled or not, never on a frame).
 *
 * Semantic classes: index 0 is "background"; then every distinct class of
 * the scene's bodies and robots (robots: ROBOT_CLASS of their type), sorted
 * by UTF-16 code units, numbered from 1.
 * Instances: a body's instanceId is its `semantic.instanceId`; each robot
 * (all its parts together) takes the largest id <= 65535 that no body uses,
 * in the order of the document's robots. 0 is background.
 */
import type { SceneDoc } from '../../scenes/schema/scene';
import { ROBOT_CLASS } from './robots';

/** One labeled instance: a body or a whole robot. */
export interface InstanceInfo {
  instanceId: number;
  /** Body id or robot id. */
  id: string;
  kind: 'body' | 'robot';
  className: string;
  classIndex: number;
}

export interface LabelTables {
  /** classes[i] is the name of class index i; classes[0] === 'background'. */
  classes: string[];
  /** Every body and robot of the document, in document order (bodies first). */
  instances: InstanceInfo[];
}

/** The label tables of `doc`. */
export function labelTables(doc: SceneDoc): LabelTables {
  const names = new Set<string>();
  for (const b of doc.bodies) names.add(b.semantic.class);
  for (const r of doc.robots) names.add(ROBOT_CLASS[r.type]);
  const sorted = [...names].sort();
  const classes = ['background', ...sorted];
  const index = new Map(classes.map((c, i) => [c, i]));
  const instances: InstanceInfo[] = doc.bodies.map((b) => ({
    instanceId: b.semantic.instanceId,
    id: b.id,
    kind: 'body',
    className: b.semantic.class,
    classIndex: index.get(b.semantic.class) as number,
  }));
  const used = new Set(instances.map((i) => i.instanceId));
  let next = 65535;
  for (const r of doc.robots) {
    while (used.has(next)) next--;
    used.add(next);
    const className = ROBOT_CLASS[r.type];
    instances.push({ instanceId: next, id: r.id, kind: 'robot', className, classIndex: index.get(className) as number });
  }
  return { classes, instances };
}

/** A lookup from instanceId to class index (0 for unknown ids and background). */
export function classLookup(tables: LabelTables): Uint16Array {
  const lut = new Uint16Array(65536);
  for (const i of tables.instances) lut[i.instanceId] = i.classIndex;
  return lut;
}
