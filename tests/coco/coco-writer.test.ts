/**
 * The COCO writer: a job with rendered media written to disk, then checked
 * by independent means: Python's jsonschema validates annotations.json
 * against tests/coco/coco-instances.schema.json; every annotation's area is
 * its decoded mask's pixel count and its bbox the mask's extent; every image
 * file exists and ffmpeg decodes it to the stated size and the rendered
 * pixels; the same job gives the same bytes; what COCO cannot hold is refused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSink } from '../../main/cli/file-sink';
import { ANNOTATIONS_PATH, createCocoWriter, imagePath } from '../../exporters/coco';
import { DatasetWriteError } from '../../exporters/dataset-writer';
import type { RenderedMedia } from '../../exporters/media';
import { MemorySink, type Sink } from '../../exporters/sink';
import { listFiles } from '../lerobot/duckdb';
import { tempFolder } from '../lerobot/builders';
import { decodeRaw } from '../video/ffmpeg';
import { CAMERAS, CLASSES, FRAME_COUNTS, SIDE, cocoItems, cocoJob, decodeRle, instanceImage, rgbOf } from './builders';
import { CountingSink } from '../exporters/counting-sink';

const PYTHON = '/usr/bin/python3';
const SCHEMA = join(import.meta.dirname, 'coco-instances.schema.json');
const VALIDATE = `
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
errors = [[list(e.absolute_path), e.message] for e in Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2], encoding="utf-8")))]
print(json.dumps(errors[:20]))
`;

interface Coco {
  info: Record<string, unknown> & { scene: { name: string } };
  licenses: unknown[];
  categories: { id: number; name: string; supercategory: string }[];
  annotations: { id: number; image_id: number; category_id: number; bbox: number[]; area: number; segmentation?: { size: number[]; counts: number[] }; iscrowd: number; instance_id: number; object_id: string; visible_fraction: number }[];
  images: { id: number; file_name: string; width: number; height: number; episode_index: number; frame_index: number; camera_id: string }[];
}

const items = cocoItems();
let root: string;
let coco: Coco;

async function writeAll(sink: Sink, list = items, job = cocoJob(list.length)): Promise<void> {
  const writer = await createCocoWriter(sink, job);
  for (const { record, task, media } of list) await writer.addEpisode(record, task, media);
  await writer.finalize();
}

function schemaErrors(file: string): [string[], string][] {
  return JSON.parse(execFileSync(PYTHON, ['-c', VALIDATE, SCHEMA, file], { encoding: 'utf8' }));
}

beforeAll(async () => {
  root = tempFolder('coco-');
  await writeAll(new FileSink(root));
  coco = JSON.parse(readFileSync(join(root, ANNOTATIONS_PATH), 'utf8'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const rgbCameras = CAMERAS.filter((c) => c.rgb);
const framesWritten = FRAME_COUNTS.reduce((a, b) => a + b, 0);

describe('a COCO export', () => {
  it('writes one PNG per frame of each RGB camera, named by camera, job episode and frame, beside annotations.json', () => {
    const expected = [ANNOTATIONS_PATH];
    FRAME_COUNTS.forEach((frames, e) => {
      for (const c of rgbCameras) for (let i = 0; i < frames; i++) expected.push(imagePath(c.id, e, i));
    });
    expect(listFiles(root)).toEqual(expected.sort());
    expect(imagePath('front', 12, 345)).toBe('images/front/000012_000345.png');
  });

  it('is a valid COCO instances file by its JSON schema (Python jsonschema)', () => {
    expect(schemaErrors(join(root, ANNOTATIONS_PATH))).toEqual([]);
  });

  it('refuses broken files by that schema (the schema has teeth)', () => {
    const dir = tempFolder('coco-broken-');
    try {
      const broken = structuredClone(coco);
      broken.annotations[0]!.bbox = [1, 2, 0, 4];
      delete (broken.images[0] as Partial<Coco['images'][0]>).camera_id;
      (broken.annotations[1] as { iscrowd: number }).iscrowd = 1;
      const file = join(dir, 'broken.json');
      execFileSync(PYTHON, ['-c', 'import sys; open(sys.argv[1], "w").write(sys.stdin.read())', file], { input: JSON.stringify(broken) });
      const errors = schemaErrors(file).map(([path, message]) => `${path.join('/')}: ${message}`);
      expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/^annotations\/0\/bbox\/2: 0 is less than the minimum of 1/), expect.stringMatching(/^images\/0: 'camera_id' is a required property/), expect.stringMatching(/^annotations\/1\/iscrowd: 0 was expected/)]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carries the job: scene, scene file and seed in info; categories are the classes but background, id = class index', () => {
    expect(coco.info).toMatchObject({ scene_file: 'coco-test.json', job_seed: 7, episodes: { first: 0, count: FRAME_COUNTS.length }, version: '0.1.0' });
    expect(coco.info.scene.name).toBe('lerobot test');
    expect(coco.licenses).toEqual([]);
    expect(coco.categories).toEqual(CLASSES.slice(1).map((name, i) => ({ id: i + 1, name, supercategory: 'object' })));
  });

  it('has one image entry per rendered RGB frame, ids from 1 in order of episode, camera and frame', () => {
    expect(coco.images).toHaveLength(framesWritten * rgbCameras.length);
    expect(coco.images.map((im) => im.id)).toEqual(coco.images.map((_, i) => i + 1));
    const first = coco.images.find((im) => im.episode_index === 3 && im.camera_id === 'side' && im.frame_index === 2);
    expect(first).toEqual({ id: (6 + 9) * 2 + 4 + 3, file_name: 'images/side/000003_000002.png', width: SIDE.width, height: SIDE.height, episode_index: 3, frame_index: 2, camera_id: 'side' });
  });

  it('stores images that ffmpeg decodes to the stated size and to the rendered pixels', async () => {
    for (const im of coco.images.filter((_, i) => i % 5 === 0)) {
      const path = join(root, im.file_name);
      expect(existsSync(path)).toBe(true);
      const rgb = await decodeRaw(path, 'rgb24');
      expect(rgb.length).toBe(im.width * im.height * 3);
      expect(Buffer.from(rgb).equals(Buffer.from(rgbOf(instanceImage(im.width, im.height, im.episode_index, im.frame_index)))), im.file_name).toBe(true);
    }
  });

  it('gives every annotation an area equal to its mask pixel count and a bbox equal to the mask extent', () => {
    const images = new Map(coco.images.map((im) => [im.id, im]));
    const masked = coco.annotations.filter((a) => a.segmentation);
    expect(masked.length).toBeGreaterThan(0);
    for (const a of masked) {
      const im = images.get(a.image_id)!;
      expect(a.segmentation!.size).toEqual([im.height, im.width]);
      const mask = decodeRle(a.segmentation!);
      let [x0, y0, x1, y1, n] = [Infinity, Infinity, -1, -1, 0];
      mask.forEach((v, p) => {
        if (!v) return;
        n++;
        const [x, y] = [p % im.width, Math.floor(p / im.width)];
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      });
      expect(a.area, `annotation ${a.id}`).toBe(n);
      expect(a.bbox, `annotation ${a.id}`).toEqual([x0, y0, x1 - x0 + 1, y1 - y0 + 1]);
      // The mask is the instance in the rendered instance image.
      const ids = instanceImage(im.width, im.height, im.episode_index, im.frame_index);
      expect(mask.every((v, p) => (v === 1) === (ids[p] === a.instance_id))).toBe(true);
    }
  });

  it('annotates every visible classed instance of every frame once, in instance order, skipping classless ones', () => {
    const images = new Map(coco.images.map((im) => [im.id, im]));
    expect(coco.annotations.map((a) => a.id)).toEqual(coco.annotations.map((_, i) => i + 1));
    for (const im of coco.images) {
      const ids = instanceImage(im.width, im.height, im.episode_index, im.frame_index);
      const visible = [1, 2, 3].filter((id) => ids.includes(id));
      const own = coco.annotations.filter((a) => a.image_id === im.id);
      expect(own.map((a) => a.instance_id)).toEqual(visible);
      expect(own.map((a) => a.category_id)).toEqual(visible);
      expect(own.map((a) => a.object_id)).toEqual(visible.map((id) => ['floor', 'mug', 'gripper'][id - 1]));
    }
    expect(coco.annotations.some((a) => a.visible_fraction < 1)).toBe(true);
    // A camera without instance masks gets boxes with the visible pixel count as area and no segmentation.
    const side = coco.annotations.filter((a) => images.get(a.image_id)!.camera_id === SIDE.id);
    expect(side.length).toBeGreaterThan(0);
    for (const a of side) {
      expect(a.segmentation).toBeUndefined();
      const im = images.get(a.image_id)!;
      expect(a.area).toBe(instanceImage(im.width, im.height, im.episode_index, im.frame_index).filter((v) => v === a.instance_id).length);
    }
  });

  it('writes the same bytes for the same job, in memory and on disk', async () => {
    const a = new MemorySink();
    const b = new MemorySink();
    await writeAll(a);
    await writeAll(b);
    expect([...a.files.keys()].sort()).toEqual(listFiles(root));
    for (const path of listFiles(root)) {
      expect(Buffer.from(a.files.get(path)!).equals(readFileSync(join(root, path))), path).toBe(true);
      expect(Buffer.from(b.files.get(path)!).equals(readFileSync(join(root, path))), path).toBe(true);
    }
  });

  it('writes an empty but valid file for a job with no frames', async () => {
    const dir = tempFolder('coco-empty-');
    try {
      await writeAll(new FileSink(dir), [items[2]!]);
      expect(listFiles(dir)).toEqual([ANNOTATIONS_PATH]);
      expect(schemaErrors(join(dir, ANNOTATIONS_PATH))).toEqual([]);
      expect(JSON.parse(readFileSync(join(dir, ANNOTATIONS_PATH), 'utf8'))).toMatchObject({ images: [], annotations: [], categories: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the COCO writer', () => {
  it('streams the annotations of each episode to annotations.json as it arrives', async () => {
    const sink = new CountingSink();
    const writer = await createCocoWriter(sink, cocoJob(items.length));
    let before = 0;
    for (const { record, task, media } of items) {
      await writer.addEpisode(record, task, media);
      const now = sink.streamed.get(ANNOTATIONS_PATH) ?? 0;
      if (record.frames > 0) expect(now, `after episode ${record.episodeIndex}`).toBeGreaterThan(before);
      before = now;
    }
    await writer.finalize();
  });

  it('refuses what COCO cannot hold, whole, and goes on with the next episode', async () => {
    const sink = new MemorySink();
    const writer = await createCocoWriter(sink, cocoJob(items.length));
    const [a, b] = [items[0]!, items[1]!];
    const refuse = async (what: RegExp, add: Promise<void>) => {
      await expect(add).rejects.toThrow(DatasetWriteError);
      await expect(add).rejects.toThrow(what);
    };
    const withCamera = (media: RenderedMedia, k: number, change: object): RenderedMedia => ({ ...media, cameras: media.cameras.map((c, i) => (i === k ? { ...c, ...change } : c)) });
    await refuse(/episode 0 has no rendered media: COCO is made of rendered frames/, writer.addEpisode(a.record, a.task));
    await refuse(/camera "front" has RGB video but no rgbPng/, writer.addEpisode(a.record, a.task, withCamera(a.media!, 0, { rgbPng: undefined, video: { packets: [] } })));
    const badMask = structuredClone(a.media!.cameras[0]!.labels);
    badMask[1]!.masks![0]!.rle.counts.push(1);
    await refuse(/camera "front" frame 1 instance \d+: mask RLE counts sum to 3073, not 64x48 = 3072/, writer.addEpisode(a.record, a.task, withCamera(a.media!, 0, { labels: badMask })));
    await refuse(/camera "side" RGB frame 0 is 64x48, the camera 40x30/, writer.addEpisode(a.record, a.task, withCamera(a.media!, 1, { rgbPng: a.media!.cameras[0]!.rgbPng })));
    await writer.addEpisode(a.record, a.task, a.media);
    await refuse(/classes \[background, floor, cup, gripper\] differ from the first episode's/, writer.addEpisode(b.record, b.task, { ...b.media!, classes: ['background', 'floor', 'cup', 'gripper'] }));
    await refuse(/episode 0 arrived after episode 0/, writer.addEpisode(a.record, a.task, a.media));
    await writer.addEpisode(b.record, b.task, b.media);
    await writer.finalize();
    const reference = new MemorySink();
    await writeAll(reference, [a, b], cocoJob(items.length));
    expect([...sink.files.keys()].sort()).toEqual([...reference.files.keys()].sort());
    for (const [path, bytes] of reference.files) expect(Buffer.from(sink.files.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
  });

  it('leaves nothing behind when aborted part-way', async () => {
    const sink = new MemorySink();
    const writer = await createCocoWriter(sink, cocoJob(items.length));
    for (const { record, task, media } of items.slice(0, 2)) await writer.addEpisode(record, task, media);
    expect(sink.files.size).toBeGreaterThan(0);
    await writer.abort();
    expect([...sink.files.keys()]).toEqual([]);
  });
});
