/**
 * Dataset writers against a raw sequential write of the same bytes, in the
 * same run. Real records (rollouts of a preset) are cycled and renumbered to
 * make a large job without re-running physics.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetWriterFactory } from '../../exporters/dataset-writer';
import type { EpisodeRecord } from '../../exporters/episode';
import type { SceneDoc } from '../../scenes/schema/scene';
import { FileSink } from '../../main/cli/file-sink';
import { generatorInfo } from '../../main/cli/generator-info';

export interface ExportFigures {
  bytes: number;
  writerSeconds: number;
  rawSeconds: number;
  rawSyncedSeconds: number;
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? treeBytes(path) : statSync(path).size;
  }
  return total;
}

/** Writes `bytes` bytes sequentially in 1 MiB chunks; with `sync`, fsyncs at the end as the writers' commits do. */
function rawWrite(path: string, bytes: number, sync: boolean): number {
  const chunk = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24);
  const t0 = performance.now();
  const fd = openSync(path, 'w');
  for (let left = bytes; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(left, chunk.length));
  if (sync) fsyncSync(fd);
  closeSync(fd);
  return (performance.now() - t0) / 1000;
}

/** Writes `episodes` episodes with `factory` and the same number of bytes raw; all in a temp folder. */
export async function exportVsRaw(factory: DatasetWriterFactory, scene: SceneDoc, records: EpisodeRecord[], tasks: string[], episodes: number): Promise<ExportFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-export-'));
  try {
    const sink = new FileSink(join(dir, 'dataset'));
    const t0 = performance.now();
    const writer = await factory(sink, { scene, sceneFile: 'bench.json', jobSeed: 0, episodeCount: episodes, generator: generatorInfo() });
    for (let i = 0; i < episodes; i++) {
      const k = i % records.length;
      await writer.addEpisode({ ...(records[k] as EpisodeRecord), episodeIndex: i }, tasks[k] as string);
    }
    await writer.finalize();
    const writerSeconds = (performance.now() - t0) / 1000;
    const bytes = treeBytes(join(dir, 'dataset'));
    const rawSeconds = rawWrite(join(dir, 'raw.bin'), bytes, false);
    const rawSyncedSeconds = rawWrite(join(dir, 'raw-synced.bin'), bytes, true);
    return { bytes, writerSeconds, rawSeconds, rawSyncedSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
