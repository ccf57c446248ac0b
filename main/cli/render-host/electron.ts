/**
 * Electron as the CLI's headless browser, where the `electron` package's
 * binary is installed (DESIGN.md: "Electron where installed, otherwise a
 * system Chromium"). The CLI never imports electron: it reads the binary's
 * path the way the electron package does (node_modules/electron/path.txt)
 * and starts it on main/electron/headless-host.mjs through playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';

/** The Electron main script that opens one hidden window on a loopback URL. */
export const ELECTRON_HOST_SCRIPT = fileURLToPath(new URL('../../electron/headless-host.mjs', import.meta.url));

/** Flags for Electron's Chromium: no display needed, software WebGL (SwiftShader). */
export const ELECTRON_ARGS = ['--ozone-platform=headless', '--disable-gpu', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-dev-shm-usage'];

/**
 * The Electron binary installed with the `electron` package, or undefined
 * when the package's download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1)
 * or the package is absent. `packageDir` is node_modules/electron.
 */
export function findElectron(
  packageDir: string | undefined = electronPackageDir(),
  exists: (path: string) => boolean = existsSync,
  readText: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): string | undefined {
  if (packageDir === undefined) return undefined;
  const pathFile = join(packageDir, 'path.txt');
  if (!exists(pathFile)) return undefined;
  const binary = join(packageDir, 'dist', readText(pathFile).trim());
  return exists(binary) ? binary : undefined;
}

function electronPackageDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** A page in a launched Electron, and how to end it. */
export interface ElectronPage {
  page: Page;
  app: ElectronApplication;
  close(): Promise<void>;
}

/**
 * Whether the binary runs at all (`electron --version`, 15 s at most).
 * Checked before playwright-core's launch, whose failed launches of a
 * process that exits at once leave unhandled rejections behind.
 */
export function electronRuns(executablePath: string): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.error) return { ok: false, reason: probe.error.message };
  if (probe.status !== 0) return { ok: false, reason: `--version exited with ${probe.status ?? probe.signal}${probe.stderr ? `: ${probe.stderr.trim().split('\n')[0]}` : ''}` };
  return { ok: true };
}

/** Starts Electron on the host script with `url` (loopback only) and returns its window's page. */
export async function launchElectronPage(executablePath: string, url: string, timeoutMs: number): Promise<ElectronPage> {
  const probe = electronRuns(executablePath);
  if (!probe.ok) throw new Error(`Electron does not run: ${probe.reason}`);
  const app = await _electron.launch({ executablePath, args: [ELECTRON_HOST_SCRIPT, ...ELECTRON_ARGS, `--studio-url=${url}`], timeout: timeoutMs });
  try {
    const page = await app.firstWindow({ timeout: timeoutMs });
    return { page, app, close: () => app.close().catch(() => undefined) };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
