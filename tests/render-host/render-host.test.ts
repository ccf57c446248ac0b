/**
 * The CLI's Chromium renderer (main/cli/render-host.ts) on two real
 * tabletop-grasp episodes: every camera's AV1 video has one packet per
 * record frame (and FFmpeg reads it back at the camera's size), depth PNGs
 * decode to metric depth where the table is, labels come per frame, the
 * mug's box is in most front frames, COCO masks decode to the instance
 * buffer's pixel counts, and an episode's bytes do not depend on which
 * render worker took it or what that worker rendered before.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMaskRle, rleArea, rleBbox } from '../../exporters/coco-rle';
import type { EpisodeRecord } from '../../exporters/episode';
import type { CameraMedia, RenderedMedia } from '../../exporters/media';
import { packValue } from '../../exporters/media-wire';
import { MemorySink } from '../../exporters/sink';
import { depthFromImageCell } from '../../exporters/video/depth';
import { frameTimestampUs } from '../../exporters/video/encoded-video';
import { Mp4EpisodeFile } from '../../exporters/video/mp4-episodes';
import { decodePngRgb } from '../../exporters/video/png-rgb';
import { openChromiumRenderer, type ChromiumEpisodeRenderer, type EpisodeRenderReport } from '../../main/cli/render-host';
import { sample, type EpisodeSpec } from '../../scenes/sample';
import { loadRapier } from '../../workers/physics/rapier';
import { runEpisode } from '../../workers/rollout/run-episode';
import { loadPreset } from '../render/scenes';
import { probe } from '../video/ffmpeg';

const JOB_SEED = 11;
let renderer: ChromiumEpisodeRenderer;
const episodes: { spec: EpisodeSpec; record: EpisodeRecord }[] = [];
/** Episode i rendered with COCO extras on worker i. */
const media: RenderedMedia[] = [];
const reports: EpisodeRenderReport[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-host-test-'));
  const scene = loadPreset('tabletop-grasp');
  const R = await loadRapier();
  for (const i of [0, 1]) {
    const spec = sample(scene, JOB_SEED, i);
    episodes.push({ spec, record: runEpisode(R, spec, {}) });
  }
  renderer = await openChromiumRenderer({ workers: 2, meshes: {} });
  renderer.onReport = (r) => reports.push(r);
  media.push(...(await Promise.all(episodes.map(({ spec, record }, i) => renderer.render(spec, record, { coco: true }, { worker: i })))));
}, 300_000);

afterAll(async () => {
  await renderer?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const camera = (m: RenderedMedia, id: string): CameraMedia => m.cameras.find((c) => c.cameraId === id)!;

/** SHA-256 of an episode's media in packed form (every byte and label). */
function hashOf(m: RenderedMedia): string {
  return createHash('sha256').update(packValue(m)).digest('hex');
}

describe('Chromium episode renderer', () => {
  it('renders both episodes at once, one per worker, with every camera of the scene', () => {
    expect(reports.map((r) => r.worker).sort()).toEqual([0, 1]);
    media.forEach((m, i) => {
      const { spec, record } = episodes[i]!;
      expect(record.frames).toBeGreaterThan(30);
      expect(m.episodeIndex).toBe(spec.episodeIndex);
      expect(m.frames).toBe(record.frames);
      expect(m.classes[0]).toBe('background');
      expect(m.instances.find((x) => x.id === 'mug')).toMatchObject({ instanceId: 3, classIndex: m.classes.indexOf('mug') });
      expect(m.cameras.map((c) => [c.cameraId, c.width, c.height, c.fps])).toEqual([['front', 256, 256, record.fps], ['wrist', 128, 128, record.fps]]);
      for (const c of m.cameras) expect(c.intrinsics).toHaveLength(9);
    });
  });

  it('encodes each camera as one AV1 episode: a packet per frame, key first, the camera size; FFmpeg reads it back', async () => {
    for (const [i, m] of media.entries()) {
      for (const c of m.cameras) {
        const video = c.video!;
        expect(video.codecName).toBe('av1');
        expect([video.width, video.height, video.fps]).toEqual([c.width, c.height, episodes[i]!.record.fps]);
        expect(video.packets).toHaveLength(m.frames);
        expect(video.packets[0]!.key).toBe(true);
        video.packets.forEach((p, k) => expect(p.timestampUs).toBe(frameTimestampUs(k, video.fps)));
        const sink = new MemorySink();
        const file = await Mp4EpisodeFile.create(sink, 'v.mp4');
        await file.append(video);
        await file.finalize();
        const path = join(dir, `ep${i}-${c.cameraId}.mp4`);
        await writeFile(path, sink.files.get('v.mp4')!);
        const stream = (await probe(path)).streams[0]!;
        expect([stream.codec_name, stream.width, stream.height, Number(stream.nb_read_frames)]).toEqual(['av1', c.width, c.height, m.frames]);
      }
    }
  }, 120_000);

  it('writes depth as 16-bit millimetre PNGs of the camera size, with the table at its metric distance', () => {
    for (const m of media) {
      for (const c of m.cameras) {
        expect(c.depthPng).toHaveLength(m.frames);
        const { width, height, mm } = depthFromImageCell({ bytes: c.depthPng![0]! });
        expect([width, height]).toEqual([c.width, c.height]);
        if (c.cameraId !== 'front') continue;
        // The front camera stands ~1.2 m from the table centre: table pixels read 0.5-2.5 m.
        const table = decodeMaskRle(c.labels[0]!.masks!.find((x) => x.instanceId === 2)!.rle);
        const onTable = mm.filter((_, p) => table[p] === 1);
        expect(onTable.length).toBeGreaterThan(1000);
        expect(Math.min(...onTable)).toBeGreaterThan(500);
        expect(Math.max(...onTable)).toBeLessThan(2500);
      }
    }
  });

  it('labels every frame: extrinsics, boxes where the camera asks for them, the mug in most front frames', () => {
    for (const m of media) {
      const front = camera(m, 'front');
      const wrist = camera(m, 'wrist');
      for (const c of [front, wrist]) {
        expect(c.labels).toHaveLength(m.frames);
        for (const l of c.labels) expect(l.extrinsics).toHaveLength(16);
      }
      // The wrist camera's channels are rgb, depth, instance: no boxes.
      expect(wrist.labels.every((l) => l.boxes2d.length === 0 && l.boxes3d.length === 0)).toBe(true);
      const withMug = front.labels.filter((l) => l.boxes2d.some((b) => b.id === 'mug' && b.visiblePixels > 0)).length;
      expect(withMug / m.frames).toBeGreaterThan(0.8);
      expect(front.labels.every((l) => l.boxes3d.some((b) => b.id === 'mug'))).toBe(true);
      // The attached wrist camera moves with the gripper.
      expect(wrist.labels[0]!.extrinsics).not.toEqual(wrist.labels[m.frames - 1]!.extrinsics);
    }
  });

  it('gives COCO masks that decode to the instance buffer pixel counts and boxes', () => {
    for (const m of media) {
      const front = camera(m, 'front');
      for (const l of front.labels) {
        expect(l.masks!.map((x) => x.instanceId)).toEqual(l.boxes2d.map((b) => b.instanceId).sort((a, b) => a - b));
        for (const box of l.boxes2d) {
          const rle = l.masks!.find((x) => x.instanceId === box.instanceId)!.rle;
          expect(rle.size).toEqual([front.height, front.width]);
          expect(rleArea(rle)).toBe(box.visiblePixels);
          expect(decodeMaskRle(rle).reduce((a, b) => a + b, 0)).toBe(box.visiblePixels);
          expect(rleBbox(rle)).toEqual([box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0]);
        }
      }
      // The wrist camera has no boxes but an instance buffer: masks still come, one per visible instance.
      expect(camera(m, 'wrist').labels.some((l) => (l.masks?.length ?? 0) > 0)).toBe(true);
    }
  });

  it('gives COCO the RGB frames as PNG, and LeRobot the RGB histogram of the raw frames', () => {
    for (const m of media) {
      for (const c of m.cameras) {
        expect(c.rgbPng).toHaveLength(m.frames);
        const png = decodePngRgb(c.rgbPng![m.frames - 1]!);
        expect([png.width, png.height]).toEqual([c.width, c.height]);
        expect(new Set(png.data).size).toBeGreaterThan(20);
        expect(c.rgbHistogram!.frames).toBe(Math.min(m.frames, 100));
        const counted = c.rgbHistogram!.counts.subarray(0, 256).reduce((a, b) => a + b, 0);
        expect(counted).toBe(c.rgbHistogram!.frames * c.width * c.height);
      }
    }
  });

  it('renders an episode to identical bytes on the other worker, after another episode', async () => {
    // Swapped: episode 0 on worker 1 (which rendered episode 1 before), episode 1 on worker 0.
    const swapped = await Promise.all(episodes.map(({ spec, record }, i) => renderer.render(spec, record, { coco: true }, { worker: 1 - i })));
    expect(swapped.map(hashOf)).toEqual(media.map(hashOf));
    expect(hashOf(media[0]!)).not.toEqual(hashOf(media[1]!));
  }, 300_000);

  it('leaves out the COCO extras when no format wants them', async () => {
    const { spec, record } = episodes[0]!;
    const plain = await renderer.render(spec, record, { coco: false });
    for (const c of plain.cameras) {
      expect(c.rgbPng).toBeUndefined();
      expect(c.labels.every((l) => l.masks === undefined)).toBe(true);
      const same = camera(media[0]!, c.cameraId);
      expect(hashOf({ ...plain, cameras: [{ ...c }] })).toBe(hashOf({ ...plain, cameras: [{ ...same, rgbPng: undefined, labels: same.labels.map(({ masks: _m, ...l }) => l) } as CameraMedia] }));
    }
  }, 300_000);

  it('refuses a record whose pose track does not cover its frames', async () => {
    const { spec, record } = episodes[0]!;
    await expect(renderer.render(spec, { ...record, frames: record.frames + 1 }, { coco: false })).rejects.toThrow(
      `episode 0: the pose track has ${record.frames} frames, the record ${record.frames + 1}`,
    );
  });

  it('renders a record without frames (a failed rollout) to cameras without frames', async () => {
    const { spec, record } = episodes[0]!;
    const empty = await renderer.render(spec, { ...record, frames: 0, poses: undefined }, { coco: true });
    expect(empty.frames).toBe(0);
    expect(empty.cameras.map((c) => [c.cameraId, c.video, c.labels.length, c.depthPng?.length, c.rgbPng?.length])).toEqual([
      ['front', undefined, 0, 0, 0],
      ['wrist', undefined, 0, 0, 0],
    ]);
  });

  it('reports a failure inside the page with its cause, and keeps rendering afterwards', async () => {
    const { spec, record } = episodes[0]!;
    const odd = structuredClone(spec);
    odd.scene.cameras[0]!.width = 255;
    await expect(renderer.render(odd, record, { coco: false }, { worker: 0 })).rejects.toThrow(
      /^rendering episode 0 in Chromium failed: .*width must be a positive even integer, got 255/,
    );
    const again = await renderer.render(spec, record, { coco: true }, { worker: 0 });
    expect(hashOf(again)).toBe(hashOf(media[0]!));
  }, 300_000);
});
