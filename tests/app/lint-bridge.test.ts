/**
 * The bridge contract is the one file of main/ that the renderer may import
 * (to type its hosts), and it must stay free of Electron and Node so that
 * it can be bundled into the page and the sandboxed preload.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function errors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  expect(result.messages.filter((m) => m.ruleId === null)).toEqual([]);
  return result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const importing = (specifier: string): string => `import * as imported from '${specifier}';\nexport const used = imported;\n`;

describe('renderer/ and main/bridge/contract', () => {
  it.each(['../../main/bridge/contract', '../../../main/bridge/contract.ts'])('lets the renderer import %s', async (specifier) => {
    expect(await errors(importing(specifier), 'renderer/app/hosts/fake.ts')).toEqual([]);
  });

  it.each(['../../main/bridge/safe-path', '../../main/electron/ipc', '../../main/bridge/contract-extra', '../../main/bridge'])(
    'still forbids the renderer importing %s',
    async (specifier) => {
      const found = await errors(importing(specifier), 'renderer/app/hosts/fake.ts');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/no-restricted-imports: .*may import only/);
    },
  );

  it('forbids import() of other main/ files from the renderer too', async () => {
    expect(await errors("export const m = import('../../main/electron/ipc');\n", 'renderer/app/fake.ts')).toHaveLength(1);
    expect(await errors("export const m = import('../../main/bridge/contract');\n", 'renderer/app/fake.ts')).toEqual([]);
  });

  it.each(['electron', 'node:fs', 'path'])('forbids the contract importing %s', async (specifier) => {
    expect(await errors(importing(specifier), 'main/bridge/contract.ts')).toHaveLength(1);
  });

  it('forbids the contract importing workers/ (only scenes/ is bundled with it)', async () => {
    expect(await errors(importing('../../workers/x'), 'main/bridge/contract.ts')).toHaveLength(1);
  });

  it('lets main/electron import electron and the rest of main', async () => {
    expect(await errors(importing('electron'), 'main/electron/fake.ts')).toEqual([]);
    expect(await errors(importing('../bridge/safe-path'), 'main/electron/fake.ts')).toEqual([]);
  });
});
