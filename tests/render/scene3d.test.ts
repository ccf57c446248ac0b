/**
 * The pure parts of the renderer, in Node: label tables, camera model,
 * colour temperature, procedural textures, imaging post-process, box helpers
 * and the scene builder's objects and poses (three.js needs no GL for these).
 */
import { describe, expect, it } from 'vitest';
import { boxCorners, coverRect, disjointGroups, maskStats } from '../../renderer/frames/boxes';
import { applyDepthNoise, applyImaging, exposureTable, gaussianKernel } from '../../renderer/frames/imaging';
import { cameraAxes, cameraModel, extrinsicsMatrix, projectPoint } from '../../renderer/scene3d/camera-model';
import { kelvinToLinearRgb } from '../../renderer/scene3d/kelvin';
import { labelTables } from '../../renderer/scene3d/labels';
import { SceneView } from '../../renderer/scene3d/scene-view';
import { proceduralTexels, TEXTURE_SIZE } from '../../renderer/scene3d/textures';
import { Rng } from '../../scenes/rng';
import { SceneDoc } from '../../scenes/schema/scene';
import { gripperGeometry } from '../../workers/grasp/geometry';
import { boxScene, loadPreset } from './scenes';

describe('label tables', () => {
  it('numbers classes by name from 1 and gives robots the largest free instance ids', () => {
    const scene = loadPreset('tabletop-grasp');
    const withTop = SceneDoc.parse({ ...structuredClone(scene), bodies: scene.bodies.map((b, i) => (i === 0 ? { ...b, semantic: { ...b.semantic, instanceId: 65535 } } : b)) });
    const tables = labelTables(withTop);
    expect(tables.classes).toEqual(['background', 'ball', 'box', 'floor', 'gripper', 'mug', 'table']);
    const robot = tables.instances.find((i) => i.kind === 'robot')!;
    expect(robot).toMatchObject({ id: 'gripper', instanceId: 65534, className: 'gripper', classIndex: 4 });
    expect(tables.instances.find((i) => i.id === 'mug')).toMatchObject({ instanceId: 3, classIndex: 5 });
  });
});

describe('camera model', () => {
  it('looks along the optical axis with image up toward +Z, x right, y down', () => {
    const [x, y, z] = cameraAxes([2, 0, 1], [0, 0, 1], 0);
    expect(z).toEqual([-1, 0, 0]);
    expect(x[1]).toBeCloseTo(1, 12); // looking along -X, right is +Y
    expect(y[2]).toBeCloseTo(-1, 12); // down is -Z
    const [xr, yr] = cameraAxes([2, 0, 1], [0, 0, 1], 90);
    xr.forEach((v, i) => expect(v).toBeCloseTo(y[i]!, 12)); // roll 90 turns right into down
    yr.forEach((v, i) => expect(v).toBeCloseTo(-x[i]!, 12));
  });

  it('looking straight down keeps +Y up in the image', () => {
    const [x, y] = cameraAxes([0, 0, 2], [0, 0, 0], 0);
    expect(x[0]).toBeCloseTo(1, 12);
    expect(y[1]).toBeCloseTo(-1, 12);
  });

  it('projects with fx = fy = (h/2)/tan(fovY/2) about the image centre, and follows its mount', () => {
    const scene = boxScene([{ id: 'a', size: [1, 1, 1], position: [0, 0, 0], rotation: [0, 0, 0], instanceId: 1, className: 'a' }], {
      position: [0, 0, 0], lookAt: [1, 0, 0], rollDeg: 0, fovYDeg: 90, width: 200, height: 100,
    });
    const m = cameraModel(scene.cameras[0]!);
    expect(m.fx).toBeCloseTo(50, 12);
    expect(projectPoint(m, [2, -1, 0.5])).toEqual([125, 37.5, 2]); // right is -Y when looking along +X
    expect(projectPoint(m, [-1, 0, 0]).slice(0, 2)).toEqual([NaN, NaN]);
    const mounted = cameraModel(scene.cameras[0]!, { p: [1, 2, 3], q: { x: 0, y: 0, z: Math.SQRT1_2, w: Math.SQRT1_2 } });
    expect(mounted.position).toEqual([1, 2, 3]);
    mounted.axes[2].forEach((v, i) => expect(v).toBeCloseTo([0, 1, 0][i]!, 12)); // forward +X turned 90 degrees about Z
    const E = extrinsicsMatrix(mounted);
    expect(E[11]).toBeCloseTo(-2, 12); // z of the world origin: -(forward . position)
  });
});

describe('colour temperature', () => {
  it('is white at 6500 K, warm below, cool above, at unit luminance', () => {
    kelvinToLinearRgb(6500).forEach((c) => expect(c).toBeCloseTo(1, 12));
    const warm = kelvinToLinearRgb(3000);
    const cool = kelvinToLinearRgb(12000);
    expect(warm[0]).toBeGreaterThan(warm[2]);
    expect(cool[2]).toBeGreaterThan(cool[0]);
    for (const c of [warm, cool]) expect(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]).toBeCloseTo(1, 12);
  });
});

describe('procedural textures', () => {
  it('are a function of the material values and mix the two colours', () => {
    for (const pattern of ['checker', 'stripes', 'noise', 'wood', 'marble'] as const) {
      const a = proceduralTexels(pattern, '#ff0000', '#0000ff');
      expect(a).toEqual(proceduralTexels(pattern, '#FF0000', '#0000ff'));
      expect(a.length).toBe(TEXTURE_SIZE * TEXTURE_SIZE * 4);
      const reds = new Set<number>();
      let offLine = 0;
      for (let i = 0; i < a.length; i += 4) {
        reds.add(a[i]!);
        if (a[i]! + a[i + 2]! < 254 || a[i + 1] !== 0 || a[i + 3] !== 255) offLine++; // texels lie on the red-blue line
      }
      expect(offLine).toBe(0);
      expect(reds.size).toBeGreaterThan(1);
    }
    expect(proceduralTexels('noise', '#ff0000', '#0000ff')).not.toEqual(proceduralTexels('noise', '#ff0000', '#0000fe'));
  });
});

describe('imaging post-process', () => {
  const W = 32;
  const H = 24;
  const grey = (): Uint8Array => new Uint8Array(W * H * 4).fill(118);

  it('changes nothing at the defaults, brightens by exposure in linear light', () => {
    const img = grey();
    applyImaging(img, W, H, { noiseStd: 0, blurPx: 0, exposureEv: 0 }, Rng.fromKey('x'));
    expect(img).toEqual(grey());
    expect(exposureTable(1)[118]).toBeCloseTo(255 * (1.055 * Math.pow(2 * Math.pow((118 / 255 + 0.055) / 1.055, 2.4), 1 / 2.4) - 0.055), 3);
    expect(exposureTable(0)[200]).toBeCloseTo(200, 3);
  });

  it('blurs with a normalised kernel and adds seeded noise of the given spread', () => {
    const k = gaussianKernel(1.5);
    expect(k.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    const a = grey();
    const b = grey();
    applyImaging(a, W, H, { noiseStd: 0.05, blurPx: 1, exposureEv: 0 }, Rng.fromKey('n', 1));
    applyImaging(b, W, H, { noiseStd: 0.05, blurPx: 1, exposureEv: 0 }, Rng.fromKey('n', 1));
    expect(a).toEqual(b);
    let s = 0;
    let s2 = 0;
    let n = 0;
    for (let i = 0; i < a.length; i += 4) {
      for (let c = 0; c < 3; c++) {
        s += a[i + c]! - 118;
        s2 += (a[i + c]! - 118) ** 2;
        n++;
      }
      expect(a[i + 3]).toBe(255);
    }
    expect(Math.abs(s / n)).toBeLessThan(1.5);
    expect(Math.sqrt(s2 / n)).toBeGreaterThan(0.05 * 255 * 0.85);
    expect(Math.sqrt(s2 / n)).toBeLessThan(0.05 * 255 * 1.15);
  });

  it('drops and perturbs depth readings only where geometry is seen', () => {
    const depth = new Float32Array(10000).map((_, i) => (i % 2 ? 1.5 : 0));
    applyDepthNoise(depth, { gaussianStd: 0.01, bias: 0.02, dropout: 0.1 }, 0.01, 20, Rng.fromKey('g'), Rng.fromKey('d'));
    const odd = [...depth].filter((_, i) => i % 2);
    expect([...depth].filter((_, i) => !(i % 2)).every((d) => d === 0)).toBe(true);
    const dropped = odd.filter((d) => d === 0).length / odd.length;
    expect(dropped).toBeGreaterThan(0.08);
    expect(dropped).toBeLessThan(0.12);
    const kept = odd.filter((d) => d > 0);
    expect(kept.reduce((s, d) => s + d, 0) / kept.length).toBeCloseTo(1.52, 2);
  });
});

describe('box helpers', () => {
  it('measures masks with exclusive maxima and groups disjoint rectangles', () => {
    const mask = new Uint16Array([0, 0, 0, 0, 0, 5, 5, 0, 0, 0, 5, 0, 2, 0, 0, 0]);
    expect([...maskStats(mask, 4, 4)]).toEqual([
      [2, { count: 1, x0: 0, y0: 3, x1: 1, y1: 4 }],
      [5, { count: 3, x0: 1, y0: 1, x1: 3, y1: 3 }],
    ]);
    const groups = disjointGroups([
      ['a', { x: 0, y: 0, w: 10, h: 10 }],
      ['b', { x: 10, y: 0, w: 5, h: 5 }],
      ['c', { x: 5, y: 5, w: 10, h: 10 }],
    ]);
    expect(groups.map((g) => g.map(([k]) => k))).toEqual([['a', 'b'], ['c']]);
  });
});

describe('scene view', () => {
  it('builds one mesh per enabled body and robot part, matching the gripper geometry, and applies pose frames', () => {
    const scene = loadPreset('tabletop-grasp');
    const view = new SceneView(scene, {});
    expect([...view.items.keys()]).toEqual(['floor', 'table', 'mug', 'cube', 'ball', 'gripper/palm', 'gripper/finger-left', 'gripper/finger-right']);
    const g = gripperGeometry(scene.robots[0] as Extract<(typeof scene.robots)[number], { type: 'parallel-gripper' }>);
    expect(view.items.get('gripper/palm')!.localBox.size).toEqual(g.palmHalf.map((h) => 2 * h));
    expect(view.items.get('gripper/finger-left')!.localBox.size).toEqual(g.fingerHalf.map((h) => 2 * h));
    const left = view.pose('gripper/finger-left').p;
    expect(left[1]).toBeCloseTo(g.maxOpening / 2 + g.fingerHalf[1], 12);
    const mug = view.items.get('mug')!;
    expect(mug.localBox.size).toEqual([0.08, 0.08, 0.1]); // the cylinder runs along local Z
    mug.mesh.geometry.computeBoundingBox();
    expect(mug.mesh.geometry.boundingBox!.max.z).toBeCloseTo(0.05, 6);
    const track = { ids: ['mug', 'nothing'], data: new Float32Array([1, 2, 3, 0, 0, 0, 2, 9, 9, 9, 0, 0, 0, 1]) };
    view.applyPoses(track, 0);
    expect(view.pose('mug')).toEqual({ p: [1, 2, 3], q: { x: 0, y: 0, z: 0, w: 1 } });
    expect(boxCorners(mug)[7]).toEqual([1.04, 2.04, 3.05]);
    expect(() => view.applyPoses(track, 1)).toThrow(/outside/);
    const model = view.cameraModel('front');
    expect(coverRect([mug], model)).toBeNull(); // moved out of view
    const wristBefore = view.cameraModel('wrist').position;
    view.applyPoses({ ids: ['gripper/palm'], data: new Float32Array([0, 0, 1.8, 0, 0, 0, 1]) }, 0);
    expect(view.cameraModel('wrist').position[2] - wristBefore[2]).toBeCloseTo(1.0, 6);
    view.dispose();
  });
});
