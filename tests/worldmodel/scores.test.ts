/**
 * The variation scores (workers/worldmodel/scores.ts) on synthetic scenes
 * whose answer is known: label preservation is high when the output keeps
 * the objects' outlines (also recoloured or mildly noisy) and drops when
 * they move, vanish or drown in texture; temporal consistency is high when
 * the output changes where the input does and drops for flicker and
 * frozen output.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../scenes/rng';
import { EdgeAgreement, imageEdges, labelEdges, TemporalConsistency } from '../../workers/worldmodel/scores';

const W = 64;
const H = 48;

interface Box { id: number; x: number; y: number; w: number; h: number; shade: number }

/** A scene of boxes: instance ids and a luma image (background 0.2, each box its shade). */
function scene(boxes: Box[], dx = 0, dy = 0): { instance: Uint16Array; luma: Float32Array } {
  const instance = new Uint16Array(W * H);
  const luma = new Float32Array(W * H).fill(0.2);
  for (const b of boxes) {
    for (let y = b.y + dy; y < b.y + dy + b.h; y++) {
      for (let x = b.x + dx; x < b.x + dx + b.w; x++) {
        if (x < 0 || x >= W || y < 0 || y >= H) continue;
        instance[y * W + x] = b.id;
        luma[y * W + x] = b.shade;
      }
    }
  }
  return { instance, luma };
}

const BOXES: Box[] = [
  { id: 1, x: 8, y: 6, w: 20, h: 14, shade: 0.8 },
  { id: 2, x: 34, y: 20, w: 18, h: 20, shade: 0.55 },
  { id: 3, x: 12, y: 28, w: 10, h: 12, shade: 0.05 },
];

function f1(output: Float32Array, instance: Uint16Array): number {
  const a = new EdgeAgreement();
  a.add(imageEdges(output, W, H), labelEdges(instance, W, H), W, H);
  return a.f1();
}

const map = (luma: Float32Array, fn: (v: number, i: number) => number) => Float32Array.from(luma, fn);

describe('label preservation (edge F1 within 1 px)', () => {
  const { instance, luma } = scene(BOXES);

  it('is 1 for an output with exactly the labels\' outlines, recoloured or not', () => {
    expect(f1(luma, instance)).toBeGreaterThan(0.97);
    expect(f1(map(luma, (v) => 0.9 - 0.7 * v), instance)).toBeGreaterThan(0.97); // inverted and contrast-reduced
  });

  it('stays high under mild sensor noise, drops under strong texture', () => {
    const rng = Rng.fromKey('scores-test', 1);
    const mild = map(luma, (v) => v + 0.01 * rng.normal());
    const strong = map(luma, (v) => v + 0.15 * rng.normal());
    expect(f1(mild, instance)).toBeGreaterThan(0.9);
    expect(f1(strong, instance)).toBeLessThan(0.5);
  });

  it('drops when the objects move in the output, and is 0 when they vanish', () => {
    expect(f1(scene(BOXES, 4, 4).luma, instance)).toBeLessThan(0.2); // moved diagonally: no outline where the labels are
    expect(f1(scene(BOXES, 4, 0).luma, instance)).toBeLessThan(0.6); // moved sideways: only the horizontal sides still overlap
    expect(f1(new Float32Array(W * H).fill(0.5), instance)).toBe(0);
  });

  it('counts precision and recall separately: an invented object lowers precision only', () => {
    const invented = scene([...BOXES, { id: 9, x: 40, y: 2, w: 16, h: 10, shade: 0.95 }]).luma;
    const a = new EdgeAgreement();
    a.add(imageEdges(invented, W, H), labelEdges(instance, W, H), W, H);
    expect(a.labelMatched / a.labelEdges).toBeGreaterThan(0.97);
    expect(a.outputMatched / a.outputEdges).toBeLessThan(0.85);
  });

  it('is 1 when neither image nor labels have edges', () => {
    expect(f1(new Float32Array(W * H).fill(0.3), new Uint16Array(W * H))).toBe(1);
  });
});

/** A clip of `frames` frames: box 1 slides right 1 px per frame, the others stay. */
function clip(frames: number): { luma: Float32Array }[] {
  return Array.from({ length: frames }, (_, t) => ({ luma: scene([{ ...BOXES[0]!, x: BOXES[0]!.x + t }, ...BOXES.slice(1)]).luma }));
}

function consistency(input: Float32Array[], output: Float32Array[]): number {
  const tc = new TemporalConsistency();
  input.forEach((frame, t) => tc.add(frame, output[t]!, W, H));
  return tc.score();
}

describe('temporal consistency (correlation of |delta output| with |delta input|)', () => {
  const input = clip(12).map((f) => f.luma);

  it('is 1 for the input itself and for a recoloured copy', () => {
    expect(consistency(input, input)).toBeCloseTo(1, 6);
    expect(consistency(input, input.map((f) => map(f, (v) => 0.1 + 0.6 * v)))).toBeGreaterThan(0.99);
  });

  it('stays high under fresh sensor noise of 1% per frame', () => {
    const rng = Rng.fromKey('scores-test', 2);
    expect(consistency(input, input.map((f) => map(f, (v) => v + 0.01 * rng.normal())))).toBeGreaterThan(0.7);
  });

  it('drops for a flickering output (global brightness jumps between frames)', () => {
    const flicker = input.map((f, t) => map(f, (v) => v + (t % 2 === 0 ? 0.12 : -0.12)));
    expect(consistency(input, flicker)).toBeLessThan(0.3);
  });

  it('drops for local flicker where the input is still', () => {
    const rng = Rng.fromKey('scores-test', 3);
    const blotches = input.map((f) => {
      const cx = rng.int(W);
      const cy = rng.int(H);
      return map(f, (v, i) => (Math.hypot((i % W) - cx, Math.floor(i / W) - cy) < 8 ? v + 0.3 : v));
    });
    expect(consistency(input, blotches)).toBeLessThan(0.4);
  });

  it('is 0 for a frozen output of a moving input', () => {
    expect(consistency(input, input.map(() => input[0]!))).toBe(0);
  });

  it('on a still input: 1 for a still output, 0 for a flickering one; 1 for a single frame', () => {
    const still = Array.from({ length: 5 }, () => input[0]!);
    expect(consistency(still, still)).toBe(1);
    expect(consistency(still, still.map((f, t) => map(f, (v) => v + 0.05 * (t % 2))))).toBe(0);
    expect(consistency([input[0]!], [input[1]!])).toBe(1);
  });
});
