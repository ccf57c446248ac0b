/**
 * The composer's pure pieces: library elements are complete and valid and
 * land clear of other bodies, deleting takes the element's randomization
 * with it, the randomization preview draws exactly what episodes draw, the
 * educator overlay's words, the replay's contact marks from a real grasp
 * episode, and the physics preview never touches the document store.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSceneText, loadSceneValue } from '../../scenes/load';
import { sample } from '../../scenes/sample';
import type { SceneDoc } from '../../scenes/schema/scene';
import { createRolloutService } from '../../workers/rollout/service';
import { episodeMarks, marksBounds } from '../../renderer/app/model/episode-marks';
import { failureReasons, propertyWords, randomizedInWords, rangeWords } from '../../renderer/app/model/explain';
import { addElement, deleteElement, freeSpot, LIBRARY_ITEMS, meshItems, newElement } from '../../renderer/app/model/library';
import { defaultOfType, entryAt, histogram, idPointer, previewValues } from '../../renderer/app/model/randomize';
import { useDocumentStore } from '../../renderer/app/state/document-store';
import { usePlaybackStore } from '../../renderer/app/state/playback-store';

function preset(name: string): SceneDoc {
  const loaded = loadSceneText(readFileSync(path.join(import.meta.dirname, `../../scenes/presets/${name}.json`), 'utf8'), `${name}.json`);
  if (!loaded.ok) throw new Error(loaded.problem.message);
  return loaded.scene;
}

const loads = (doc: SceneDoc) => {
  const result = loadSceneValue(doc, 'test.json');
  return result.ok ? 'ok' : result.problem.message;
};

describe('the object library', () => {
  it.each([...LIBRARY_ITEMS, ...meshItems(['meshes/bottle.obj'])].map((i) => [i.key, i] as const))('adds a complete %s that keeps the scene loadable', (_key, item) => {
    const doc = preset('tabletop-grasp');
    const element = newElement(doc, item, [0, 0, 0.4]);
    addElement(doc, element);
    expect(loads(doc)).toBe('ok');
    const added = (doc[element.group] as { id: string }[]).at(-1)!;
    expect(added.id).toMatch(/^[a-z]+-1$/);
    expect(added).toEqual(element.value);
  });

  it('gives new elements free ids and instance ids, and puts bodies clear of the others', () => {
    const doc = preset('tabletop-grasp');
    const box = LIBRARY_ITEMS.find((i) => i.key === 'box')!;
    const first = newElement(doc, box, [0, 0, 0.4]);
    addElement(doc, first);
    const second = newElement(doc, box, [0, 0, 0.4]);
    expect(second.value.id).toBe('box-2');
    expect((second.value as unknown as SceneDoc['bodies'][number]).semantic.instanceId).not.toBe((first.value as unknown as SceneDoc['bodies'][number]).semantic.instanceId);
    const mug = doc.bodies.find((b) => b.id === 'mug')!;
    const [x, y] = (first.value as unknown as SceneDoc['bodies'][number]).pose.position;
    expect(Math.hypot(x - mug.pose.position[0], y - mug.pose.position[1])).toBeGreaterThanOrEqual(0.04 + Math.hypot(0.05, 0.05) / 2);
    expect(freeSpot(doc, [5, 5, 0], 0.05)).toEqual([5, 5, 0]);
  });

  it('rests a mesh on its lowest vertex', () => {
    const doc = preset('tabletop-grasp');
    const vertices = new Float32Array([0, 0, -0.125, 0, 0, 0.125, 0.03, 0, 0]);
    const bottle = newElement(doc, meshItems(['meshes/bottle.obj'])[0]!, [1, 1, 0.4], vertices);
    expect((bottle.value as unknown as SceneDoc['bodies'][number]).pose.position).toEqual([1, 1, 0.4 + 0.126]);
  });

  it('deletes an element with its randomization entries and renumbers index paths after it', () => {
    const doc = preset('tabletop-grasp');
    doc.randomization.push({ path: '/bodies/4/physics/friction', dist: { type: 'uniform', min: 0.2, max: 0.4 } });
    doc.randomization.push({ path: '/bodies/3/visual/roughness', dist: { type: 'uniform', min: 0.2, max: 0.4 } });
    const before = doc.randomization.length;
    const cubeEntries = doc.randomization.filter((e) => e.path.startsWith('/bodies/cube/') || e.path.startsWith('/bodies/3/')).length;
    deleteElement(doc, 'cube');
    expect(doc.bodies.map((b) => b.id)).toEqual(['floor', 'table', 'mug', 'ball']);
    expect(doc.randomization).toHaveLength(before - cubeEntries);
    expect(doc.randomization.some((e) => e.path.includes('cube'))).toBe(false);
    expect(doc.randomization.at(-1)!.path).toBe('/bodies/3/physics/friction');
    deleteElement(doc, 'nothing');
    expect(doc.bodies).toHaveLength(4);
  });
});

describe('the randomization editor', () => {
  it('previews exactly the values episodes 0..n-1 draw for the property', () => {
    const doc = preset('tabletop-grasp');
    for (const entry of doc.randomization.slice(0, 8)) {
      const values = previewValues(entry, 7, 12);
      values.forEach((v, i) => expect(sample(doc, 7, i).resolved.find((r) => r.path === entry.path)!.value).toBe(v));
    }
  });

  it('finds the entry of a property by its canonical pointer and writes new paths with ids', () => {
    const doc = preset('tabletop-grasp');
    expect(entryAt(doc, '/bodies/2/physics/mass')?.entry.path).toBe('/bodies/mug/physics/mass');
    expect(entryAt(doc, '/bodies/2/physics/restitution')).toBeUndefined();
    expect(idPointer(doc, '/bodies/2/physics/restitution')).toBe('/bodies/mug/physics/restitution');
    expect(idPointer(doc, '/task/liftHeight')).toBe('/task/liftHeight');
  });

  it('starts each distribution type near the current value', () => {
    expect(defaultOfType('uniform', 0.8)).toEqual({ type: 'uniform', min: 0.72, max: 0.88 });
    expect(defaultOfType('normal', 2)).toEqual({ type: 'normal', mean: 2, std: 0.1 });
    expect(defaultOfType('logUniform', 0.5)).toEqual({ type: 'logUniform', min: 0.25, max: 1 });
    expect(defaultOfType('uniform', 0)).toEqual({ type: 'uniform', min: -0.05, max: 0.05 });
    expect(defaultOfType('choice', true)).toEqual({ type: 'choice', values: [true, false] });
  });

  it('bins samples over their range', () => {
    expect(histogram([0, 1, 1, 2, 4], 4)).toEqual({ min: 0, max: 4, mean: 1.6, counts: [1, 2, 1, 1] });
    expect(histogram([3, 3], 5).counts).toEqual([2, 0, 0, 0, 0]);
  });
});

describe('the educator overlay', () => {
  it('says what is randomized in plain words, grouped by reason', () => {
    const doc = preset('tabletop-grasp');
    expect(propertyWords(doc, '/bodies/mug/pose/position/0')).toBe('mug position x');
    expect(propertyWords(doc, '/bodies/2/pose/rotation/2')).toBe('mug rotation yaw');
    expect(propertyWords(doc, '/robots/gripper/gripForce')).toBe('gripper grip force');
    expect(rangeWords({ path: '/x', dist: { type: 'normal', mean: 60, std: 15, min: 20 } })).toBe('around 60 (± 15)');
    const groups = randomizedInWords(doc);
    const placement = groups.find((g) => g.reason === 'object placement on the table')!;
    expect(placement.properties.map((p) => p.words)).toEqual(['mug position x', 'mug position y', 'mug rotation yaw']);
    expect(groups.reduce((n, g) => n + g.properties.length, 0)).toBe(doc.randomization.length);
  });

  it('counts failure reasons with an explanation and the first example', () => {
    const reasons = failureReasons([
      { episodeIndex: 0, success: true, outcome: 'success', detail: 'held' },
      { episodeIndex: 1, success: false, outcome: 'slipped_during_lift', detail: 'moved 3 cm' },
      { episodeIndex: 2, success: false, outcome: 'no_contact', detail: 'missed' },
      { episodeIndex: 3, success: false, outcome: 'slipped_during_lift', detail: 'moved 4 cm' },
    ]);
    expect(reasons.map((r) => [r.outcome, r.count, r.example.episodeIndex])).toEqual([
      ['slipped_during_lift', 2, 1],
      ['no_contact', 1, 2],
    ]);
    expect(reasons[0]!.explain).toMatch(/^The object slid out of the fingers/);
  });
});

describe('replay marks of a real grasp episode', () => {
  it('puts both fingertip contacts on the object, pushing towards each other', async () => {
    const doc = preset('tabletop-grasp');
    const service = createRolloutService();
    await service.init({});
    const spec = sample(doc, 0, 1);
    const record = await service.run(spec, 1);
    expect(record.success).toBe(true);
    const task = spec.scene.task as { robot: string; target: string };
    const marks = episodeMarks(record, task.robot, task.target);
    expect(marks.robotPath).toHaveLength(record.frames * 3);
    const held = marks.contacts.map((c, f) => [c, f] as const).filter(([c]) => c.length === 2);
    expect(held.length).toBeGreaterThan(record.frames / 4);
    for (const [[left, right], f] of held) {
      const target = Array.from(marks.targetPath!.subarray(f * 3, f * 3 + 3));
      const dot = left!.direction.reduce((s, v, k) => s + v * right!.direction[k]!, 0);
      expect(dot).toBeCloseTo(-1, 6);
      for (const c of [left!, right!]) {
        expect(Math.hypot(...c.point.map((v, k) => v - target[k]!))).toBeLessThan(0.12);
        expect(c.direction.reduce((s, v, k) => s + v * (target[k]! - c.point[k]!), 0)).toBeGreaterThan(0);
        expect(c.force).toBeLessThanOrEqual(marks.maxForce);
      }
    }
    const bounds = marksBounds(marks)!;
    expect(bounds.radius).toBeGreaterThan(0.05);
  }, 60_000);
});

describe('the physics preview', () => {
  beforeEach(() => {
    useDocumentStore.getState().actions.open(preset('tabletop-grasp'), 'tabletop-grasp.json');
    usePlaybackStore.getState().actions.reset();
  });

  it('plays a rolled-out episode without touching the document, and reuses it while the document is unchanged', async () => {
    const docs = useDocumentStore.getState();
    const before = JSON.stringify(docs.doc);
    const service = createRolloutService();
    await service.init({});
    let runs = 0;
    const run = async (scene: SceneDoc, _m: unknown, seed: number, index: number) => {
      runs++;
      return service.run(sample(scene, seed, index), 1);
    };
    const playback = () => usePlaybackStore.getState();
    await playback().actions.preview(docs.doc!, docs.doc!, {}, 0, run);
    expect(playback()).toMatchObject({ status: 'ready', playing: true, frame: 0 });
    playback().actions.tick(1);
    expect(playback().frame).toBeCloseTo(playback().clip!.record.fps, 6);
    playback().actions.reset();
    expect(playback().clip).toBeNull();
    await playback().actions.preview(docs.doc!, docs.doc!, {}, 0, run);
    expect(runs).toBe(1);
    playback().actions.tick(1e6);
    expect(playback()).toMatchObject({ playing: false, frame: playback().clip!.record.frames - 1 });
    expect(JSON.stringify(useDocumentStore.getState().doc)).toBe(before);
    expect(useDocumentStore.getState().canUndo).toBe(false);
  }, 60_000);
});
