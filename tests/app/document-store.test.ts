/**
 * The window's document store (renderer/app/state/document-store.ts): each
 * command is one undo step, a change the schema refuses leaves no trace and
 * names the field, a gesture is one step, and undo waits for a gesture to end.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSceneText } from '../../scenes/load';
import { useDocumentStore } from '../../renderer/app/state/document-store';

const file = path.join(import.meta.dirname, '../../scenes/presets/tabletop-grasp.json');
const store = () => useDocumentStore.getState();
const mug = () => store().doc!.bodies[2]!;

beforeEach(() => {
  const loaded = loadSceneText(readFileSync(file, 'utf8'), 'tabletop-grasp.json');
  if (!loaded.ok) throw new Error(loaded.problem.message);
  store().actions.open(loaded.scene, 'tabletop-grasp.json');
});

describe('the document store', () => {
  it('opens a document with an empty history and a new session', () => {
    const session = store().session;
    store().actions.open(store().doc!, 'again.json');
    expect(store().session).toBe(session + 1);
    expect(store().canUndo).toBe(false);
  });

  it('makes each command one undo step named after it', () => {
    store().actions.change('set friction', (d) => void (d.bodies[2]!.physics.friction = 0.3));
    store().actions.change('set mass', (d) => void (d.bodies[2]!.physics.mass = 0.5));
    expect(store().undoName).toBe('set mass');
    store().actions.undo();
    expect(mug().physics).toMatchObject({ friction: 0.3, mass: 0.35 });
    store().actions.undo();
    expect(mug().physics.friction).toBe(0.8);
    expect(store().canUndo).toBe(false);
    expect(store().redoName).toBe('set friction');
  });

  it('refuses a change that breaks the schema, naming the field and value, and records nothing', () => {
    const before = store().doc;
    const result = store().actions.change('set friction', (d) => void (d.bodies[2]!.physics.friction = 9));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^tabletop-grasp\.json: \/bodies\/2\/physics\/friction: .*\(value: 9\)$/) });
    expect(store().doc).toBe(before);
    expect(store().canUndo).toBe(false);
  });

  it('squashes a gesture into one step and holds undo until it ends', () => {
    const mark = store().actions.beginGesture('move mug');
    for (let i = 1; i <= 5; i++) store().actions.gestureChange((d) => void (d.bodies[2]!.pose.position[0] = i / 10));
    store().actions.undo();
    expect(mug().pose.position[0]).toBe(0.5);
    store().actions.endGesture(mark);
    expect(store().undoName).toBe('move mug');
    store().actions.undo();
    expect(mug().pose.position[0]).toBe(0);
  });

  it('reverts a cancelled gesture', () => {
    const mark = store().actions.beginGesture('move mug');
    store().actions.gestureChange((d) => void (d.bodies[2]!.pose.position[0] = 0.2));
    store().actions.cancelGesture(mark);
    expect(mug().pose.position[0]).toBe(0);
    expect(store().canUndo).toBe(false);
  });
});
