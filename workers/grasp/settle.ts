/**
 * Lets a freshly built scene come to rest before the grasp is planned, the
 * way a real cell is at rest when the robot starts: objects placed slightly
 * above their support drop, bounce and stop. Bodies at rest are then put to
 * sleep (as Rapier does by itself after 2 s of rest); they wake as soon as
 * something touches them, so this only saves steps.
 */
import type { BuiltWorld } from '../physics/world';
import { SETTLE_ANGULAR_SPEED, SETTLE_LINEAR_SPEED, SETTLE_MAX_SECONDS, SETTLE_QUIET_SECONDS } from './constants';

/** How settling went. */
export interface SettleResult {
  /** Physics steps taken. */
  steps: number;
  /** Whether every dynamic body came to rest within SETTLE_MAX_SECONDS. */
  atRest: boolean;
}

/** Steps `built.world` until every dynamic body has been slow for SETTLE_QUIET_SECONDS (at most SETTLE_MAX_SECONDS). */
export function settle(built: BuiltWorld): SettleResult {
  const { world, dt } = built;
  const dynamic = [...built.bodies.values()].filter((b) => b.doc.kind === 'dynamic').map((b) => b.body);
  const maxSteps = Math.ceil(SETTLE_MAX_SECONDS / dt);
  const quietNeeded = Math.max(1, Math.ceil(SETTLE_QUIET_SECONDS / dt));
  let quiet = 0;
  let steps = 0;
  while (steps < maxSteps && quiet < quietNeeded) {
    world.step();
    steps++;
    quiet = dynamic.every((body) => isSlow(body)) ? quiet + 1 : 0;
  }
  const atRest = quiet >= quietNeeded;
  if (atRest) for (const body of dynamic) if (!body.isSleeping()) body.sleep();
  return { steps, atRest };
}

function isSlow(body: { isSleeping(): boolean; linvel(): { x: number; y: number; z: number }; angvel(): { x: number; y: number; z: number } }): boolean {
  if (body.isSleeping()) return true;
  const v = body.linvel();
  const w = body.angvel();
  return Math.hypot(v.x, v.y, v.z) < SETTLE_LINEAR_SPEED && Math.hypot(w.x, w.y, w.z) < SETTLE_ANGULAR_SPEED;
}
