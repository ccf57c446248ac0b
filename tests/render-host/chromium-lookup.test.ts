/** Which browser renders cameras: $STUDIO_CHROMIUM alone when set, else the system paths; none gives one clear error. */
import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError, CHROMIUM_PATHS, chromiumExecutable, findChromium } from '../../main/cli/render-host';

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
