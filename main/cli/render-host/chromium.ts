/**
 * Finding and launching the system Chromium that renders camera frames
 * (DESIGN.md: Debian's chromium driven by playwright-core, software GL).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The environment variable naming a Chromium (or Chrome) executable. */
export const CHROMIUM_ENV = 'STUDIO_CHROMIUM';
/** Where a system Chromium is looked for after $STUDIO_CHROMIUM, in order. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'] as const;

/** Flags of DESIGN.md: headless, software WebGL (SwiftShader), no network side traffic. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** No browser to render camera frames with: the message says how to get one or how to do without. */
export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
  constructor(readonly tried: string[]) {
    super(
      `rendering cameras needs a Chromium browser and none was found (tried ${tried.join(', ')}): `
        + `install one (apt-get install chromium), or set ${CHROMIUM_ENV}=/path/to/chromium, or run with --no-cameras`,
    );
  }
}

export type ChromiumLookup = { ok: true; path: string } | { ok: false; tried: string[] };

/**
 * The executable to launch: `envPath` ($STUDIO_CHROMIUM) when it exists,
 * else the first of `candidates` that exists. Pure: `exists` is the only
 * look at the file system.
 */
export function findChromium(envPath: string | undefined, candidates: readonly string[], exists: (path: string) => boolean): ChromiumLookup {
  // A browser named in the environment is the only one tried: silently using another would surprise.
  const order = envPath ? [envPath] : [...candidates];
  const path = order.find((p) => exists(p));
  return path === undefined ? { ok: false, tried: order } : { ok: true, path };
}

/** The system's Chromium, or BrowserNotFoundError. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const found = findChromium(env[CHROMIUM_ENV] || undefined, CHROMIUM_PATHS, existsSync);
  if (!found.ok) throw new BrowserNotFoundError(found.tried);
  return found.path;
}

/** Launches Chromium headless with the flags above (Playwright gives it a fresh temporary profile). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
