/** Electron that cannot start (here: a binary that exits at once) falls back to the system Chromium with one warning. */
import { afterAll, describe, expect, it } from 'vitest';
import { launchPage, type LaunchedPage } from '../../main/cli/render-host/browser';
import { chromiumExecutable } from '../../main/cli/render-host';

let launched: LaunchedPage | undefined;
afterAll(async () => launched?.close());

describe('Electron fallback', () => {
  it('renders with the system Chromium when Electron exits at start, saying so once', async () => {
    const warnings: string[] = [];
    const chromium = chromiumExecutable();
    const start = await launchPage({ kind: 'electron', path: '/bin/false', fallback: chromium }, 'about:blank', 10_000, (m) => warnings.push(m));
    launched = start.launched;
    expect(launched.kind).toBe('chromium');
    expect(launched.executablePath).toBe(chromium);
    expect(start.needsGoto).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^Electron \\(/bin/false\\) did not start \\(.+\\); rendering with ${chromium}$`));
    expect(await launched.page.evaluate(() => 1 + 1)).toBe(2);
  });

  it('fails with Electron\'s own error when there is no Chromium to fall back to', async () => {
    await expect(launchPage({ kind: 'electron', path: '/bin/false', fallback: undefined }, 'about:blank', 10_000, () => undefined)).rejects.toThrow('Electron does not run: --version exited with 1');
  });
});
