/**
 * scenes/scene.schema.json is the JSON Schema of scene files for editors and
 * other tools. It must match the zod schema it is generated from, and an
 * independent reader (Python's jsonschema, Debian python3-jsonschema) must
 * accept every preset with it and refuse broken ones.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../../scenes/sample';
import { SCENE_JSON_SCHEMA_PATH, sceneJsonSchemaText } from '../tools/scene-json-schema';
import { loadPreset, minimalScene, PRESET_DIR, presetFiles, presetJson, REPO_ROOT, setField } from './support';

const PYTHON = '/usr/bin/python3';
const SCHEMA_FILE = join(REPO_ROOT, SCENE_JSON_SCHEMA_PATH);

/** Reads {"schema": path, "docs": [{name, path} | {name, doc}]} on stdin; prints {name: [[pointer, message], ...]}. */
const VALIDATE = `
import json, sys
from jsonschema import Draft202012Validator
request = json.load(sys.stdin)
with open(request["schema"], encoding="utf-8") as f:
    schema = json.load(f)
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
out = {}
for item in request["docs"]:
    if "path" in item:
        with open(item["path"], encoding="utf-8") as f:
            doc = json.load(f)
    else:
        doc = item["doc"]
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    out[item["name"]] = [["".join("/" + str(p) for p in e.absolute_path), e.message[:200]] for e in errors]
print(json.dumps(out))
`;

type Verdicts = Record<string, [string, string][]>;

function validateWithPython(docs: ({ name: string; path: string } | { name: string; doc: unknown })[]): Verdicts {
  const output = execFileSync(PYTHON, ['-c', VALIDATE], { input: JSON.stringify({ schema: SCHEMA_FILE, docs }), encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(output) as Verdicts;
}

describe('scenes/scene.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx tests/tools/write-json-schema.ts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(sceneJsonSchemaText());
  });

  it('describes the document as written: required fields, closed objects, ranges', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect([...schema.required].sort()).toEqual(['bodies', 'name', 'robots', 'schemaVersion', 'task']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.schemaVersion).toMatchObject({ const: 1 });
  });

  describe('read by Python jsonschema', () => {
    beforeAll(() => {
      try {
        execFileSync(PYTHON, ['-c', 'import jsonschema'], { stdio: 'pipe' });
      } catch {
        throw new Error(`${PYTHON} cannot import jsonschema: install Debian's python3-jsonschema (apt-get install -y python3-jsonschema)`);
      }
    });

    it('accepts every preset file', () => {
      const files = presetFiles();
      const verdicts = validateWithPython(files.map((file) => ({ name: file, path: join(PRESET_DIR, file) })));
      expect(Object.keys(verdicts).sort()).toEqual(files);
      for (const file of files) expect(verdicts[file], file).toEqual([]);
    });

    it('accepts the minimal scene and the resolved scene of a sampled episode', () => {
      const verdicts = validateWithPython([
        { name: 'minimal', doc: minimalScene() },
        ...presetFiles().map((file) => ({ name: `${file}#3`, doc: sample(loadPreset(file), 5, 3).scene })),
      ]);
      for (const [name, errors] of Object.entries(verdicts)) expect(errors, name).toEqual([]);
    });

    it('refuses broken documents at the same pointer as the studio', () => {
      const broken = (pointer: string, value: unknown): unknown => {
        const doc = presetJson('tabletop-grasp.json');
        setField(doc, pointer, value);
        return doc;
      };
      const verdicts = validateWithPython([
        { name: 'friction 9', doc: broken('/bodies/2/physics/friction', 9) },
        { name: 'string for number', doc: broken('/bodies/2/physics/friction', '0.5') },
        { name: 'unknown field', doc: broken('/bodies/0/colour', 'red') },
        { name: 'newer version', doc: broken('/schemaVersion', 99) },
        { name: 'bad colour', doc: broken('/bodies/2/visual/color', 'red') },
        { name: 'asset path with ..', doc: broken('/bodies/2/shape', { type: 'mesh', asset: '../secret.obj' }) },
      ]);
      expect(verdicts['friction 9']?.map(([p]) => p)).toContain('/bodies/2/physics/friction');
      expect(verdicts['string for number']?.map(([p]) => p)).toContain('/bodies/2/physics/friction');
      expect(verdicts['unknown field']).toContainEqual(['/bodies/0', expect.stringContaining("'colour' was unexpected")]);
      expect(verdicts['newer version']?.map(([p]) => p)).toContain('/schemaVersion');
      expect(verdicts['bad colour']?.map(([p]) => p)).toContain('/bodies/2/visual/color');
      expect(verdicts['asset path with ..']?.map(([p]) => p)).toContain('/bodies/2/shape');
    });
  });
});
