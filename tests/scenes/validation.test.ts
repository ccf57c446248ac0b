/**
 * Validation refuses a bad scene whole and names the bad field: its JSON
 * pointer, what is wrong, and the value found, as one line.
 */
import { describe, expect, it } from 'vitest';
import { jsonSyntaxErrorOffset } from '../../scenes/json-syntax';
import { loadSceneText, loadSceneValue, type LoadResult } from '../../scenes/load';
import { migrate, type MigrationTable } from '../../scenes/migrations';
import { formatProblem, type SceneProblem } from '../../scenes/problems';
import { deleteField, fieldAt, LOAD_OPTIONS, minimalScene, presetJson, presetText, setField } from './support';

const FILE = 'tabletop-grasp.json';

/** The tabletop preset as plain, freely mutable JSON (bodies: floor, table, mug, cube, ball). */
function tabletop(): unknown {
  return presetJson(FILE);
}

/** The preset with one field set (or added), as a test writes "friction 9". */
function tabletopWith(pointer: string, value: unknown): unknown {
  const doc = tabletop();
  setField(doc, pointer, value);
  return doc;
}

function tabletopWithout(pointer: string): unknown {
  const doc = tabletop();
  deleteField(doc, pointer);
  return doc;
}

function problemOf(result: LoadResult): SceneProblem {
  if (result.ok) throw new Error('expected the scene to be refused, but it loaded');
  return result.problem;
}

/** Loads a mutated document and returns its problem. */
function refuse(doc: unknown, file = FILE): SceneProblem {
  return problemOf(loadSceneValue(doc, file, LOAD_OPTIONS));
}

function refuseText(text: string, file = FILE): SceneProblem {
  return problemOf(loadSceneText(text, file, LOAD_OPTIONS));
}

/** Asserts one problem at `path` with `value` (absent when undefined) and a message matching `message`. */
function expectProblem(problem: SceneProblem, path: string, value: unknown, message: RegExp): void {
  expect(problem.path).toBe(path);
  expect(problem.more).toBe(0);
  expect(problem.message).toMatch(message);
  if (value === undefined) expect(problem.value).toBeUndefined();
  else expect(problem.value).toEqual(value);
  expectOneLine(problem);
}

/** formatProblem gives one line with the file, the pointer and the value. */
function expectOneLine(problem: SceneProblem): void {
  const line = formatProblem(problem);
  expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
  expect(line.startsWith(`${problem.file}: `)).toBe(true);
  expect(line).toContain(problem.path === '' ? '(document)' : problem.path);
  if (problem.value !== undefined && typeof problem.value !== 'object') expect(line).toContain(`(value: ${typeof problem.value === 'string' ? JSON.stringify(problem.value) : String(problem.value)})`);
}

describe('reading the file', () => {
  it('refuses text that is not JSON, naming the line and column of the error', () => {
    const problem = refuseText('{\n  "schemaVersion": 1,\n  "name": }\n');
    expectProblem(problem, '', undefined, /not valid JSON.*line 3, column 11/);
  });

  it('names the line and column for every kind of JSON syntax error', () => {
    const cases: [string, string][] = [
      ['{"schemaVersion": 1,\n "name": "x",\n "bodies": [1,]}', 'line 3, column 15'],
      ['{"schemaVersion": 1', 'line 1, column 20'],
      ['{"a" 1}', 'line 1, column 6'],
      ['{"a": 1}\nx', 'line 2, column 1'],
      ['{"a": NaN}', 'line 1, column 7'],
      ['{"a": tru}', 'line 1, column 10'],
      ['', 'line 1, column 1'],
    ];
    for (const [text, where] of cases) expect(refuseText(text).message, JSON.stringify(text)).toContain(where);
  });

  it('locates syntax errors exactly, and finds none in valid JSON', () => {
    expect(jsonSyntaxErrorOffset('{"a": [1, 2.5e-3, "x\\u00e9", true, null, {}]}')).toBeUndefined();
    expect(jsonSyntaxErrorOffset(presetText(FILE))).toBeUndefined();
    expect(jsonSyntaxErrorOffset('{"a": [1,]}')).toBe(9);
    expect(jsonSyntaxErrorOffset('{"a": 01}')).toBe(7);
    expect(jsonSyntaxErrorOffset('{"a": "\\q"}')).toBe(8);
    expect(jsonSyntaxErrorOffset('[1, 2')).toBe(5);
    expect(jsonSyntaxErrorOffset('['.repeat(100_000))).toBe(100_000);
  });

  it.each([
    ['an array', '[]', []],
    ['a string', '"scene"', 'scene'],
    ['null', 'null', null],
    ['a number', '42', 42],
  ])('refuses a document that is %s instead of an object', (_, text, value) => {
    expectProblem(refuseText(text), '', value, /must be a JSON object/);
  });
});

describe('schema', () => {
  it('refuses a missing field: a robot without a type', () => {
    expectProblem(refuse(tabletopWithout('/robots/0/type')), '/robots/0/type', undefined, /required field is missing.*"parallel-gripper"/);
  });

  it('refuses a missing field: no task', () => {
    expectProblem(refuse(tabletopWithout('/task')), '/task', undefined, /required field is missing/);
  });

  it('refuses a string where a number belongs', () => {
    expectProblem(refuse(tabletopWith('/bodies/2/physics/friction', '0.5')), '/bodies/2/physics/friction', '0.5', /expected number, got a string/);
  });

  it('refuses a number out of range: friction 9', () => {
    expectProblem(refuse(tabletopWith('/bodies/2/physics/friction', 9)), '/bodies/2/physics/friction', 9, /must be <= 5/);
  });

  it('refuses a non-finite number: a size written as 1e999', () => {
    const text = presetText(FILE).replace(/"size": \[\s*4,/, '"size": [1e999,');
    expect(text).not.toBe(presetText(FILE));
    const problem = refuseText(text);
    expectProblem(problem, '/bodies/0/shape/size/0', Infinity, /non-finite number Infinity/);
    expect(formatProblem(problem)).toContain('(value: Infinity)');
  });

  it('refuses an object where a number belongs', () => {
    expectProblem(refuse(tabletopWith('/bodies/2/physics/friction', { value: 0.5 })), '/bodies/2/physics/friction', { value: 0.5 }, /expected number, got an object$/);
  });

  it('refuses an unknown field', () => {
    expectProblem(refuse(tabletopWith('/bodies/0/colour', 'red')), '/bodies/0/colour', 'red', /unknown field "colour"/);
  });

  it('refuses an unknown discriminator value, listing the allowed ones', () => {
    expectProblem(refuse(tabletopWith('/bodies/2/shape/type', 'blob')), '/bodies/2/shape/type', 'blob', /one of "box", "sphere"/);
  });

  it('counts the further problems of a file', () => {
    const doc = tabletop();
    setField(doc, '/bodies/2/physics/friction', 9);
    setField(doc, '/bodies/3/physics/friction', 9);
    setField(doc, '/bodies/0/colour', 'red');
    const problem = refuse(doc);
    expect(problem.more).toBe(2);
    expect(formatProblem(problem)).toMatch(/\[and 2 more problems\]$/);
  });
});

describe('cross-references', () => {
  it('refuses duplicate ids', () => {
    expectProblem(refuse(tabletopWith('/bodies/3/id', 'mug')), '/bodies/3/id', 'mug', /id "mug" is already used at \/bodies\/2\/id/);
  });

  it('refuses an id shared between a body and a robot', () => {
    const doc = minimalScene();
    setField(doc, '/robots/0/id', 'floor');
    setField(doc, '/task/robot', 'floor');
    expectProblem(refuse(doc, 'minimal.json'), '/robots/0/id', 'floor', /already used at \/bodies\/0\/id/);
  });

  it('refuses duplicate instanceIds', () => {
    const tableInstance = fieldAt(tabletop(), '/bodies/1/semantic/instanceId');
    const doc = tabletopWith('/bodies/4/semantic/instanceId', tableInstance);
    expectProblem(refuse(doc), '/bodies/4/semantic/instanceId', tableInstance, /already used by \/bodies\/1/);
  });

  it('refuses a task naming a robot that does not exist', () => {
    expectProblem(refuse(tabletopWith('/task/robot', 'nobody')), '/task/robot', 'nobody', /no robot has id "nobody"/);
  });

  it('refuses a grasp target that is a static body', () => {
    expectProblem(refuse(tabletopWith('/task/target', 'table')), '/task/target', 'table', /must be a dynamic body, "table" is static/);
  });

  it('refuses a mesh whose file is missing under assets/', () => {
    const doc = minimalScene();
    setField(doc, '/bodies/cube/shape', { type: 'mesh', asset: 'meshes/no-such-mesh.obj' });
    expectProblem(refuse(doc, 'mesh.json'), '/bodies/1/shape/asset', 'meshes/no-such-mesh.obj', /no such file under assets\//);
    setField(doc, '/bodies/cube/shape', { type: 'mesh', asset: 'meshes/wedge.obj' });
    expect(loadSceneValue(doc, 'mesh.json', LOAD_OPTIONS).ok).toBe(true);
  });
});

describe('schema version', () => {
  it('refuses a document without schemaVersion', () => {
    expectProblem(refuse(tabletopWithout('/schemaVersion')), '/schemaVersion', undefined, /required field is missing/);
  });

  it('refuses a document written by a newer studio', () => {
    expectProblem(refuse(tabletopWith('/schemaVersion', 99)), '/schemaVersion', 99, /newer studio.*up to version 1/);
  });

  it.each([[0], [1.5], ['1']])('refuses the schema version %j', (version) => {
    expectProblem(refuse(tabletopWith('/schemaVersion', version)), '/schemaVersion', version, /positive integer/);
  });
});

describe('randomization', () => {
  /** The document with `entries` as its whole randomization. */
  function withEntries(entries: unknown[], doc: unknown = tabletop()): unknown {
    setField(doc, '/randomization', entries);
    return doc;
  }

  function withEntry(entry: unknown, doc: unknown = tabletop()): unknown {
    return withEntries([entry], doc);
  }

  it('refuses a path that does not resolve', () => {
    const problem = refuse(withEntry({ path: '/bodies/teapot/pose/position/0', dist: { type: 'uniform', min: 0, max: 1 } }));
    expectProblem(problem, '/randomization/0/path', '/bodies/teapot/pose/position/0', /does not name a property.*no element "teapot"/);
  });

  it('refuses a path naming an object rather than one value', () => {
    const problem = refuse(withEntry({ path: '/bodies/mug/pose/position', dist: { type: 'uniform', min: 0, max: 1 } }));
    expectProblem(problem, '/randomization/0/path', '/bodies/mug/pose/position', /names an object or array/);
  });

  it('refuses a uniform on a string field, suggesting a choice', () => {
    const problem = refuse(withEntry({ path: '/bodies/mug/visual/color', dist: { type: 'uniform', min: 0, max: 1 } }));
    expectProblem(problem, '/randomization/0/dist/type', 'uniform', /needs a numeric property.*is a string; use a choice/);
  });

  it('refuses a choice whose values have the wrong type', () => {
    const problem = refuse(withEntry({ path: '/bodies/mug/enabled', dist: { type: 'choice', values: [true, 'no'] } }));
    expectProblem(problem, '/randomization/0/dist/values', 'no', /is a boolean, but this choice offers a string/);
  });

  it('refuses a range that would make the field invalid: friction up to 9', () => {
    const dist = { type: 'uniform', min: 0.2, max: 9 };
    const problem = refuse(withEntry({ path: '/bodies/mug/physics/friction', dist }));
    expectProblem(problem, '/randomization/0/dist', dist, /value 9 would make \/bodies\/2\/physics\/friction invalid: must be <= 5/);
  });

  it('refuses a normal without bounds whose 6-std tail leaves the valid range', () => {
    const dist = { type: 'normal', mean: 0.5, std: 0.1 };
    const problem = refuse(withEntry({ path: '/bodies/mug/physics/friction', dist }));
    expectProblem(problem, '/randomization/0/dist', dist, /would make \/bodies\/2\/physics\/friction invalid: must be >= 0/);
  });

  it('refuses a uniform on an integer field, with a hint to use a choice', () => {
    const dist = { type: 'uniform', min: 90, max: 360 };
    const problem = refuse(withEntry({ path: '/robots/base/lidar/rays', dist }, presetJson('warehouse-nav.json')), 'warehouse-nav.json');
    expectProblem(problem, '/randomization/0/dist', dist, /\/robots\/0\/lidar\/rays invalid: .*int.*\(the property takes integers: use a choice\)/);
    const choice = { path: '/robots/base/lidar/rays', dist: { type: 'choice', values: [90, 180, 360] } };
    expect(loadSceneValue(withEntry(choice, presetJson('warehouse-nav.json')), 'warehouse-nav.json').ok).toBe(true);
  });

  it('refuses values that are valid alone but clash together (lidar rangeMin above rangeMax)', () => {
    const entries = [
      { path: '/robots/base/lidar/rangeMin', dist: { type: 'uniform', min: 0.05, max: 5 } },
      { path: '/robots/base/lidar/rangeMax', dist: { type: 'uniform', min: 1, max: 10 } },
    ];
    const problem = refuse(withEntries(entries, presetJson('warehouse-nav.json')), 'warehouse-nav.json');
    expect(problem.path).toBe('/randomization');
    expect(problem.message).toMatch(/randomized values clash: episode \d+ of seed 0 makes \/robots\/0\/lidar\/rangeMax invalid: rangeMax must exceed rangeMin \(drawn: \/robots\/base\/lidar\/rangeMin=/);
    expectOneLine(problem);
  });

  it('refuses randomizing an id, which other entries and references name elements by', () => {
    const entries = [
      { path: '/bodies/table/id', dist: { type: 'choice', values: ['table', 'desk'] } },
      { path: '/bodies/table/physics/friction', dist: { type: 'uniform', min: 0.4, max: 0.8 } },
    ];
    expectProblem(refuse(withEntries(entries)), '/randomization/0/path', '/bodies/table/id', /cannot randomize an id/);
  });

  it('refuses randomizing the same property twice', () => {
    const entry = { path: '/bodies/mug/physics/friction', dist: { type: 'uniform', min: 0.4, max: 0.8 } };
    expectProblem(refuse(withEntries([entry, entry])), '/randomization/1/path', entry.path, /already randomized by \/randomization\/0/);
  });

  it('refuses randomizing the same property twice, once by id and once by index', () => {
    const byId = { path: '/bodies/mug/physics/friction', dist: { type: 'uniform', min: 0.4, max: 0.8 } };
    const byIndex = { path: '/bodies/2/physics/friction', dist: { type: 'uniform', min: 0.2, max: 0.3 } };
    expectProblem(refuse(withEntries([byId, byIndex])), '/randomization/1/path', byIndex.path, /already randomized by \/randomization\/0/);
  });

  it('refuses randomizing the schema version', () => {
    const problem = refuse(withEntry({ path: '/schemaVersion', dist: { type: 'choice', values: [1] } }));
    expectProblem(problem, '/randomization/0/path', '/schemaVersion', /cannot randomize the schema version/);
  });
});

describe('formatProblem', () => {
  it('writes one line: file, pointer, message, value', () => {
    expect(formatProblem(refuse(tabletopWith('/bodies/2/physics/friction', 9), 'scenes/my scene.json'))).toBe('scenes/my scene.json: /bodies/2/physics/friction: must be <= 5 (value: 9)');
  });

  it('stays one line when a key or value holds a line break', () => {
    const problem = refuse(tabletopWith('/bodies/0/bad\nkey', 'a\nb'));
    expect(problem.path).toBe('/bodies/0/bad\nkey');
    expect(formatProblem(problem)).toBe('tabletop-grasp.json: /bodies/0/bad\\u000akey: unknown field "bad\\u000akey" (value: "a\\nb")');
  });

  it('shortens a long value', () => {
    const line = formatProblem(refuse(tabletopWith('/name', 'x'.repeat(500))));
    expect(line).toMatch(/^tabletop-grasp\.json: \/name: must be at most 128 characters \(value: "x+\.\.\.\)$/);
    expect(line.length).toBeLessThan(200);
  });

  it('writes a deeply nested value without overflowing the stack', () => {
    const text = presetText(FILE).replace('"name"', `"junk": ${'['.repeat(50_000)}${']'.repeat(50_000)}, "name"`);
    const problem = refuseText(text);
    expect(problem.path).toBe('/junk');
    expect(formatProblem(problem)).toBe('tabletop-grasp.json: /junk: unknown field "junk" (value: [...])');
  });

  it('escapes "/" and "~" in pointers (RFC 6901)', () => {
    expect(refuse(tabletopWith('/task/a~1b~0c', 1)).path).toBe('/task/a~1b~0c');
  });
});

describe('migrations', () => {
  /** A fake history: v1 had `title`, v2 renamed it `name`, v3 added `tags`. */
  const calls: string[] = [];
  const TABLE: MigrationTable = {
    1: (doc) => {
      calls.push('1->2');
      const { title, ...rest } = doc;
      return { ...rest, name: title };
    },
    2: (doc) => {
      calls.push('2->3');
      return { ...doc, tags: [`from ${String(doc.name)}`] };
    },
  };

  it('applies the steps in order up to the target version', () => {
    calls.length = 0;
    const result = migrate({ schemaVersion: 1, title: 'old' }, TABLE, 3);
    expect(calls).toEqual(['1->2', '2->3']);
    expect(result).toEqual({ ok: true, from: 1, doc: { schemaVersion: 3, name: 'old', tags: ['from old'] } });
  });

  it('starts from the version the document declares', () => {
    calls.length = 0;
    const result = migrate({ schemaVersion: 2, name: 'mid' }, TABLE, 3);
    expect(calls).toEqual(['2->3']);
    expect(result).toEqual({ ok: true, from: 2, doc: { schemaVersion: 3, name: 'mid', tags: ['from mid'] } });
  });

  it('leaves a current document as it is', () => {
    const doc = { schemaVersion: 3, name: 'new' };
    expect(migrate(doc, TABLE, 3)).toEqual({ ok: true, from: 3, doc });
  });

  it('reports a missing step', () => {
    const result = migrate({ schemaVersion: 1, title: 'old' }, { 1: TABLE[1] as MigrationTable[number] }, 3);
    expect(result).toEqual({ ok: false, message: 'no migration from version 2 to 3', value: 1 });
  });

  it('is what the loader runs, with the table it is given: a current document needs no step', () => {
    const neverCalled: MigrationTable = {
      1: () => {
        throw new Error('a version-1 document must not be migrated while version 1 is current');
      },
    };
    const loaded = loadSceneValue(minimalScene(), 'm.json', { migrations: neverCalled });
    expect(loaded.ok && loaded.migratedFrom).toBe(1);
  });
});
