/**
 * The World Model and Sim2Real views end to end, in Debian's Chromium with
 * the web host: the bundled model is offered with its manifest; a model
 * whose manifest does not match its file is refused with the field named;
 * the test fixture model is opened from a folder; after 2 episodes with
 * cameras, a reference video (made here with ffmpeg) is dropped, 2
 * variations of the 128x128 wrist camera are made in a Web Worker with
 * progress, and play beside the original in sync with scores in [0, 1];
 * then a Sim2Real report of the run (raw renders and those variations)
 * against a folder of PNG images shows its key numbers and the report page
 * in a sandboxed frame; an exported dataset's meta/sim2real.html is shown
 * without its script. Screenshots: tests/app/out/worldmodel-*.png and
 * sim2real-*.png.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudio, type Studio } from './studio-page';

const FIXTURE_MODEL = join(import.meta.dirname, '../fixtures/worldmodel/tiny-transfer');
let studio: Studio;
let dir: string;

/** Runs ffmpeg; throws with its stderr when it fails. */
function ffmpeg(args: string[]): void {
  const run = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${run.stderr}`);
}

/** Drops files on `selector` as a drag from the desktop would. */
async function dropFiles(page: Page, selector: string, files: { path: string; type: string }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.path.split('/').pop()!, type: f.type, base64: readFileSync(f.path).toString('base64') }));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const text = atob(item.base64);
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return dt;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer: transfer });
}

/** Clicks `button` and picks `folder` in the folder chooser it opens. */
async function pickFolder(page: Page, button: string, folder: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(button)]);
  await chooser.setFiles(folder);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wm-app-'));
  // A reference video: 24 frames of ffmpeg's test pattern, H.264 in MP4.
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=96x96:rate=12', '-frames:v', '24', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', join(dir, 'reference.mp4')]);
  // Reference images: a greyscale PNG and a JPEG.
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=80x60', '-frames:v', '1', '-pix_fmt', 'gray', join(dir, 'grey.png')]);
  ffmpeg(['-f', 'lavfi', '-i', 'smptebars=size=80x60', '-frames:v', '1', join(dir, 'bars.jpg')]);
  writeFileSync(join(dir, 'notes.txt'), 'not a picture');
  // Real images: 12 frames of another test pattern, 8-bit RGB PNG.
  mkdirSync(join(dir, 'real'));
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=6', '-frames:v', '12', '-pix_fmt', 'rgb24', join(dir, 'real', 'frame-%02d.png')]);
  // A model folder whose manifest names the wrong hash.
  mkdirSync(join(dir, 'bad-model'));
  copyFileSync(join(FIXTURE_MODEL, 'model.onnx'), join(dir, 'bad-model', 'model.onnx'));
  const manifest = JSON.parse(readFileSync(join(FIXTURE_MODEL, 'manifest.json'), 'utf8')) as { sha256: string };
  writeFileSync(join(dir, 'bad-model', 'manifest.json'), JSON.stringify({ ...manifest, sha256: '0'.repeat(64) }));
  // An exported dataset with a report that carries a script and a style.
  mkdirSync(join(dir, 'dataset', 'meta'), { recursive: true });
  writeFileSync(
    join(dir, 'dataset', 'meta', 'sim2real.html'),
    '<!doctype html><html><head><style>h1{color:rgb(1,2,3)}</style><script>document.title="ran"</script></head><body><h1>Sim2Real gap</h1><p onclick="x()">dataset report</p></body></html>',
  );
  studio = await openStudio();
}, 120_000);

afterAll(async () => {
  await studio?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the World Model view', () => {
  it('offers the bundled model with its manifest and says to run episodes first', async () => {
    const { page } = studio;
    await page.click('button[role=tab]:has-text("World model")');
    await expect.poll(() => page.getAttribute('.model-option[data-origin="bundled"]', 'data-status'), { timeout: 30_000 }).toMatch(/^(ready|refused)$/);
    expect(await page.getAttribute('.model-option[data-origin="bundled"]', 'data-status')).toBe('ready');
    const card = page.locator('.model-card');
    expect(await card.locator('.model-name').textContent()).toBe('studio-transfer');
    expect(await card.locator('.model-kind').textContent()).toBe('transfer');
    expect(await card.locator('.model-licence').textContent()).toBe('Apache-2.0');
    expect(await card.locator('.model-provenance').textContent()).toContain('assets/models/studio-transfer/train.py');
    expect(await page.textContent('.tool-empty[data-empty="no-run"]')).toContain('Run episodes with cameras first');
    expect(await page.isDisabled('button:has-text("Make variations")')).toBe(true);
    await studio.screenshot('worldmodel-1-empty');
  });

  it('refuses a model whose file is not the one its manifest names, and opens the fixture model', async () => {
    const { page } = studio;
    await pickFolder(page, 'button:has-text("Open model folder…")', join(dir, 'bad-model'));
    await expect.poll(() => page.getAttribute('.model-option.active', 'data-status')).toBe('refused');
    expect(await page.textContent('.model-card.refused')).toMatch(/bad-model\/model\.onnx: \/sha256: .*not the manifest's/);
    await pickFolder(page, 'button:has-text("Open model folder…")', FIXTURE_MODEL);
    await expect.poll(() => page.getAttribute('.model-option.active', 'data-status')).toBe('ready');
    expect(await page.textContent('.model-card .model-name')).toBe('tiny-transfer');
  });

  it('makes 2 variations of a run\'s wrist camera from a dropped video and plays them beside the original', async () => {
    const { page } = studio;
    await page.click('button[role=tab]:has-text("Gallery")');
    await page.click('.card[data-preset="tabletop-grasp"] button:has-text("Open")');
    const runner = page.locator('.dock .runner');
    for (const [label, value] of [['Episodes', '2'], ['Workers', '2']] as const) {
      await runner.locator(`label:has-text("${label}") input`).fill(value);
      await runner.locator(`label:has-text("${label}") input`).press('Enter');
    }
    await runner.locator('button:has-text("Run")').click();
    await expect.poll(() => runner.locator('.status').getAttribute('data-status'), { timeout: 60_000 }).toBe('done');

    await page.click('button[role=tab]:has-text("World model")');
    expect(await page.getAttribute('.tool-empty', 'data-empty')).toBe('no-reference');
    await dropFiles(page, '.drop-zone', [{ path: join(dir, 'notes.txt'), type: 'text/plain' }]);
    expect(await page.textContent('.drop-zone .error')).toMatch(/^notes\.txt: not a video \(\.mp4, \.webm, \.mov, \.mkv\) or an image/);
    await dropFiles(page, '.drop-zone', [{ path: join(dir, 'grey.png'), type: 'image/png' }, { path: join(dir, 'bars.jpg'), type: 'image/jpeg' }]);
    await expect.poll(() => page.locator('.reference-chosen canvas.reference-preview').count()).toBe(1);
    expect([await page.getAttribute('.reference-chosen', 'data-kind'), await page.getAttribute('.reference-chosen', 'data-files')]).toEqual(['images', '2']);
    expect(await page.locator('.drop-zone .error').count()).toBe(0);
    await dropFiles(page, '.drop-zone', [{ path: join(dir, 'reference.mp4'), type: 'video/mp4' }]);
    await expect.poll(() => page.getAttribute('.reference-chosen', 'data-kind')).toBe('video');
    await expect.poll(() => page.locator('.reference-chosen canvas.reference-preview').count()).toBe(1);
    expect(await page.getAttribute('.reference-chosen', 'data-kind')).toBe('video');
    await page.selectOption('.vary-form select[aria-label="Camera"]', 'wrist');
    await page.fill('.vary-form input[aria-label="Variations"]', '2');
    await page.click('button:has-text("Make variations")');
    const seen = new Set<string>();
    while ((await page.locator('.vary-status[data-status="running"]').count()) > 0) {
      seen.add((await page.getAttribute('.vary-form [role=progressbar]', 'aria-label').catch(() => null)) ?? '');
      await page.waitForTimeout(50);
    }
    expect(await page.getAttribute('.vary-status', 'data-status'), await page.textContent('.vary-status') ?? '').toBe('done');
    expect(seen.has('Running the world model')).toBe(true);

    const player = page.locator('.variation-player');
    expect(await player.getAttribute('data-streams')).toBe('3');
    expect(await player.locator('figure.stream').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-stream')))).toEqual(['original', 'variation-0', 'variation-1']);
    const scores = await player.locator('figure.variation .score').evaluateAll((els) => els.map((e) => ({ kind: e.getAttribute('data-score'), value: Number(e.getAttribute('data-value')) })));
    expect(scores.map((s) => s.kind)).toEqual(['label-preservation', 'temporal-consistency', 'label-preservation', 'temporal-consistency']);
    for (const s of scores) {
      expect(s.value).toBeGreaterThanOrEqual(0);
      expect(s.value).toBeLessThanOrEqual(1);
    }
    expect(await player.locator('figure.variation .muted').first().textContent()).toMatch(/^reference\.mp4 frame \d+$/);

    // One scrubber drives every stream; the pictures differ from the original.
    const last = Number(await player.locator('.scrubber').getAttribute('max'));
    expect(last).toBeGreaterThan(10);
    await player.locator('.scrubber').fill(String(Math.round(last / 2)));
    const frames = await player.locator('figure.stream').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-frame')));
    expect(frames).toEqual(Array(3).fill(String(Math.round(last / 2))));
    const means = await player.locator('figure.stream > canvas').evaluateAll((cs) =>
      cs.map((c) => {
        const data = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += data[i]! + data[i + 1]! + data[i + 2]!;
        return { width: (c as HTMLCanvasElement).width, mean: sum / (data.length * 0.75) };
      }),
    );
    expect(means.map((m) => m.width)).toEqual([128, 128, 128]);
    expect(Math.abs(means[1]!.mean - means[0]!.mean) + Math.abs(means[2]!.mean - means[0]!.mean)).toBeGreaterThan(1);
    await player.locator('button[aria-label="Play"]').click();
    await expect.poll(async () => Number(await player.getAttribute('data-frame'))).not.toBe(Math.round(last / 2));
    await player.locator('button[aria-label="Pause"]').click();
    await player.locator('.scrubber').fill(String(Math.round(last * 0.6)));
    await studio.screenshot('worldmodel-2-variations');
  }, 120_000);

  it('cancels a run of variations while the world model runs, and keeps the last result', async () => {
    const { page } = studio;
    await page.fill('.vary-form input[aria-label="Variations"]', '8');
    await page.click('button:has-text("Make variations")');
    await page.waitForSelector('.vary-form [role=progressbar][aria-label="Running the world model"]', { timeout: 30_000 });
    await page.click('.vary-form button:has-text("Cancel")');
    await expect.poll(() => page.getAttribute('.vary-status', 'data-status'), { timeout: 10_000 }).toBe('cancelled');
    expect(await page.getAttribute('.variation-player', 'data-streams')).toBe('3');
    await page.fill('.vary-form input[aria-label="Variations"]', '2');
  }, 60_000);
});

describe('the Sim2Real view', () => {
  it('compares the run and its variations with a folder of real images: key numbers and the report page', async () => {
    const { page } = studio;
    await page.click('button[role=tab]:has-text("Sim2Real")');
    expect(await page.getAttribute('.tool-empty', 'data-empty')).toBe('no-report');
    await pickFolder(page, '.drop-zone button:has-text("Choose folder…")', join(dir, 'real'));
    expect(await page.getAttribute('.real-chosen', 'data-files')).toBe('12');
    expect(await page.inputValue('.vary-form select[aria-label="Camera"]')).toBe('wrist');
    await page.click('button:has-text("Compute report")');
    const stages = new Set<string>();
    while ((await page.locator('.gap-status[data-status="running"]').count()) > 0) {
      stages.add(((await page.textContent('.gap-status').catch(() => '')) ?? '').split(':')[0]!);
      await page.waitForTimeout(50);
    }
    expect(await page.getAttribute('.gap-status', 'data-status'), (await page.textContent('.gap-status')) ?? '').toBe('done');
    expect(stages.size).toBeGreaterThan(1);

    const rows = await page.locator('table.key-numbers tbody tr').evaluateAll((trs) => trs.map((tr) => ({ statistic: tr.getAttribute('data-statistic'), verdict: tr.getAttribute('data-verdict') })));
    expect(rows.map((r) => r.statistic)).toContain('KID[random-cnn-features]');
    expect(rows.map((r) => r.statistic)).toContain('histogram W1 (mean of R, G, B)');
    for (const r of rows) expect(['reduced', 'increased', 'unchanged']).toContain(r.verdict);

    const frame = page.locator('iframe.report-frame');
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin');
    await expect.poll(() => frame.getAttribute('data-styled')).toBe('true');
    const inside = page.frameLocator('iframe.report-frame');
    expect(await inside.locator('h1').textContent()).toBe('Sim2Real gap');
    expect(await inside.locator('text=Did the variations reduce the gap?').count()).toBe(1);
    // The report's CSS applies although the app's policy forbids inline styles.
    expect(await inside.locator('th').first().evaluate((th) => getComputedStyle(th).backgroundColor)).toBe('rgb(244, 244, 244)');
    await studio.screenshot('sim2real-1-report');
  }, 90_000);

  it('shows an exported dataset\'s meta/sim2real.html without running its script', async () => {
    const { page } = studio;
    await pickFolder(page, 'button:has-text("Open dataset folder…")', join(dir, 'dataset'));
    await expect.poll(() => page.getAttribute('.gap-header', 'data-origin')).toBe('dataset');
    const inside = page.frameLocator('iframe.report-frame');
    await expect.poll(() => inside.locator('p').textContent()).toBe('dataset report');
    expect(await inside.locator('script').count()).toBe(0);
    await inside.locator('p').click(); // its onclick handler never runs in the sandbox (it would throw: x is undefined)
    expect(await inside.locator('html').evaluate(() => document.title)).toBe('');
    await expect.poll(() => inside.locator('h1').evaluate((h) => getComputedStyle(h).color)).toBe('rgb(1, 2, 3)');
    expect(await page.textContent('.gap-header')).toContain('no readable meta/sim2real.json');
  });

  it('ran with no page error and no Content-Security-Policy violation', () => {
    expect(studio.problems).toEqual([]);
  });
});
