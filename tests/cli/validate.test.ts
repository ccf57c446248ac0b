import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'studio-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('npm run validate', () => {
  it('accepts every preset by name', () => {
    const run = runCli('validate', ['tabletop-grasp', 'bin-picking', 'shelf-pick', 'warehouse-nav', 'apartment-nav']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(5);
    expect(run.stdout).toMatch(/warehouse-nav: ok \(Warehouse navigation: \d+ bodies, navigation task, \d+ randomized properties\)/);
  });

  it('refuses a file that is not JSON with its line and column, exit 3, no stack trace', () => {
    const file = join(scratch, 'broken.json');
    writeFileSync(file, '{\n  "schemaVersion": 1,\n  "name": oops\n}');
    const run = runCli('validate', [file]);
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`^validate: ${file}: \\(document\\): not valid JSON: .*line 3`));
  });

  it('names a missing file', () => {
    const run = runCli('validate', [join(scratch, 'nope.json')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/nope\.json: no such file/);
  });
});
