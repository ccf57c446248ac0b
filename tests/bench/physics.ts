/**
 * The rollout engine against raw Rapier stepping of the same world, in one
 * thread. The engine runs whole episodes (world building, settling, grasp
 * planning, controllers, sensors, recording). The reference is the time
 * spent inside Rapier's world.step() during those same episodes: the same
 * world, the same motion and contacts, so their ratio is the share of the
 * engine's time that is physics, and 1 - ratio its overhead.
 */
import { sample } from '../../scenes/sample';
import type { SceneDoc } from '../../scenes/schema/scene';
import type { MeshLibrary } from '../../workers/physics/mesh';
import type { Rapier } from '../../workers/physics/rapier';
import { runEpisode } from '../../workers/rollout/run-episode';

export interface EngineVsRaw {
  engineStepsPerSecond: number;
  rawStepsPerSecond: number;
  episodesPerSecond: number;
  stepsPerEpisode: number;
}

/** Wraps World.prototype.step to count calls and the milliseconds spent in them. */
function instrumentStep(R: Rapier): { reset(): void; read(): { calls: number; ms: number }; restore(): void } {
  const proto = R.World.prototype as { step: (...args: unknown[]) => unknown };
  const original = proto.step;
  let calls = 0;
  let ms = 0;
  proto.step = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const result = original.apply(this, args);
    ms += performance.now() - t0;
    calls++;
    return result;
  };
  return {
    reset: () => {
      calls = 0;
      ms = 0;
    },
    read: () => ({ calls, ms }),
    restore: () => {
      proto.step = original;
    },
  };
}

/** Runs `warmup` untimed then `episodes` timed episodes of job seed 7. */
export function engineVsRaw(R: Rapier, scene: SceneDoc, meshes: MeshLibrary, episodes: number, warmup: number): EngineVsRaw {
  const specs = [...Array(episodes + warmup).keys()].map((i) => sample(scene, 7, i));
  const meter = instrumentStep(R);
  try {
    for (const spec of specs.slice(0, warmup)) runEpisode(R, spec, meshes);
    meter.reset();
    const t0 = performance.now();
    for (const spec of specs.slice(warmup)) runEpisode(R, spec, meshes);
    const engineMs = performance.now() - t0;
    const { calls, ms } = meter.read();
    return {
      engineStepsPerSecond: (calls / engineMs) * 1000,
      rawStepsPerSecond: (calls / ms) * 1000,
      episodesPerSecond: (episodes / engineMs) * 1000,
      stepsPerEpisode: calls / episodes,
    };
  } finally {
    meter.restore();
  }
}
