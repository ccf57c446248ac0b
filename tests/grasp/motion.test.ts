/** Small parts of the grasp engine: palm profiles, the shake, actuation latency, sensor noise. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../scenes/rng';
import { Actuator } from '../../workers/grasp/actuation';
import { shakeOffset, trapezoid } from '../../workers/grasp/motion';
import { sense } from '../../workers/grasp/sensors';
import type { Command } from '../../workers/grasp/types';

describe('palm motion', () => {
  it('moves point to point within the speed and acceleration limits, from rest to rest', () => {
    const move = trapezoid(0.15, 0.25, 2);
    expect(move.duration).toBeCloseTo(0.15 / 0.25 + 0.25 / 2, 12);
    expect(move.at(0)).toBe(0);
    expect(move.at(move.duration)).toBe(0.15);
    const dt = 1e-3;
    let previousSpeed = 0;
    for (let t = dt; t <= move.duration; t += dt) {
      const speed = (move.at(t) - move.at(t - dt)) / dt;
      expect(speed).toBeLessThanOrEqual(0.25 + 1e-9);
      expect(Math.abs(speed - previousSpeed) / dt).toBeLessThanOrEqual(2 + 1e-6);
      previousSpeed = speed;
    }
    // Too short to reach full speed: a triangle.
    const hop = trapezoid(0.01, 0.25, 2);
    expect(hop.duration).toBeCloseTo(2 * Math.sqrt(0.01 / 2), 12);
  });

  it('shakes with the task amplitude and returns to rest', () => {
    const shake = { amplitude: 0.03, frequencyHz: 2, seconds: 1.5 };
    expect(shakeOffset(0, shake, [1, 0, 0])).toEqual([0, 0, 0]);
    expect(shakeOffset(1.5, shake, [1, 0, 0])).toEqual([0, 0, 0]);
    let peak = 0;
    for (let t = 0; t < 1.5; t += 0.001) peak = Math.max(peak, Math.hypot(...shakeOffset(t, shake, [1, 0, 0])));
    expect(peak).toBeCloseTo(0.03, 6);
  });
});

describe('actuation', () => {
  const at = (z: number): Command => ({ target: [0, 0, z], opening: 0.1, phase: 'approach' });

  it('applies each command after the latency, rounded to whole steps', () => {
    const actuator = new Actuator({ noiseStd: 0, latency: 0.01 }, 1 / 240, 8, new Rng([1, 2, 3, 4]), at(0));
    expect(actuator.latencySteps).toBe(2);
    const applied = [1, 2, 3, 4].map((z) => actuator.apply(at(z)).palm[2]);
    expect(applied).toEqual([0, 0, 1, 2]);
  });

  it('scales commanded motion by seeded noise held for a control period', () => {
    const run = (seed: number) => {
      const actuator = new Actuator({ noiseStd: 0.2, latency: 0 }, 1 / 240, 4, new Rng([seed, 2, 3, 4]), at(0));
      return Array.from({ length: 8 }, (_, i) => actuator.apply(at((i + 1) * 0.01)).palm[2]!);
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    const steps = a.map((z, i) => z - (i ? a[i - 1]! : 0));
    // Equal within a control period of 4 steps, different across periods.
    expect(steps[1]).toBeCloseTo(steps[0]!, 12);
    expect(steps[3]).toBeCloseTo(steps[0]!, 12);
    expect(Math.abs(steps[4]! - steps[0]!)).toBeGreaterThan(1e-6);
  });
});

describe('sensor noise', () => {
  it('adds bias and Gaussian noise, and repeats the previous reading on a dropout', () => {
    const rng = new Rng([9, 8, 7, 6]);
    expect(sense(1.5, { gaussianStd: 0, bias: 0, dropout: 0 }, rng)).toBe(1.5);
    expect(sense(1.5, { gaussianStd: 0, bias: 0.25, dropout: 0 }, rng)).toBe(1.75);
    expect(sense(1.5, { gaussianStd: 0, bias: 0, dropout: 1 }, rng)).toBe(0);
    expect(sense(1.5, { gaussianStd: 0, bias: 0, dropout: 1 }, rng, 1.25)).toBe(1.25);
    const readings = Array.from({ length: 4000 }, () => sense(10, { gaussianStd: 0.5, bias: 1, dropout: 0.25 }, rng, -1));
    const kept = readings.filter((v) => v !== -1);
    expect(kept.length / readings.length).toBeGreaterThan(0.7);
    expect(kept.length / readings.length).toBeLessThan(0.8);
    const mean = kept.reduce((s, v) => s + v, 0) / kept.length;
    const std = Math.sqrt(kept.reduce((s, v) => s + (v - mean) ** 2, 0) / kept.length);
    expect(mean).toBeCloseTo(11, 1);
    expect(std).toBeCloseTo(0.5, 1);
  });
});
