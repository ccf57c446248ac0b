/**
 * The scene composer in Debian's Chromium with the web host: the object
 * library adds and deletes elements as undo steps (refusing a delete that
 * would break the scene, with the reason), the randomization editor refuses
 * ranges that would make the scene invalid, the physics preview plays a
 * sampled episode without touching the document, a one-click gallery run
 * explains what is randomized and why episodes failed, and a cancelled run
 * keeps the episodes that finished.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio, type Studio } from './studio-page';

let studio: Studio;

beforeAll(async () => {
  studio = await openStudio();
}, 180_000);

afterAll(async () => {
  await studio?.close();
});

const treeNames = (group: number) => studio.page.locator('.tree-group').nth(group).locator('.tree-item .name').allTextContents();
const lastAlert = () => studio.page.locator('.alert.error .message').last().textContent();

describe('the scene composer', () => {
  it('opens a preset', async () => {
    const { page } = studio;
    await page.waitForSelector('.card[data-preset="tabletop-grasp"]');
    await page.click('.card[data-preset="tabletop-grasp"] button:has-text("Open")');
    await page.waitForSelector('.viewport canvas');
    expect(await page.getAttribute('.viewport', 'data-playback')).toBe('none');
  });

  it('plays a physics preview of a sampled episode that never writes the document', async () => {
    const { page } = studio;
    const before = await studio.documentJson();
    const undoTitle = await page.getAttribute('button[aria-label="Undo"]', 'title');
    await page.click('button[aria-label="Play physics preview"]');
    await expect.poll(() => page.getAttribute('.viewport', 'data-playback'), { timeout: 60_000 }).toBe('preview');
    await expect.poll(() => page.textContent('.playback-label')).toMatch(/^Preview · episode 0 · /);
    const t0 = Number(await page.getAttribute('.playback-time', 'data-frame'));
    await expect.poll(async () => Number(await page.getAttribute('.playback-time', 'data-frame'))).toBeGreaterThan(t0);
    await page.click('button[aria-label="Pause"]');
    const paused = await page.getAttribute('.playback-time', 'data-frame');
    await page.waitForTimeout(300);
    expect(await page.getAttribute('.playback-time', 'data-frame')).toBe(paused);
    await studio.screenshot('composer-2-physics-preview');
    await page.click('button[aria-label="Reset"]');
    expect(await page.getAttribute('.viewport', 'data-playback')).toBe('none');
    expect(await studio.documentJson()).toBe(before);
    expect(await page.getAttribute('button[aria-label="Undo"]', 'title')).toBe(undoTitle);
  }, 90_000);

  it('adds primitives, meshes, robots, lights and cameras from the library, each one undo step', async () => {
    const { page } = studio;
    await page.click('.library-item[data-item="box"]');
    await expect.poll(() => page.textContent('.inspector h2 .title')).toBe('box-1');
    expect(await treeNames(0)).toEqual(['floor', 'table', 'mug', 'cube', 'ball', 'box-1']);
    expect(await page.getAttribute('button[aria-label="Undo"]', 'title')).toBe('Undo add box-1 (Ctrl+Z)');
    expect(await studio.viewport('screenPoint', 'box-1')).not.toBeNull();
    await page.keyboard.press('Control+Z');
    expect(await treeNames(0)).toEqual(['floor', 'table', 'mug', 'cube', 'ball']);
    await page.keyboard.press('Control+Shift+Z');
    expect(await treeNames(0)).toContain('box-1');

    await page.click('.library-item[data-item="mesh:meshes/bottle.obj"]');
    await expect.poll(() => page.textContent('.inspector h2 .title')).toBe('bottle-1');
    expect(await studio.viewport('screenPoint', 'bottle-1')).not.toBeNull();
    await page.click('.library-item[data-item="gripper"]');
    await page.click('.library-item[data-item="base"]');
    await page.click('.library-item[data-item="spot"]');
    await page.click('.library-item[data-item="camera"]');
    expect(await treeNames(1)).toEqual(['gripper', 'gripper-1', 'base-1']);
    expect(await treeNames(2)).toEqual(['sun', 'fill', 'spot-1']);
    expect(await treeNames(3)).toEqual(['front', 'wrist', 'camera-1']);
    expect(await page.textContent('.inspector h2 .kind')).toBe('fixed camera');
    await studio.screenshot('composer-1-library');
  });

  it('deletes the selection with its randomization, and refuses a delete the task still needs', async () => {
    const { page } = studio;
    await page.click('.tree-item:has-text("ball")');
    await page.keyboard.press('Delete');
    // The ball is one of the targets /task/target may draw: the scene would no longer load.
    await expect.poll(lastAlert).toMatch(/^Cannot delete ball: tabletop-grasp\.json: \/randomization\/0\/dist: the value ball would make \/task\/target invalid: no body has id "ball" \(value: \{"type":"choice","values":\["mug","cube","ball"\]/);
    expect(await treeNames(0)).toContain('ball');
    await page.click('.alert.error .dismiss');
    await page.click('.tree-item:has-text("bottle-1")');
    await page.click('.inspector h2 button.delete');
    expect(await treeNames(0)).not.toContain('bottle-1');
    expect(await page.textContent('.inspector .empty')).toMatch(/^Click an object/);
    await page.keyboard.press('Control+Z');
    expect(await treeNames(0)).toContain('bottle-1');
  });

  it('refuses a randomization whose values would make the scene invalid, naming the value', async () => {
    const { page } = studio;
    await page.click('.tree-item:has-text("box-1")');
    await page.click('.inspector [data-pointer="/bodies/5/physics/friction"] button[aria-label="Randomize friction"]');
    const editor = page.locator('.inspector .randomize');
    await editor.locator('input[aria-label="Randomization min"]').fill('0.9');
    await editor.locator('input[aria-label="Randomization max"]').fill('0.2');
    await expect.poll(() => editor.locator('.rand-error').textContent()).toBe('max: min must not exceed max');
    expect(await editor.locator('button:has-text("Apply")').isDisabled()).toBe(true);
    await editor.locator('input[aria-label="Randomization max"]').fill('9');
    await editor.locator('button:has-text("Apply")').click();
    await expect.poll(lastAlert).toMatch(/^Cannot randomize \/bodies\/box-1\/physics\/friction: tabletop-grasp\.json: \/randomization\/\d+\/dist: the value 9 would make \/bodies\/5\/physics\/friction invalid: .*5/);
    await page.click('.alert.error .dismiss');
    await editor.locator('input[aria-label="Randomization max"]').fill('1.2');
    await editor.locator('button:has-text("Apply")').click();
    await expect.poll(() => page.locator('.inspector [data-pointer="/bodies/5/physics/friction"] .badge.random').count()).toBe(1);
  });

  it('explains a one-click gallery run: what is randomized and why episodes failed', async () => {
    const { page } = studio;
    await page.locator('.dock .runner label:has-text("Episodes") input').fill('8');
    await page.locator('.dock .runner label:has-text("Episodes") input').press('Enter');
    await page.click('button[role=tab]:has-text("Gallery")');
    await page.click('.card[data-preset="bin-picking"] button.primary');
    await page.waitForSelector('.dock .status[data-status="done"]', { timeout: 120_000 });
    const overlay = page.locator('.explain');
    expect(await overlay.locator('h2').textContent()).toBe('Bin picking: what changes, and what goes wrong');
    expect(await overlay.locator('.reasons').first().locator('li').count()).toBeGreaterThan(1);
    expect(await overlay.textContent()).toMatch(/which item to pick/);
    const failed = await page.locator('.dock .failures li').count();
    expect(await overlay.locator('.failures-explained li').count()).toBe(failed);
    if (failed > 0) {
      await page.click('.dock-tabs button[data-tab="episodes"]');
      await page.click('.episode-list .filters button:has-text("failed")');
      // A failed episode that recorded frames when there is one (a "no grasp candidate" episode has none).
      const rows = await page.locator('.episode-list tbody tr').evaluateAll((trs) => trs.map((tr) => ({ index: tr.getAttribute('data-episode'), frames: Number(tr.children[2]?.textContent) })));
      const row = rows.find((r) => r.frames > 0) ?? rows[0]!;
      await page.click(`.episode-list tbody tr[data-episode="${row.index}"]`);
      await expect.poll(() => overlay.locator('.why-episode h3').textContent()).toMatch(/^Why episode \d+ failed: /);
    }
    await studio.screenshot('composer-3-educator-overlay');
    await overlay.locator('button[aria-label="Close the explanation"]').click();
    expect(await page.locator('.explain').count()).toBe(0);
  }, 150_000);

  it('cancels a run, keeping the episodes that finished for the browser and the export', async () => {
    const { page } = studio;
    await page.click('.dock-tabs button[data-tab="run"]');
    const runner = page.locator('.dock .runner');
    await runner.locator('label:has-text("Episodes") input').fill('400');
    await runner.locator('label:has-text("Episodes") input').press('Enter');
    await runner.locator('button:has-text("Run")').click();
    await expect.poll(async () => Number(await runner.locator('[role=progressbar]').getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await runner.locator('button:has-text("Cancel")').click();
    await expect.poll(() => runner.locator('.status').getAttribute('data-status'), { timeout: 10_000 }).toBe('cancelled');
    const done = Number(await runner.locator('[role=progressbar]').getAttribute('aria-valuenow'));
    expect(done).toBeLessThan(400);
    expect(await runner.locator('.status').textContent()).toBe(`Cancelled after ${done} of 400 episodes`);
    await page.click('.dock-tabs button[data-tab="export"]');
    expect(await page.textContent('.export-form .hint')).toBe(`Exports the ${done} episodes of the last run (Bin picking, seed 0).`);
  }, 90_000);

  it('ran with no page error and no Content-Security-Policy violation', () => {
    expect(studio.problems).toEqual([]);
  });
});
