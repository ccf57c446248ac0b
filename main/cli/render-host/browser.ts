/**
 * Which browser renders camera frames, and a launched page in it. Order
 * (DESIGN.md): $STUDIO_CHROMIUM when set (and only it); else Electron when
 * its binary is installed (unless $STUDIO_BROWSER=chromium); else a system
 * Chromium. Electron that fails to start falls back to a system Chromium
 * with a warning, since a machine may have Electron but no way to run it.
 */
import type { Page } from 'playwright-core';
import { BrowserNotFoundError, CHROMIUM_ENV, CHROMIUM_PATHS, findChromium, launchChromium } from './chromium';
import { launchElectronPage } from './electron';

/** The environment variable that forces a kind: `chromium` or `electron`. */
export const BROWSER_ENV = 'STUDIO_BROWSER';

export type BrowserChoice =
  | { kind: 'electron'; path: string; fallback: string | undefined }
  | { kind: 'chromium'; path: string };

/**
 * The browser to use. Pure: `electronPath` is Electron's binary when
 * installed, `exists` the only look at the file system. Throws
 * BrowserNotFoundError naming every path tried.
 */
export function chooseBrowser(env: NodeJS.ProcessEnv, electronPath: string | undefined, exists: (path: string) => boolean): BrowserChoice {
  const forced = env[BROWSER_ENV];
  if (forced !== undefined && forced !== '' && forced !== 'chromium' && forced !== 'electron') {
    throw new Error(`${BROWSER_ENV} must be chromium or electron, got ${JSON.stringify(forced)}`);
  }
  const explicitChromium = env[CHROMIUM_ENV] || undefined;
  const chromium = findChromium(explicitChromium, CHROMIUM_PATHS, exists);
  if (explicitChromium === undefined && forced !== 'chromium' && electronPath !== undefined) {
    return { kind: 'electron', path: electronPath, fallback: chromium.ok ? chromium.path : undefined };
  }
  if (forced === 'electron') throw new BrowserNotFoundError(['electron (node_modules/electron has no binary)']);
  if (!chromium.ok) throw new BrowserNotFoundError(electronPath === undefined ? ['electron (not installed)', ...chromium.tried] : chromium.tried);
  return { kind: 'chromium', path: chromium.path };
}

/** A page in a launched browser; `onExit` fires if the browser goes away before `close()`. */
export interface LaunchedPage {
  page: Page;
  kind: BrowserChoice['kind'];
  executablePath: string;
  onExit(listener: () => void): void;
  close(): Promise<void>;
}

/**
 * Launches the chosen browser on `url`. Electron opens the URL itself (its
 * host script); Chromium gets a new page that the caller navigates
 * (`needsGoto`).
 */
export async function launchPage(
  choice: BrowserChoice, url: string, timeoutMs: number, onWarning: (message: string) => void,
): Promise<{ launched: LaunchedPage; needsGoto: boolean }> {
  if (choice.kind === 'electron') {
    try {
      const { page, app, close } = await launchElectronPage(choice.path, url, timeoutMs);
      return { launched: { page, kind: 'electron', executablePath: choice.path, onExit: (listener) => app.on('close', listener), close }, needsGoto: false };
    } catch (error) {
      if (choice.fallback === undefined) throw error;
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
      onWarning(`Electron (${choice.path}) did not start (${reason}); rendering with ${choice.fallback}`);
      return launchPage({ kind: 'chromium', path: choice.fallback }, url, timeoutMs, onWarning);
    }
  }
  const browser = await launchChromium(choice.path);
  try {
    const page = await browser.newPage();
    const launched: LaunchedPage = {
      page, kind: 'chromium', executablePath: choice.path,
      onExit: (listener) => browser.on('disconnected', listener),
      close: () => browser.close().catch(() => undefined),
    };
    return { launched, needsGoto: true };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}
