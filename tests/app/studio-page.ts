/** A driver for the studio page in tests: starts the web build in Chromium and wraps the gestures the specifications use. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../browser/serve';
import { buildAndServeApp, type ServedApp } from './serve-app';

/** Where the tests save a screenshot of each main view (ignored by git). */
export const SCREENSHOT_DIR = join(import.meta.dirname, 'out');

type Point = { x: number; y: number };

/** The page and its helpers. */
export interface Studio {
  page: Page;
  /** The served build (its output folders, and the sink's refused requests). */
  served: ServedApp;
  /** Uncaught page errors and Content-Security-Policy violations seen so far. */
  problems: string[];
  screenshot(name: string): Promise<string>;
  /** Calls a method of the page's Viewport (or reads a property). */
  viewport<T>(member: string, ...args: unknown[]): Promise<T>;
  /** The numbers in the inspector row of `pointer` (one per component). */
  numbers(pointer: string): Promise<number[]>;
  /** Types `value` into the inspector field of `pointer` (component `index` of a vector) and commits it with Enter. */
  commit(pointer: string, value: string, index?: number): Promise<void>;
  /** The open document as JSON (null when none is open). */
  documentJson(): Promise<string | null>;
  close(): Promise<void>;
}

/** Builds and opens the studio with the web host in a 1440x900 page; `output: 'server'` puts its output folders on the test server's disk. */
export async function openStudio(options: { output?: 'memory' | 'server' } = {}): Promise<Studio> {
  const served: ServedApp = await buildAndServeApp();
  const chrome = await launchChromium();
  const page = await chrome.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.exposeFunction('reportCspViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(t: string): void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
    });
  });
  await page.goto(options.output === 'server' ? `${served.url}?output=server` : served.url);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const row = (pointer: string) => page.locator(`.inspector [data-pointer="${pointer}"] input:not([type=color])`);
  return {
    page,
    served,
    problems,
    documentJson: () => page.evaluate(() => (window as unknown as { studioDocument(): string | null }).studioDocument()),
    async screenshot(name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    viewport: (member, ...args) =>
      page.$eval(
        '.viewport',
        (el, [m, a]) => {
          const v = (el as unknown as { studioViewport: Record<string, unknown> }).studioViewport;
          const value = v[m as string];
          return typeof value === 'function' ? (value as (...x: unknown[]) => unknown).apply(v, a as unknown[]) : value;
        },
        [member, args] as const,
      ) as never,
    numbers: async (pointer) => (await row(pointer).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).map(Number),
    async commit(pointer, value, index = 0) {
      const input = row(pointer).nth(index);
      await input.fill(value);
      await input.press('Enter');
    },
    async close() {
      await chrome.close();
      await served.close();
    },
  };
}

/** A drag of the gizmo's X arrow of the selected body at `position`, by `pixels` along the arrow; `before` runs while the button is still down. */
export async function dragGizmoX(studio: Studio, position: number[], pixels: number, before?: () => Promise<void>): Promise<void> {
  const [x, y, z] = position as [number, number, number];
  const origin = await studio.viewport<Point>('project', [x, y, z]);
  const ahead = await studio.viewport<Point>('project', [x + 0.1, y, z]);
  const length = Math.hypot(ahead.x - origin.x, ahead.y - origin.y);
  const ux = (ahead.x - origin.x) / length;
  const uy = (ahead.y - origin.y) / length;
  const at = (d: number): Point => ({ x: origin.x + ux * d, y: origin.y + uy * d });
  const grab = at(40);
  await studio.page.mouse.move(grab.x, grab.y);
  if ((await studio.viewport<string | null>('gizmoAxis')) !== 'X') throw new Error('the gizmo X arrow is not 40 px along +X from the body');
  await studio.page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    const p = at(40 + (pixels * i) / 10);
    await studio.page.mouse.move(p.x, p.y);
  }
  await before?.();
  await studio.page.mouse.up();
}
