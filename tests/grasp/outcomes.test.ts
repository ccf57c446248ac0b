/**
 * Labels and robot imperfections: fingers closing on nothing, hitting
 * something on the way in, sensor noise and dropouts, actuation latency,
 * retries, and the Rapier world being freed even when a step throws.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { executeGrasp, runGraspEpisode } from '../../workers/grasp';
import { loadRapier, type Rapier } from '../../workers/physics/rapier';
import { boxOnTable, graspScene, specOf, TABLE_TOP, topGrasp } from './builders';

let R: Rapier;
beforeAll(async () => {
  R = await loadRapier();
});

const cubeScene = (extra: Parameters<typeof graspScene>[0]['gripper'] = {}, others: Parameters<typeof graspScene>[0]['others'] = []) =>
  graspScene({ target: boxOnTable('cube', [0.06, 0.06, 0.06], 1, 0.7), gripper: { gripForce: 60, ...extra }, others });
const centred = topGrasp([0, 0, TABLE_TOP + 0.04], 0.06);

/** Column `name` of a channel of `record`, as numbers. */
function column(record: ReturnType<typeof executeGrasp>, channel: string, name: string): number[] {
  const c = record.channels[channel]!;
  const k = c.names.indexOf(name);
  expect(k).toBeGreaterThanOrEqual(0);
  return Array.from({ length: record.frames }, (_, f) => c.data[f * c.names.length + k]!);
}

describe('grasp outcomes', () => {
  it('labels fingers that close on empty air as no_contact and stops there', () => {
    const record = executeGrasp(R, specOf(cubeScene()), {}, topGrasp([0.3, 0.2, TABLE_TOP + 0.04], 0.06));
    expect(record.outcome).toBe('no_contact');
    expect(record.detail).toMatch(/^fingers stopped at 0\.00\d m at t=\d+\.\d\d s with neither finger on "cube"$/);
    expect(record.metrics.closedOpening).toBeLessThan(0.002);
    // Stopped right after closing: no lift, hold or shake was simulated.
    expect(record.frames / record.fps).toBeLessThan(1.5);
  });

  it('labels a palm that runs into the target on its way in as collision_on_approach', () => {
    // The grasp point 2 cm below the table top puts the fingertips into the table and the palm into the cube.
    const record = executeGrasp(R, specOf(cubeScene()), {}, topGrasp([0, 0, TABLE_TOP - 0.02], 0.06));
    expect(record.outcome).toBe('collision_on_approach');
    expect(record.detail).toMatch(/^(palm|left finger|right finger) hit "(cube|table)" during the approach at t=\d+\.\d\d s \((\d+\.\d N)?(, )?(\d+\.\d mm deep)?\)$/);
  });

  it('labels a loose object in the way as collision_on_approach, naming it', () => {
    // A 16 cm wide lid lying on the 6 cm cube: the open fingers (12 cm apart) come down onto it.
    const lid = { ...boxOnTable('lid', [0.1, 0.16, 0.01], 0.2, 0.7, 0, 0, 11), pose: { position: [0, 0, TABLE_TOP + 0.065] as [number, number, number] } };
    const record = executeGrasp(R, specOf(cubeScene({}, [lid])), {}, centred);
    expect(record.outcome).toBe('collision_on_approach');
    expect(record.detail).toContain('"lid"');
  });

  it('repeats the last reading on sensor dropouts (0 before the first) and adds force bias and noise', () => {
    const lossy = cubeScene({ proprioceptionNoise: { gaussianStd: 0, bias: 0, dropout: 1 }, forceNoise: { gaussianStd: 0.5, bias: 2, dropout: 0 } });
    const record = executeGrasp(R, specOf(lossy), {}, centred);
    expect(record.outcome).toBe('success');
    expect(column(record, 'observation.state', 'opening').every((v) => v === 0)).toBe(true);
    expect(column(record, 'observation.state', 'palm.z').every(Number.isFinite)).toBe(true);
    const force = column(record, 'observation.tactile', 'left.force');
    // Before contact the sensor reads only its bias and noise.
    expect(Math.abs(force[0]! - 2)).toBeLessThan(2.5);
    expect(Math.max(...force)).toBeGreaterThan(55);

    const dropped = executeGrasp(R, specOf(cubeScene({ forceNoise: { gaussianStd: 0, bias: 0, dropout: 1 } })), {}, centred);
    expect(Array.from(dropped.channels['observation.tactile']!.data).every((v) => v === 0)).toBe(true);
  });

  it('reads zeros from the tactile sensors without contact and the pads in the palm frame with it', () => {
    const record = executeGrasp(R, specOf(cubeScene()), {}, centred);
    const ly = column(record, 'observation.tactile', 'left.y');
    const ry = column(record, 'observation.tactile', 'right.y');
    expect(ly[0]).toBe(0);
    expect(ry[0]).toBe(0);
    const last = record.frames - 1;
    // The cube is 6 cm wide: the pads touch it 3 cm either side of the palm's mid-plane.
    expect(Math.abs(Math.abs(ly[last]!) - 0.03)).toBeLessThan(0.002);
    expect(Math.sign(ly[last]!)).toBe(-Math.sign(ry[last]!));
  });

  it('records at the task rate, also when it outpaces the physics rate', () => {
    const fast = graspScene({ target: boxOnTable('cube', [0.06, 0.06, 0.06], 1, 0.7), stepHz: 120, task: { recordFps: 240 } });
    const record = executeGrasp(R, specOf(fast), {}, centred);
    expect(record.outcome).toBe('success');
    expect(record.fps).toBe(240);
    const graspSteps = record.metrics.steps! - Math.round(record.metrics.settleSeconds! * 120);
    expect(Math.abs(record.frames - 2 * graspSteps)).toBeLessThanOrEqual(1);
    for (const channel of Object.values(record.channels)) expect(channel.data.length).toBe(record.frames * channel.names.length);

    const slow = graspScene({ target: boxOnTable('cube', [0.06, 0.06, 0.06], 1, 0.7), task: { recordFps: 25 } });
    const sparse = executeGrasp(R, specOf(slow), {}, centred);
    expect(Math.abs(sparse.frames - (sparse.metrics.steps! - Math.round(sparse.metrics.settleSeconds! * 240)) / 9.6)).toBeLessThanOrEqual(1);
  });

  it('delays every command by the actuation latency', () => {
    const prompt = executeGrasp(R, specOf(cubeScene()), {}, centred);
    const late = executeGrasp(R, specOf(cubeScene({ actuation: { noiseStd: 0, latency: 0.1 } })), {}, centred);
    expect(late.outcome).toBe('success');
    const firstMove = (record: typeof late, channel: string, name: string): number => {
      const z = column(record, channel, name);
      return z.findIndex((v) => Math.abs(v - z[0]!) > 1e-4);
    };
    // The command starts moving at the same frame; the palm follows 0.1 s (3 frames at 30 fps) later.
    expect(firstMove(late, 'action', 'target.z')).toBe(firstMove(prompt, 'action', 'target.z'));
    expect(firstMove(late, 'observation.state', 'palm.z') - firstMove(prompt, 'observation.state', 'palm.z')).toBe(3);
  });

  it('moves the palm off its commanded path under actuation noise', () => {
    const record = executeGrasp(R, specOf(cubeScene({ actuation: { noiseStd: 0.1, latency: 0 } })), {}, centred);
    const target = column(record, 'action', 'target.z');
    const palm = column(record, 'observation.state', 'palm.z');
    const worst = Math.max(...palm.map((z, f) => Math.abs(z - target[f]!)));
    expect(worst).toBeGreaterThan(0.001);
    expect(worst).toBeLessThan(0.03);
  });

  it('retries with the next candidate when asked, and refuses nonsense attempt counts', () => {
    const scene = graspScene({ target: boxOnTable('cube', [0.06, 0.06, 0.06], 2, 0.3), gripper: { gripForce: 12, fingerFriction: 0.3 } });
    const once = runGraspEpisode(R, specOf(scene), {});
    expect(once.success).toBe(false);
    expect(once.attempts).toBe(1);
    const thrice = runGraspEpisode(R, specOf(scene), {}, 3);
    expect(thrice.attempts).toBe(3);
    expect(() => runGraspEpisode(R, specOf(scene), {}, 0)).toThrow(/attempts must be a positive integer/);
  });

  it('frees every Rapier world it creates, also when a step throws', () => {
    let created = 0;
    let freed = 0;
    let stepsLeft = Number.POSITIVE_INFINITY;
    class CountingWorld extends R.World {
      constructor(...args: ConstructorParameters<typeof R.World>) {
        super(...args);
        created++;
      }
      override step(...args: Parameters<InstanceType<typeof R.World>['step']>): void {
        if (--stepsLeft < 0) throw new Error('injected step failure');
        super.step(...args);
      }
      override free(): void {
        freed++;
        super.free();
      }
    }
    const counting = { ...R, World: CountingWorld } as unknown as Rapier;
    const scene = cubeScene();
    runGraspEpisode(counting, specOf(scene), {}, 2);
    expect(created).toBeGreaterThan(0);
    expect(freed).toBe(created);

    stepsLeft = 100;
    expect(() => runGraspEpisode(counting, specOf(scene), {})).toThrow('injected step failure');
    expect(freed).toBe(created);
  });
});
