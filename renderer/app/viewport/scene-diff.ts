/** Decides whether a document change needs the 3D scene rebuilt or only bodies moved. */
import type { Body } from '../../../scenes/schema/bodies';
import type { SceneDoc } from '../../../scenes/schema/scene';

/** Body fields that do not change what the viewport draws, apart from the pose. */
const UNDRAWN: readonly (keyof Body)[] = ['physics', 'name'];

/**
 * The bodies whose pose changed when nothing else drawn did, or undefined
 * when the scene must be rebuilt (relies on unchanged parts keeping their
 * identity, as the history's diffs guarantee).
 */
export function movedBodies(prev: SceneDoc, next: SceneDoc): Body[] | undefined {
  if (prev.robots !== next.robots || prev.lights !== next.lights || prev.cameras !== next.cameras) return undefined;
  if (prev.bodies === next.bodies) return [];
  if (prev.bodies.length !== next.bodies.length) return undefined;
  const moved: Body[] = [];
  for (let i = 0; i < next.bodies.length; i++) {
    const a = prev.bodies[i] as Body;
    const b = next.bodies[i] as Body;
    if (a === b) continue;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Body)[]);
    for (const key of keys) {
      if (key === 'pose' || UNDRAWN.includes(key) || a[key] === b[key]) continue;
      return undefined;
    }
    if (a.pose !== b.pose) moved.push(b);
  }
  return moved;
}
