/**
 * The studio end to end, in Debian's Chromium, as the same renderer bundle
 * with the web host: open a preset from the gallery, select by clicking in
 * the viewport and the tree, edit in the inspector, move with the gizmo,
 * undo and redo, run episodes on the Web Worker pool with live progress,
 * and see a refused scene file named in an alert. Each main view is saved
 * as a screenshot under tests/app/out/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragGizmoX, openStudio, type Studio } from './studio-page';

let studio: Studio;

beforeAll(async () => {
  studio = await openStudio();
}, 180_000);

afterAll(async () => {
  await studio?.close();
});

const MUG_FRICTION = '/bodies/2/physics/friction';
const CUBE_POSITION = '/bodies/3/pose/position';

describe('the studio with the web host', () => {
  it('shows the five presets in the gallery', async () => {
    const { page } = studio;
    await page.waitForSelector('.card');
    expect(await page.locator('.card h2').allTextContents()).toEqual(['Apartment navigation', 'Bin picking', 'Retail shelf pick', 'Tabletop grasp', 'Warehouse navigation']);
    expect(await page.locator('.card button.primary').first().getAttribute('title')).toMatch(/^Open Apartment navigation and run 20 episodes$/);
    await studio.screenshot('1-gallery');
  });

  it('says what to do next when no scene is open', async () => {
    await studio.page.click('button[role=tab]:has-text("Editor")');
    await studio.page.waitForSelector('.empty-card');
    expect(await studio.page.textContent('.empty-card h1')).toBe('No scene is open');
    await studio.screenshot('2-editor-empty');
  });

  it('opens a preset from the gallery into the editor', async () => {
    const { page } = studio;
    await page.click('button[role=tab]:has-text("Gallery")');
    await page.click('.card[data-preset="tabletop-grasp"] button:has-text("Open")');
    await page.waitForSelector('.viewport canvas');
    expect(await page.locator('.tree-group').first().locator('.tree-item .name').allTextContents()).toEqual(['floor', 'table', 'mug', 'cube', 'ball']);
    expect(await page.textContent('.inspector .empty')).toMatch(/^Click an object in the viewport/);
  });

  it('selects an object by clicking it in the viewport, and another in the tree', async () => {
    const { page } = studio;
    const cube = await studio.viewport<{ x: number; y: number }>('screenPoint', 'cube');
    await page.mouse.click(cube.x, cube.y);
    await expect.poll(() => page.textContent('.inspector h2 .title')).toBe('cube');
    expect(await page.getAttribute('.tree-item.selected', 'title')).toBe('Select cube (dynamic box)');
    await studio.screenshot('3-editor-viewport-selection');
    await page.click('.tree-item:has-text("mug")');
    await expect.poll(() => page.textContent('.inspector h2 .title')).toBe('mug');
  });

  it('changes a property in the inspector; undo and redo restore each value', async () => {
    const { page } = studio;
    expect(await studio.numbers(MUG_FRICTION)).toEqual([0.8]);
    await studio.commit(MUG_FRICTION, '0.35');
    expect(await studio.numbers(MUG_FRICTION)).toEqual([0.35]);
    expect(await page.getAttribute('button[aria-label="Undo"]', 'title')).toBe('Undo set friction (Ctrl+Z)');
    await page.click('button[aria-label="Undo"]');
    expect(await studio.numbers(MUG_FRICTION)).toEqual([0.8]);
    await page.keyboard.press('Control+Shift+Z');
    expect(await studio.numbers(MUG_FRICTION)).toEqual([0.35]);
    await page.keyboard.press('Control+Z');
    expect(await studio.numbers(MUG_FRICTION)).toEqual([0.8]);
    await page.click('button[aria-label="Redo"]');
    expect(await studio.numbers(MUG_FRICTION)).toEqual([0.35]);
  });

  it('refuses an invalid value with the schema reason and keeps the document', async () => {
    const { page } = studio;
    await studio.commit(MUG_FRICTION, '9');
    await expect.poll(() => page.locator('.alert.error .message').last().textContent()).toMatch(/^tabletop-grasp\.json: \/bodies\/2\/physics\/friction: .*5.*\(value: 9\)$/);
    expect(await studio.numbers(MUG_FRICTION)).toEqual([0.35]);
    await page.click('.alert.error .dismiss');
  });

  it('moves a body with the gizmo as one undo step, and Escape cancels a drag', async () => {
    const { page } = studio;
    await page.click('.tree-item:has-text("cube")');
    const start = await studio.numbers(CUBE_POSITION);
    await dragGizmoX(studio, start, 80);
    const moved = await studio.numbers(CUBE_POSITION);
    expect(moved[0]).toBeGreaterThan(start[0]! + 0.05);
    expect(moved.slice(1)).toEqual([start[1], start[2]].map((v) => Number(v!.toFixed(6))));
    expect(Math.round(moved[0]! * 100) / 100).toBe(moved[0]); // snapped to 1 cm
    expect(await page.getAttribute('button[aria-label="Undo"]', 'title')).toBe('Undo move cube (Ctrl+Z)');
    await studio.screenshot('4-editor-gizmo-moved');

    await dragGizmoX(studio, moved, 60, async () => {
      expect((await studio.numbers(CUBE_POSITION))[0]).toBeGreaterThan(moved[0]!);
      await page.keyboard.press('Escape');
    });
    expect(await studio.numbers(CUBE_POSITION)).toEqual(moved);
    expect(await page.textContent('.inspector h2 .title')).toBe('cube');

    await page.keyboard.press('Control+Z');
    expect(await studio.numbers(CUBE_POSITION)).toEqual(start);
    await page.keyboard.press('Control+Shift+Z');
    expect(await studio.numbers(CUBE_POSITION)).toEqual(moved);
  });

  it('shows the scene settings with what is randomized', async () => {
    const { page } = studio;
    await page.click('.tree-item:has-text("Scene settings")');
    await page.waitForSelector('.inspector [data-section="randomization"]');
    expect(await page.textContent('.inspector [data-section="randomization"] h3')).toBe('Randomized per episode (26)');
    await studio.screenshot('5-editor-scene-settings');
  });

  it('runs 5 episodes on 2 Web Workers with live progress to done', async () => {
    const { page } = studio;
    await studio.page.locator('.run-controls label:has-text("Episodes") input').fill('5');
    await studio.page.locator('.run-controls label:has-text("Episodes") input').press('Enter');
    await studio.page.locator('.run-controls label:has-text("Workers") input').fill('2');
    await studio.page.locator('.run-controls label:has-text("Workers") input').press('Enter');
    await page.click('.run-controls button:has-text("Run")');
    const seen = new Set<string>();
    const progress = page.locator('.runner [role=progressbar]');
    await progress.waitFor();
    for (let i = 0; i < 600 && (await page.locator('.status').getAttribute('data-status')) === 'running'; i++) {
      seen.add((await progress.getAttribute('aria-valuenow')) as string);
      await page.waitForTimeout(100);
    }
    expect(await page.locator('.status').getAttribute('data-status')).toBe('done');
    expect(await progress.getAttribute('aria-valuenow')).toBe('5');
    expect(seen.size).toBeGreaterThan(1); // progress moved while running
    expect(await page.textContent('[data-stat="done"]')).toBe('5 / 5 episodes');
    expect(await page.textContent('[data-stat="success"]')).toMatch(/^\d+ % success$/);
    expect(await page.textContent('[data-stat="rate"]')).toMatch(/^\d+\.\d\d episodes\/s$/);
    await studio.screenshot('6-editor-run-done');
  }, 180_000);

  it('runs a preset in one click from the gallery and lists why episodes failed', async () => {
    const { page } = studio;
    await page.locator('.run-controls label:has-text("Episodes") input').fill('12');
    await page.locator('.run-controls label:has-text("Episodes") input').press('Enter');
    await page.click('button[role=tab]:has-text("Gallery")');
    await page.click('.card[data-preset="bin-picking"] button.primary');
    await page.waitForSelector('.status[data-status="done"]', { timeout: 240_000 });
    expect(await page.textContent('[data-stat="done"]')).toBe('12 / 12 episodes');
    const failures = await page.locator('.failures li').count();
    const success = Number((await page.textContent('[data-stat="success"]'))!.split(' ')[0]);
    expect(failures > 0 || success === 100).toBe(true);
    await studio.screenshot('7-gallery-one-click-run');
  }, 300_000);

  it('shows the one-line problem of a scene file that fails validation', async () => {
    const { page } = studio;
    const chooser = page.waitForEvent('filechooser');
    await page.click('button:has-text("Open…")');
    const bad = { schemaVersion: 1, name: 'broken', bodies: [], robots: [], task: { type: 'grasp', robot: 'g', target: 't' } };
    await (await chooser).setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await expect.poll(() => page.locator('.alert.error .message').last().textContent()).toMatch(/^broken\.json: \/robots: .*\(value: \[\]\)( \[and \d+ more problems?\])?$/);
    await studio.screenshot('8-alert-invalid-scene');
  });

  it('ran under the Content-Security-Policy with no violation, and the policy refuses eval', async () => {
    expect(studio.problems).toEqual([]);
    const csp = await studio.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    const evalResult = await studio.page.evaluate(
      () => new Promise<string>((resolve) => setTimeout(() => {
        try {
          resolve(String(new Function('return 1')()));
        } catch (error) {
          resolve((error as Error).name);
        }
      })),
    );
    expect(evalResult).toBe('EvalError');
  });
});
