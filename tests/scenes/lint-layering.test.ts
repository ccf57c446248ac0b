/**
 * The layering of DESIGN.md is enforced by ESLint as errors. These
 * specifications lint small snippets as if they lived in each folder (the
 * files need not exist: lintText only uses the path to pick the config).
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

interface Finding {
  ruleId: string | null;
  severity: number;
  message: string;
}

async function lint(code: string, filePath: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  return result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message }));
}

/** Lints `code` at `filePath` and returns the errors of `rule`. */
async function errorsOf(rule: string, code: string, filePath: string): Promise<Finding[]> {
  const findings = await lint(code, filePath);
  // A parse error would make every rule silent: fail loudly instead.
  expect(findings.filter((f) => f.ruleId === null)).toEqual([]);
  return findings.filter((f) => f.ruleId === rule && f.severity === 2);
}

const importing = (specifier: string): string => `import * as imported from '${specifier}';\nexport const used = imported;\n`;

describe('layering (no-restricted-imports)', () => {
  it.each([
    ['scenes/fake.ts', '../workers/x'],
    ['scenes/fake.ts', '../exporters/x'],
    ['scenes/fake.ts', '../renderer/x'],
    ['scenes/fake.ts', '../main/x'],
    ['scenes/schema/fake.ts', '../../workers/x'],
    ['exporters/fake.ts', '../workers/x'],
    ['exporters/fake.ts', '../renderer/x'],
    ['workers/fake.ts', '../renderer/x'],
    ['workers/fake.ts', '../main/x'],
    ['renderer/fake.tsx', '../main/x'],
  ])('forbids %s importing %s', async (filePath, specifier) => {
    const errors = await errorsOf('no-restricted-imports', importing(specifier), filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/may import only/);
  });

  it.each([
    ['scenes/fake.ts', 'node:fs'],
    ['scenes/fake.ts', 'fs'],
    ['scenes/fake.ts', 'node:path'],
    ['scenes/fake.ts', 'electron'],
    ['scenes/fake.ts', 'three'],
    ['scenes/fake.ts', '@dimforge/rapier3d-deterministic-compat'],
    ['renderer/fake.tsx', 'node:fs'],
    ['exporters/fake.ts', 'electron'],
    ['workers/fake.ts', 'react'],
    ['main/cli/x.ts', 'electron'],
    ['main/cli/x.ts', 'electron/main'],
  ])('forbids %s importing the runtime package %s', async (filePath, specifier) => {
    expect(await errorsOf('no-restricted-imports', importing(specifier), filePath)).toHaveLength(1);
  });

  it('forbids type-only imports and re-exports across layers too', async () => {
    expect(await errorsOf('no-restricted-imports', "import type { X } from '../workers/x';\nexport type Y = X;\n", 'scenes/fake.ts')).toHaveLength(1);
    expect(await errorsOf('no-restricted-imports', "export * from '../workers/x';\n", 'scenes/fake.ts')).toHaveLength(1);
  });

  it.each([
    ['scenes/fake.ts', './rng'],
    ['scenes/schema/fake.ts', '../pointer'],
    ['scenes/fake.ts', 'zod'],
    ['exporters/fake.ts', '../scenes/x'],
    ['workers/fake.ts', '../scenes/x'],
    ['workers/fake.ts', '../exporters/x'],
    ['workers/fake.ts', 'three'],
    ['renderer/fake.tsx', '../workers/x'],
    ['main/fake.ts', 'electron'],
    ['main/cli/x.ts', 'node:worker_threads'],
    ['main/cli/x.ts', '../../workers/x'],
    ['tests/fake.test.ts', '../main/x'],
  ])('allows %s importing %s', async (filePath, specifier) => {
    expect(await errorsOf('no-restricted-imports', importing(specifier), filePath)).toEqual([]);
  });
});

describe('determinism (no-restricted-properties)', () => {
  it.each(['scenes/x.ts', 'exporters/x.ts', 'workers/x.ts', 'renderer/x.tsx', 'main/x.ts', 'main/cli/x.ts', 'assets/meshes/x.ts', 'tests/x.test.ts', 'x.config.ts', 'workers/x.js'])(
    'forbids Math.random in %s',
    async (filePath) => {
      const errors = await errorsOf('no-restricted-properties', 'export const r = Math.random();\n', filePath);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toMatch(/seeded generator in scenes\/rng\.ts/);
    },
  );

  it('forbids Math.random however it is reached', async () => {
    expect(await errorsOf('no-restricted-properties', "export const r = Math['random']();\n", 'scenes/x.ts')).toHaveLength(1);
    expect(await errorsOf('no-restricted-properties', 'const { random } = Math;\nexport const r = random();\n', 'scenes/x.ts')).toHaveLength(1);
  });

  it('allows the rest of Math', async () => {
    expect(await errorsOf('no-restricted-properties', 'export const r = Math.floor(Math.sqrt(2));\n', 'scenes/x.ts')).toEqual([]);
  });

  it.each([
    ['workers/grasp/x.ts', 'sin'],
    ['workers/nav/x.ts', 'atan2'],
    ['workers/physics/x.ts', 'cos'],
    ['workers/rollout/x.ts', 'log'],
    ['workers/pool/x.ts', 'tan'],
    ['workers/pipeline/x.ts', 'pow'],
    ['scenes/x.ts', 'exp'],
    ['scenes/schema/x.ts', 'acos'],
  ])('forbids the runtime-dependent Math functions in data paths: %s calling Math.%s', async (filePath, fn) => {
    const errors = await errorsOf('no-restricted-properties', `export const r = Math.${fn}(0.5, 2);\n`, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/scenes\/portable-math\.ts/);
  });

  it('still forbids Math.random where the Math functions are forbidden too', async () => {
    const errors = await errorsOf('no-restricted-properties', 'export const r = Math.sin(Math.random());\n', 'workers/grasp/x.ts');
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/portable-math/), expect.stringMatching(/seeded generator/)]);
  });

  it.each(['renderer/x.tsx', 'exporters/x.ts', 'workers/worldmodel/x.ts', 'workers/sim2real/x.ts', 'main/cli/x.ts', 'tests/x.test.ts'])(
    'allows Math.sin outside data paths: %s',
    async (filePath) => {
      expect(await errorsOf('no-restricted-properties', 'export const r = Math.sin(1);\n', filePath)).toEqual([]);
    },
  );
});

describe('layering of dynamic import() (no-restricted-syntax)', () => {
  it.each([
    ['scenes/fake.ts', '../workers/x'],
    ['exporters/fake.ts', '../renderer/x'],
    ['main/cli/fake.ts', '../../renderer/x'],
  ])('forbids %s calling import(%s)', async (filePath, specifier) => {
    const errors = await errorsOf('no-restricted-syntax', `export const load = () => import('${specifier}');\n`, filePath);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/may import only/);
  });

  it('allows workers/ to import scenes/ dynamically', async () => {
    expect(await errorsOf('no-restricted-syntax', "export const load = () => import('../scenes/x');\n", 'workers/fake.ts')).toEqual([]);
  });
});
