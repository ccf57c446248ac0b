/**
 * The undo/redo history (scenes/history.ts): every change is a recorded
 * diff, marks are the undo steps, gestures squash or bail to their mark,
 * and unchanged parts of the document keep their identity.
 */
import { describe, expect, it } from 'vitest';
import { applyDiff, squashDiffs } from '../../scenes/diff';
import { History } from '../../scenes/history';
import { Rng } from '../../scenes/rng';

interface Doc {
  name: string;
  physics: { friction: number; mass?: number };
  pose: { position: [number, number, number] };
  bodies: { id: string; size: number }[];
}

function doc(): Doc {
  return {
    name: 'table',
    physics: { friction: 0.6 },
    pose: { position: [0, 0, 0.5] },
    bodies: [
      { id: 'a', size: 1 },
      { id: 'b', size: 2 },
    ],
  };
}

/** A command as the app issues it: a named mark, then one change. */
function command(history: History<Doc>, name: string, fn: (d: Doc) => void): void {
  history.mark(name);
  const result = history.run(fn);
  expect(result.ok).toBe(true);
}

describe('run', () => {
  it('records only the leaves that changed, with their values before and after', () => {
    const history = new History(doc());
    const result = history.run((d) => {
      d.physics.friction = 0.9;
      d.pose.position[2] = 0.75;
    });
    expect(result).toEqual({
      ok: true,
      diff: [
        { path: ['physics', 'friction'], before: 0.6, after: 0.9 },
        { path: ['pose', 'position', 2], before: 0.5, after: 0.75 },
      ],
    });
    expect(history.doc.physics.friction).toBe(0.9);
  });

  it('keeps the identity of every untouched subtree and never mutates the previous document', () => {
    const first = doc();
    const history = new History(first);
    history.run((d) => {
      d.physics.friction = 1.2;
    });
    const next = history.doc;
    expect(next).not.toBe(first);
    expect(next.physics).not.toBe(first.physics);
    expect(next.pose).toBe(first.pose);
    expect(next.bodies).toBe(first.bodies);
    expect(first.physics.friction).toBe(0.6);
  });

  it('records nothing for a change that changes nothing', () => {
    const history = new History(doc());
    const before = history.doc;
    expect(history.run((d) => (d.physics.friction = 0.6))).toEqual({ ok: true, diff: [] });
    expect(history.doc).toBe(before);
    expect(history.canUndo).toBe(false);
  });

  it('refuses a change the check rejects, leaving the document and the stacks as they were', () => {
    const history = new History(doc(), { check: (d) => (d.physics.friction > 5 ? `friction ${d.physics.friction} is above 5` : undefined) });
    command(history, 'set friction', (d) => (d.physics.friction = 1));
    const before = history.doc;
    expect(history.run((d) => (d.physics.friction = 9))).toEqual({ ok: false, reason: 'friction 9 is above 5' });
    expect(history.doc).toBe(before);
    history.undo();
    expect(history.doc.physics.friction).toBe(0.6);
  });
});

describe('undo and redo', () => {
  it('undoes back to the most recent mark and redoes to the next one', () => {
    const history = new History(doc());
    command(history, 'set friction', (d) => (d.physics.friction = 0.8));
    command(history, 'rename', (d) => (d.name = 'desk'));
    expect(history.undoName).toBe('rename');
    expect(history.undo()).toBe(true);
    expect(history.doc).toMatchObject({ name: 'table', physics: { friction: 0.8 } });
    expect(history.undo()).toBe(true);
    expect(history.doc).toEqual(doc());
    expect(history.undo()).toBe(false);
    expect(history.redoName).toBe('set friction');
    expect(history.redo()).toBe(true);
    expect(history.doc).toMatchObject({ name: 'table', physics: { friction: 0.8 } });
    expect(history.redo()).toBe(true);
    expect(history.doc.name).toBe('desk');
    expect(history.redo()).toBe(false);
  });

  it('undoes every run after one mark together', () => {
    const history = new History(doc());
    history.mark('align');
    history.run((d) => (d.pose.position[0] = 1));
    history.run((d) => (d.pose.position[1] = 2));
    history.undo();
    expect(history.doc.pose.position).toEqual([0, 0, 0.5]);
    history.redo();
    expect(history.doc.pose.position).toEqual([1, 2, 0.5]);
  });

  it('clears the redo stack when a new change is recorded', () => {
    const history = new History(doc());
    command(history, 'a', (d) => (d.name = 'one'));
    history.undo();
    expect(history.canRedo).toBe(true);
    command(history, 'b', (d) => (d.name = 'two'));
    expect(history.canRedo).toBe(false);
    expect(history.redo()).toBe(false);
  });

  it('adds and removes optional fields and array elements, and restores them on undo', () => {
    const history = new History(doc());
    command(history, 'add body', (d) => d.bodies.push({ id: 'c', size: 3 }));
    command(history, 'set mass', (d) => (d.physics.mass = 2));
    command(history, 'remove two bodies', (d) => d.bodies.splice(0, 2));
    expect(history.doc.bodies).toEqual([{ id: 'c', size: 3 }]);
    history.undo();
    expect(history.doc.bodies.map((b) => b.id)).toEqual(['a', 'b', 'c']);
    history.undo();
    expect('mass' in history.doc.physics).toBe(false);
    history.undo();
    expect(history.doc).toEqual(doc());
    history.redo();
    history.redo();
    history.redo();
    expect(history.doc.bodies).toEqual([{ id: 'c', size: 3 }]);
    expect(history.doc.physics.mass).toBe(2);
  });
});

describe('gestures', () => {
  it('squashes a drag into one diff per moved leaf and one undo step', () => {
    const history = new History(doc());
    command(history, 'rename', (d) => (d.name = 'desk'));
    const drag = history.mark('move');
    for (let i = 1; i <= 60; i++) {
      history.run((d) => {
        d.pose.position[0] = i / 100;
        d.pose.position[1] = -i / 100;
      });
    }
    expect(history.squashToMark(drag)).toBe(true);
    history.undo();
    expect(history.doc.pose.position).toEqual([0, 0, 0.5]);
    expect(history.doc.name).toBe('desk');
    history.redo();
    expect(history.doc.pose.position).toEqual([0.6, -0.6, 0.5]);
  });

  it('squashes repeated changes of one location to its first value before and last value after', () => {
    const moves = [1, 2, 3].map((x) => [{ path: ['pose', 'position', 0], before: x - 1, after: x }]);
    expect(squashDiffs(moves)).toEqual([{ path: ['pose', 'position', 0], before: 0, after: 3 }]);
  });

  it('does not merge across a change of an enclosing location', () => {
    const diffs = [
      [{ path: ['pose', 'position', 0], before: 0, after: 1 }],
      [{ path: ['pose', 'position'], before: [1, 0, 0], after: [5, 5, 5] }],
      [{ path: ['pose', 'position', 0], before: 5, after: 6 }],
    ];
    const squashed = squashDiffs(diffs);
    expect(squashed).toHaveLength(3);
    expect(applyDiff({ pose: { position: [0, 0, 0] } }, squashed, 'after')).toEqual({ pose: { position: [6, 5, 5] } });
    expect(applyDiff({ pose: { position: [6, 5, 5] } }, squashed, 'before')).toEqual({ pose: { position: [0, 0, 0] } });
  });

  it('drops a squashed gesture that ends where it began', () => {
    const history = new History(doc());
    const drag = history.mark('move');
    history.run((d) => (d.pose.position[0] = 1));
    history.run((d) => (d.pose.position[0] = 0));
    history.squashToMark(drag);
    expect(history.canUndo).toBe(false);
  });

  it('bails to the mark on Escape: the gesture is reverted and cannot be redone', () => {
    const history = new History(doc());
    command(history, 'set friction', (d) => (d.physics.friction = 0.8));
    const drag = history.mark('move');
    history.run((d) => (d.pose.position[0] = 1));
    history.run((d) => (d.pose.position[0] = 2));
    expect(history.bailToMark(drag)).toBe(true);
    expect(history.doc.pose.position).toEqual([0, 0, 0.5]);
    expect(history.doc.physics.friction).toBe(0.8);
    expect(history.canRedo).toBe(false);
    expect(history.undoName).toBe('set friction');
  });

  it('bail() reverts to the most recent mark and does nothing without one', () => {
    const history = new History(doc());
    history.run((d) => (d.name = 'unmarked'));
    history.mark('edit');
    history.run((d) => (d.name = 'marked'));
    expect(history.bail()).toBe(true);
    expect(history.doc.name).toBe('unmarked');
    expect(history.bail()).toBe(false);
    expect(history.doc.name).toBe('unmarked');
  });

  it('refuses to squash or bail to a mark that is not on the stack', () => {
    const history = new History(doc());
    command(history, 'a', (d) => (d.name = 'x'));
    expect(history.squashToMark('nope#1')).toBe(false);
    expect(history.bailToMark('nope#1')).toBe(false);
    expect(history.doc.name).toBe('x');
  });
});

describe('random edit sequences', () => {
  it('each undo returns the document of the previous step, and redo all the final one', () => {
    for (let trial = 0; trial < 50; trial++) {
      const rng = Rng.fromKey('history-test', trial);
      const history = new History(doc());
      const snapshots: Doc[] = [structuredClone(history.doc)];
      for (let step = 0; step < 20; step++) {
        const kind = rng.int(5);
        history.mark(`step ${step}`);
        const gesture = rng.int(3) + 1;
        const before = history.doc;
        for (let g = 0; g < gesture; g++) history.run((d) => randomEdit(d, kind, rng));
        if (history.doc !== before) snapshots.push(structuredClone(history.doc));
      }
      const final = history.doc;
      while (history.undo()) {
        snapshots.pop();
        expect(history.doc).toEqual(snapshots.at(-1));
      }
      expect(snapshots).toHaveLength(1);
      expect(history.doc).toEqual(doc());
      while (history.redo());
      expect(history.doc).toEqual(final);
    }
  });
});

function randomEdit(d: Doc, kind: number, rng: Rng): void {
  switch (kind) {
    case 0:
      d.pose.position[rng.int(3)] = Math.round(rng.uniform(-5, 5) * 100) / 100;
      break;
    case 1:
      d.bodies.push({ id: `b${rng.nextU32()}`, size: rng.int(10) });
      break;
    case 2:
      d.bodies.splice(rng.int(d.bodies.length + 1), 1);
      break;
    case 3:
      if (d.physics.mass === undefined) d.physics.mass = rng.int(5) + 1;
      else delete d.physics.mass;
      break;
    default:
      d.bodies.reverse();
      d.name = `n${rng.int(3)}`;
  }
}
