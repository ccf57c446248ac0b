/** Which browser renders cameras: $STUDIO_CHROMIUM alone when set, else Electron where installed, else the system paths; none gives one clear error. */
import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError, CHROMIUM_PATHS, chooseBrowser, chromiumExecutable, findChromium, findElectron } from '../../main/cli/render-host';

const only = (...present: string[]) => (path: string) => present.includes(path);

describe('finding Chromium', () => {
  it('takes $STUDIO_CHROMIUM when set (and only it), else /usr/bin/chromium, chromium-browser, google-chrome in that order', () => {
    expect(CHROMIUM_PATHS).toEqual(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']);
    const all = only('/opt/chrome', ...CHROMIUM_PATHS);
    expect(findChromium('/opt/chrome', CHROMIUM_PATHS, all)).toEqual({ ok: true, path: '/opt/chrome' });
    expect(findChromium(undefined, CHROMIUM_PATHS, all)).toEqual({ ok: true, path: '/usr/bin/chromium' });
    expect(findChromium(undefined, CHROMIUM_PATHS, only('/usr/bin/chromium-browser', '/usr/bin/google-chrome'))).toEqual({ ok: true, path: '/usr/bin/chromium-browser' });
    expect(findChromium('/nonexistent', CHROMIUM_PATHS, only('/usr/bin/google-chrome'))).toEqual({ ok: false, tried: ['/nonexistent'] });
  });

  it('reports every path tried when none exists, and the error says how to get a browser or do without', () => {
    const lookup = findChromium(undefined, CHROMIUM_PATHS, only());
    expect(lookup).toEqual({ ok: false, tried: [...CHROMIUM_PATHS] });
    const error = new BrowserNotFoundError(lookup.ok ? [] : lookup.tried);
    expect(error.message).toBe(
      'rendering cameras needs a Chromium browser and none was found (tried /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome): '
        + 'install one (apt-get install chromium), or set STUDIO_CHROMIUM=/path/to/chromium, or run with --no-cameras',
    );
  });

  it('reads $STUDIO_CHROMIUM from the environment it is given', () => {
    expect(chromiumExecutable({ STUDIO_CHROMIUM: process.execPath })).toBe(process.execPath);
  });
});

describe('choosing Electron or Chromium', () => {
  const electron = '/app/node_modules/electron/dist/electron';

  it('prefers Electron where its binary is installed, keeping the system Chromium as a fallback', () => {
    expect(chooseBrowser({}, electron, only('/usr/bin/chromium'))).toEqual({ kind: 'electron', path: electron, fallback: '/usr/bin/chromium' });
    expect(chooseBrowser({}, electron, only())).toEqual({ kind: 'electron', path: electron, fallback: undefined });
  });

  it('uses the system Chromium without Electron, with STUDIO_BROWSER=chromium, or when STUDIO_CHROMIUM names one', () => {
    expect(chooseBrowser({}, undefined, only('/usr/bin/chromium'))).toEqual({ kind: 'chromium', path: '/usr/bin/chromium' });
    expect(chooseBrowser({ STUDIO_BROWSER: 'chromium' }, electron, only('/usr/bin/chromium'))).toEqual({ kind: 'chromium', path: '/usr/bin/chromium' });
    expect(chooseBrowser({ STUDIO_CHROMIUM: '/opt/chrome' }, electron, only('/opt/chrome'))).toEqual({ kind: 'chromium', path: '/opt/chrome' });
  });

  it('names what it tried when there is no browser, and refuses an unknown STUDIO_BROWSER', () => {
    expect(() => chooseBrowser({}, undefined, only())).toThrow('(tried electron (not installed), /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome)');
    expect(() => chooseBrowser({ STUDIO_BROWSER: 'electron' }, undefined, only('/usr/bin/chromium'))).toThrow(BrowserNotFoundError);
    expect(() => chooseBrowser({ STUDIO_BROWSER: 'firefox' }, electron, only())).toThrow('STUDIO_BROWSER must be chromium or electron, got "firefox"');
  });

  it('finds Electron the way its package does (path.txt naming a binary under dist/), and not when the download was skipped', () => {
    const files: Record<string, string> = { '/nm/electron/path.txt': 'electron\n', '/nm/electron/dist/electron': '' };
    const exists = (path: string) => path in files;
    const read = (path: string) => files[path] ?? '';
    expect(findElectron('/nm/electron', exists, read)).toBe('/nm/electron/dist/electron');
    delete files['/nm/electron/dist/electron'];
    expect(findElectron('/nm/electron', exists, read)).toBeUndefined();
    expect(findElectron(undefined, exists, read)).toBeUndefined();
  });
});
