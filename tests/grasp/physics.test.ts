/**
 * The grasp physics obeys torque and friction: a centred grasp on a compact
 * box holds through lift, hold and shake with the commanded squeeze, while
 * the same gripper holding a long heavy bar far from its centre loses it,
 * and a grip too weak for the friction available slips.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { executeGrasp } from '../../workers/grasp';
import { loadRapier, type Rapier } from '../../workers/physics/rapier';
import { boxOnTable, graspScene, specOf, TABLE_TOP, topGrasp } from './builders';

let R: Rapier;
beforeAll(async () => {
  R = await loadRapier();
});

describe('grasp physics', () => {
  it('holds a 1 kg, 6 cm cube grasped at its centre through lift, hold and shake', () => {
    const scene = graspScene({ target: boxOnTable('cube', [0.06, 0.06, 0.06], 1, 0.7), gripper: { gripForce: 60, fingerFriction: 1 } });
    const record = executeGrasp(R, specOf(scene), {}, topGrasp([0, 0, TABLE_TOP + 0.04], 0.06));
    expect(record.outcome, record.detail).toBe('success');
    expect(record.success).toBe(true);
    // The pads squeeze with the commanded force (Rapier's soft contacts do not eat it).
    expect(record.metrics.holdForce).toBeGreaterThan(57);
    expect(record.metrics.holdForce).toBeLessThan(63);
    // The fingers sink less than a millimetre into the box.
    expect(record.metrics.closedOpening).toBeGreaterThan(0.059);
    expect(record.metrics.maxSlip).toBeLessThan(0.005);
    expect(record.metrics.liftHeightAchieved).toBeGreaterThan(0.14);
  });

  it('loses a 2 kg, 0.5 m bar grasped 0.22 m from its centre, but holds it at the centre', () => {
    const scene = graspScene({ target: boxOnTable('bar', [0.5, 0.04, 0.04], 2, 0.7), gripper: { gripForce: 60, fingerFriction: 1 } });
    // Gravity's torque about the grasp, 2 kg x 9.81 x 0.22 m = 4.3 N m, exceeds what pad friction resists
    // (about 0.85 x 60 N x 1 cm x 2 pads), so the bar pivots out of the grasp.
    const far = executeGrasp(R, specOf(scene), {}, topGrasp([0.22, 0, TABLE_TOP + 0.03], 0.04));
    expect(['slipped_during_lift', 'dropped_during_shake'], far.detail).toContain(far.outcome);
    expect(far.metrics.maxSlip).toBeGreaterThan(0.03);
    expect(far.detail).toMatch(/object moved 0\.\d{3} m relative to the palm/);
    const centre = executeGrasp(R, specOf(scene), {}, topGrasp([0, 0, TABLE_TOP + 0.03], 0.04));
    expect(centre.outcome, centre.detail).toBe('success');
  });

  it('carries the weight along the fingers when the closing axis is vertical (coupled fingers)', () => {
    // A 1 kg cube on two thin pedestals, pinched top and bottom from the side: the lower finger
    // slides in between the pedestals. The finger pair must hold 1 kg + its own weight along its axis.
    const pedestal = (id: string, y: number, instanceId: number) => ({
      id,
      kind: 'static' as const,
      shape: { type: 'box' as const, size: [0.02, 0.02, 0.06] as [number, number, number] },
      pose: { position: [0, y, TABLE_TOP + 0.03] as [number, number, number] },
      semantic: { class: 'pedestal', instanceId },
    });
    const cube = { ...boxOnTable('cube', [0.06, 0.06, 0.06], 1, 0.7), pose: { position: [0, 0, TABLE_TOP + 0.09] as [number, number, number] } };
    const scene = graspScene({ target: cube, others: [pedestal('left-post', 0.025, 20), pedestal('right-post', -0.025, 21)], gripper: { gripForce: 60 } });
    const record = executeGrasp(R, specOf(scene), {}, {
      center: [0, 0, TABLE_TOP + 0.09],
      closingAxis: [0, 0, 1],
      approach: [1, 0, 0],
      width: 0.06,
      contacts: [
        [0, 0, TABLE_TOP + 0.06],
        [0, 0, TABLE_TOP + 0.12],
      ],
    });
    expect(record.outcome, record.detail).toBe('success');
    expect(record.metrics.maxSlip).toBeLessThan(0.005);
  });

  it('slips when 2 x friction x grip force cannot carry the weight, and holds with margin', () => {
    // 2 kg, friction 0.5 on both sides: a static lift needs 2 x 9.81 / (2 x 0.5) = 19.6 N per finger,
    // the shake's vertical acceleration (0.03 m x (2 pi 2 Hz)^2 = 4.7 m/s^2) about 29 N.
    const weak = graspScene({ target: boxOnTable('cube', [0.06, 0.06, 0.06], 2, 0.5), gripper: { gripForce: 12, fingerFriction: 0.5 } });
    const slipped = executeGrasp(R, specOf(weak), {}, topGrasp([0, 0, TABLE_TOP + 0.04], 0.06));
    expect(slipped.outcome, slipped.detail).toBe('slipped_during_lift');
    expect(slipped.metrics.liftHeightAchieved).toBeLessThan(0.05);

    const firm = graspScene({ target: boxOnTable('cube', [0.06, 0.06, 0.06], 2, 0.5), gripper: { gripForce: 45, fingerFriction: 0.5 } });
    const held = executeGrasp(R, specOf(firm), {}, topGrasp([0, 0, TABLE_TOP + 0.04], 0.06));
    expect(held.outcome, held.detail).toBe('success');
  });
});
