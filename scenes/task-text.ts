/**
 * Natural-language task strings made from a resolved scene, e.g.
 * "pick up the red mug" or "drive to the kitchen doorway". They become the
 * LeRobot tasks of the episodes, so they must describe the resolved values
 * (a mug randomized to blue is "the blue mug").
 */
import type { SceneDoc } from './schema/scene';

/** Basic colour names with sRGB anchors, for naming a body's colour. */
const COLOR_NAMES: readonly [string, number, number, number][] = [
  ['black', 20, 20, 20],
  ['grey', 128, 128, 128],
  ['white', 240, 240, 240],
  ['red', 210, 40, 40],
  ['orange', 245, 140, 30],
  ['yellow', 235, 210, 40],
  ['green', 50, 160, 60],
  ['blue', 40, 110, 200],
  ['purple', 140, 90, 180],
  ['pink', 240, 150, 190],
  ['brown', 130, 85, 50],
];

/** The nearest basic colour name of "#rrggbb". */
export function colorName(hex: string): string {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  let best = COLOR_NAMES[0]!;
  let bestDistance = Infinity;
  for (const entry of COLOR_NAMES) {
    const [dr, dg, db] = [entry[1] - r, entry[2] - g, entry[3] - b];
    const d = dr * dr + dg * dg + db * db;
    if (d < bestDistance) {
      bestDistance = d;
      best = entry;
    }
  }
  return best[0];
}

/** The task of a resolved scene in words. */
export function taskText(scene: SceneDoc): string {
  const task = scene.task;
  if (task.type === 'grasp') {
    const target = scene.bodies.find((b) => b.id === task.target);
    if (!target) return `pick up ${task.target}`;
    const noun = target.semantic.class.replace(/[-_]+/g, ' ');
    return `pick up the ${colorName(target.visual.color)} ${noun}`;
  }
  const [x, y] = task.goal.position;
  return task.goal.name ? `drive to the ${task.goal.name}` : `drive to (${x.toFixed(1)} m, ${y.toFixed(1)} m)`;
}
