/** Human-readable outcome lines of a navigation episode, with the values that explain them. */
import { CONTACT_MARGIN } from './base';
import { distanceToPolygon, type Footprint } from './footprint';

/** The footprint nearest to (x, y) and its distance in metres (Infinity when there is none). */
export function nearestFootprint(footprints: readonly Footprint[], x: number, y: number): { id: string; distance: number } {
  let best = { id: '', distance: Infinity };
  for (const f of footprints) {
    const d = distanceToPolygon(f.points, x, y);
    if (d < best.distance) best = { id: f.id, distance: d };
  }
  return best;
}

/** The values an outcome line reports. */
export interface OutcomeFacts {
  outcome: 'success' | 'timeout' | 'no_path';
  goalLabel: string;
  goal: { x: number; y: number; radius: number };
  start: readonly [number, number];
  /** Seconds to the goal (success). */
  timeToGoal: number;
  /** Metres from the goal centre at the end. */
  finalDistance: number;
  /** Seconds. */
  timeLimit: number;
  /** Metres. */
  travelled: number;
  /** Metres, NaN when the goal is unreachable. */
  shortest: number;
  collisions: number;
  replans: number;
  /** Gap between the base's edge and the nearest mapped obstacle at the start, metres, and that obstacle's id. */
  startGap: number;
  nearestId: string;
  /** Metres. */
  radius: number;
  inflation: number;
}

/** E.g. "reached loading dock in 14.2 s (travelled 15.1 m, shortest 14.0 m, 0 collisions)". */
export function outcomeDetail(f: OutcomeFacts): string {
  const overlap =
    f.startGap < 0
      ? `; the start overlaps "${f.nearestId}" by ${(-f.startGap * 100).toFixed(1)} cm`
      : f.startGap <= CONTACT_MARGIN
        ? `; the start touches "${f.nearestId}"`
        : '';
  const shortest = Number.isNaN(f.shortest) ? 'none' : `${f.shortest.toFixed(1)} m`;
  const replans = f.replans ? `, ${f.replans} replan${f.replans === 1 ? '' : 's'}` : '';
  const summary = `travelled ${f.travelled.toFixed(1)} m, shortest ${shortest}, ${f.collisions} collision${f.collisions === 1 ? '' : 's'}${replans}${overlap}`;
  switch (f.outcome) {
    case 'success':
      return `reached ${f.goalLabel} in ${f.timeToGoal.toFixed(1)} s (${summary})`;
    case 'timeout':
      return `timed out ${f.finalDistance.toFixed(1)} m from ${f.goalLabel} after ${f.timeLimit} s (${summary})`;
    case 'no_path':
      return (
        `no path from (${f.start[0].toFixed(2)}, ${f.start[1].toFixed(2)}) to ${f.goalLabel} at (${f.goal.x.toFixed(2)}, ${f.goal.y.toFixed(2)}) ` +
        `within ${f.goal.radius} m for a base of radius ${f.radius} m plus ${f.inflation} m inflation${overlap}`
      );
  }
}
