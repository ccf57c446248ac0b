/**
 * The desktop workflow end to end, in Debian's Chromium, as the renderer
 * bundle with the web host whose output folders are files on the test
 * server's disk: open a preset, move an object with the gizmo by dragging
 * the mouse, undo and redo, randomize a property with a preview, run 20
 * episodes with live charts, replay an episode, export LeRobot, read the
 * written files back with DuckDB and compare them with the CLI's output
 * for the same job, byte for byte; export robomimic HDF5 and read it with
 * h5py. Each main view is saved as a
 * screenshot under tests/app/out/ (workflow-*.png).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, runCli } from '../cli/run-cli';
import { dragGizmoX, openStudio, type Studio } from './studio-page';

let studio: Studio;
const EPISODES = 20;
const CUBE_POSITION = '/bodies/3/pose/position';
/** The folder the export wrote, once it has. */
let folder = '';

beforeAll(async () => {
  studio = await openStudio({ output: 'server' });
}, 180_000);

afterAll(async () => {
  await studio?.close();
});

describe('compose, run, replay and export with the web host', () => {
  it('opens a preset from the gallery', async () => {
    const { page } = studio;
    await page.waitForSelector('.card[data-preset="tabletop-grasp"]');
    await studio.screenshot('workflow-1-gallery');
    await page.click('.card[data-preset="tabletop-grasp"] button:has-text("Open")');
    await page.waitForSelector('.viewport canvas');
    expect(await page.textContent('.dock .runner .empty')).toMatch(/^Set the number of episodes and press Run/);
  });

  it('moves the cube by dragging the gizmo with the mouse; undo and redo', async () => {
    const { page } = studio;
    await page.click('.tree-item:has-text("cube")');
    const start = await studio.numbers(CUBE_POSITION);
    await dragGizmoX(studio, start, 90);
    const moved = await studio.numbers(CUBE_POSITION);
    expect(moved[0]).toBeGreaterThan(start[0]! + 0.05);
    expect(await page.getAttribute('button[aria-label="Undo"]', 'title')).toBe('Undo move cube (Ctrl+Z)');
    await studio.screenshot('workflow-2-editor');
    await page.keyboard.press('Control+Z');
    expect(await studio.numbers(CUBE_POSITION)).toEqual(start);
    await page.keyboard.press('Control+Shift+Z');
    expect(await studio.numbers(CUBE_POSITION)).toEqual(moved);
  });

  it('widens the grip force range with a preview of the values episodes draw', async () => {
    const { page } = studio;
    await page.click('.tree-item:has-text("gripper")');
    const row = page.locator('.inspector [data-pointer="/robots/0/gripForce"]');
    expect(await row.locator('.badge.random').getAttribute('title')).toBe('Randomized per episode: normal μ 60 σ 15 clamped to 20 … 100 — weak grips slip on heavy objects');
    await row.locator('button[aria-label="Randomize grip force"]').click();
    const editor = page.locator('.inspector .randomize');
    await editor.waitFor();
    expect(await editor.locator('.hint code').textContent()).toBe('/robots/gripper/gripForce');
    expect(await editor.locator('button[data-type="normal"]').getAttribute('aria-checked')).toBe('true');
    await editor.locator('button[data-type="uniform"]').click();
    await editor.locator('input[aria-label="Randomization min"]').fill('1');
    await editor.locator('input[aria-label="Randomization max"]').fill('20');
    await editor.locator('input[aria-label="Randomization why"]').fill('weak grips slip, strong ones hold');
    const histogram = editor.locator('.histogram');
    await expect.poll(() => histogram.getAttribute('data-count')).toBe('200');
    expect(Number(await histogram.getAttribute('data-min'))).toBeGreaterThanOrEqual(1);
    expect(Number(await histogram.getAttribute('data-max'))).toBeLessThanOrEqual(20);
    await studio.screenshot('workflow-3-randomization-editor');
    await editor.locator('button:has-text("Apply")').click();
    await expect.poll(() => row.locator('.badge.random').getAttribute('title')).toBe('Randomized per episode: uniform 1 … 20 — weak grips slip, strong ones hold');
    expect(await page.getAttribute('button[aria-label="Undo"]', 'title')).toBe('Undo randomize /robots/gripper/gripForce (Ctrl+Z)');
  });

  it(`runs ${EPISODES} episodes with live progress and charts`, async () => {
    const { page } = studio;
    const runner = page.locator('.dock .runner');
    await runner.locator('label:has-text("Episodes") input').fill(String(EPISODES));
    await runner.locator('label:has-text("Episodes") input').press('Enter');
    await runner.locator('label:has-text("Workers") input').fill('2');
    await runner.locator('label:has-text("Workers") input').press('Enter');
    await runner.locator('button:has-text("Run")').click();
    const progress = runner.locator('[role=progressbar]');
    await progress.waitFor();
    const seen = new Set<string>();
    for (let i = 0; i < 1200 && (await runner.locator('.status').getAttribute('data-status')) === 'running'; i++) {
      seen.add((await progress.getAttribute('aria-valuenow')) as string);
      await page.waitForTimeout(100);
    }
    expect(await runner.locator('.status').getAttribute('data-status')).toBe('done');
    expect(seen.size).toBeGreaterThan(2); // the bar moved while running
    expect(await runner.locator('[data-stat="done"]').textContent()).toBe(`${EPISODES} / ${EPISODES} episodes`);
    expect(await runner.locator('[data-stat="rate"]').textContent()).toMatch(/^\d+\.\d\d episodes\/s$/);
    const counts = await runner.locator('.outcome-bars g.outcome').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(EPISODES);
    const success = Number((await runner.locator('[data-stat="success"]').textContent())!.split(' ')[0]);
    const successBar = Number((await runner.locator('.outcome-bars g[data-outcome="success"]').getAttribute('data-count').catch(() => '0')) ?? 0);
    expect(success).toBe(Math.round((100 * successBar) / EPISODES));
    expect(await runner.locator('.success-line polyline').count()).toBe(1);
    await studio.screenshot('workflow-4-runner-chart');
  }, 150_000);

  it('replays an episode with its paths, contacts and camera video', async () => {
    const { page } = studio;
    await page.click('.dock-tabs button[data-tab="episodes"]');
    const rows = page.locator('.episode-list tbody tr');
    expect(await rows.count()).toBe(EPISODES);
    // Prefer a grasp that held: its fingers touch the object for most of the episode.
    const recorded = await rows.evaluateAll((trs) => trs.filter((tr) => Number(tr.children[2]?.textContent) > 0).map((tr) => ({ index: tr.getAttribute('data-episode'), ok: tr.classList.contains('ok') })));
    const chosen = recorded.find((r) => r.ok) ?? recorded[0]!;
    await page.click(`.episode-list tbody tr[data-episode="${chosen.index}"]`);
    await expect.poll(() => page.getAttribute('.viewport', 'data-playback')).toBe('episode');
    await expect.poll(() => page.textContent('.playback-label')).toMatch(new RegExp(`^Replay · episode ${chosen.index} · `));
    await page.click('button[aria-label="Pause"]');
    const frames = Number(await page.getAttribute('.playback .scrubber', 'max'));
    await page.locator('.playback .scrubber').fill(String(Math.round(frames * 0.6)));
    await expect.poll(() => page.getAttribute('.camera-view', 'data-frame'), { timeout: 20_000 }).toBe(String(Math.round(frames * 0.6)));
    expect(await page.textContent('.episode-legend')).toMatch(/finger force \(longest = \d+\.\d N\)/);
    await studio.screenshot('workflow-5-episode-browser');
    await page.click('button[aria-label="Reset"]');
    await expect.poll(() => page.getAttribute('.viewport', 'data-playback')).toBe('none');
  }, 60_000);

  it('exports LeRobot into a chosen folder and shows a summary card', async () => {
    const { page } = studio;
    await page.click('.dock-tabs button[data-tab="export"]');
    await page.click('.formats button[data-format="lerobot"]');
    await page.click('button:has-text("Choose folder…")');
    await expect.poll(() => page.getAttribute('.destination .folder', 'data-folder')).not.toBe('');
    folder = (await page.getAttribute('.destination .folder', 'data-folder')) as string;
    await page.click('.export-form button:has-text("Export")');
    await page.waitForSelector('.export-status[data-status="done"]', { timeout: 60_000 });
    const card = page.locator('.export-summary');
    expect(await card.locator('[data-stat="episodes"] dd').textContent()).toBe(String(EPISODES));
    expect(await card.locator('.files li').count()).toBeGreaterThanOrEqual(6);
    await studio.screenshot('workflow-6-export-summary');
  }, 90_000);

  it('wrote a LeRobot v3 dataset that DuckDB reads: 20 episodes, one data row per frame', async () => {
    expect(existsSync(join(folder, 'studio_job.json'))).toBe(true);
    const info = JSON.parse(readFileSync(join(folder, 'meta/info.json'), 'utf8')) as { codebase_version: string; total_episodes: number; total_frames: number };
    expect(info.codebase_version).toBe('v3.0');
    expect(info.total_episodes).toBe(EPISODES);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const one = async (sql: string) => (await db.runAndReadAll(sql)).getRows()[0] as unknown[];
    const [rows, episodes] = await one(`select count(*), count(distinct episode_index) from read_parquet('${folder}/data/*/*.parquet')`);
    expect(Number(rows)).toBe(info.total_frames);
    expect(Number(episodes)).toBe(EPISODES);
    const [metaRows, lengths] = await one(`select count(*), sum(length) from read_parquet('${folder}/meta/episodes/*/*.parquet')`);
    expect(Number(metaRows)).toBe(EPISODES);
    expect(Number(lengths)).toBe(info.total_frames);
    const card = Number(await studio.page.textContent('.export-summary [data-stat="frames"] dd'));
    expect(card).toBe(info.total_frames);
    db.closeSync();
  });

  it('wrote the files `npm run generate` writes for the same job', async () => {
    const job = JSON.parse(readFileSync(join(folder, 'studio_job.json'), 'utf8')) as { scene: { file: string; document: unknown }; jobSeed: number };
    const dir = mkdtempSync(join(tmpdir(), 'workflow-cli-'));
    try {
      writeFileSync(join(dir, job.scene.file), JSON.stringify(job.scene.document));
      const out = join(dir, 'dataset');
      const run = runCli('generate', [join(dir, job.scene.file), '--episodes', String(EPISODES), '--seed', String(job.jobSeed), '--no-cameras', '--workers', '2', '--out', out], 120_000);
      expect(run.code, run.stderr).toBe(0);
      // Byte for byte, meta/job_episodes.parquet included: its randomized values and metrics are doubles
      // computed with scenes/portable-math.ts, which gives the same bits in Chromium and Node.
      expect(hashTree(folder)).toEqual(hashTree(out));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('exports the same run as robomimic HDF5 that h5py reads', async () => {
    const { page } = studio;
    await page.click('.formats button[data-format="robomimic"]');
    await page.click('button:has-text("Choose folder…")');
    await expect.poll(() => page.getAttribute('.destination .folder', 'data-folder')).not.toBe(folder);
    const hdf5Folder = (await page.getAttribute('.destination .folder', 'data-folder')) as string;
    await page.click('.export-form button:has-text("Export")');
    await page.waitForSelector('.export-status[data-status="done"]', { timeout: 60_000 });
    const info = JSON.parse(readFileSync(join(folder, 'meta/info.json'), 'utf8')) as { total_frames: number };
    const script = [
      'import h5py, json, sys',
      'f = h5py.File(sys.argv[1], "r")',
      'demos = sorted(f["data"].keys(), key=lambda k: int(k.split("_")[1]))',
      'print(json.dumps({"total": int(f["data"].attrs["total"]), "demos": len(demos), "samples": sum(int(f["data"][d].attrs["num_samples"]) for d in demos), "train": len(f["mask/train"]) + len(f["mask/valid"])}))',
    ].join('\n');
    const read = spawnSync('/usr/bin/python3', ['-c', script, join(hdf5Folder, 'robomimic.hdf5')], { encoding: 'utf8' });
    expect(read.stderr).toBe('');
    expect(JSON.parse(read.stdout)).toEqual({ total: info.total_frames, demos: EPISODES, samples: info.total_frames, train: EPISODES });
  }, 90_000);

  it('refuses a path that leaves the chosen folder, in the host and in the sink', async () => {
    const token = await studio.page.evaluate(async () => {
      const host = (window as unknown as { studioWebHost: import('../../main/bridge/contract').StudioBridge }).studioWebHost;
      const grant = await host.chooseOutputFolder();
      const refused = await host.writeDatasetFile(grant!.token, '../escape.txt', new Uint8Array(1)).then(() => 'written', (e: Error) => e.message);
      return { token: grant!.token, refused };
    });
    expect(token.refused).toBe('writeDatasetFile: the path leaves the folder: "../escape.txt"');
    const response = await fetch(new URL(`studio-output/${token.token}/%2e%2e%2fescape.txt`, studio.served.url), { method: 'PUT', body: 'x' });
    expect(response.status).toBe(403);
    expect(studio.served.refused.at(-1)).toMatch(/: the path has a "\.\." segment: "\.\.\/escape\.txt"$/);
    expect(existsSync(join(studio.served.outputFolder(token.token), '..', 'escape.txt'))).toBe(false);
  });

  it('ran with no page error and no Content-Security-Policy violation', () => {
    expect(studio.problems).toEqual([]);
  });
});
