/**
 * The frame data of a LeRobot v3.0 dataset: every data file the episodes
 * metadata lists is read (its index columns) and must hold exactly the rows
 * of its episodes, at their global indices.
 */
import { join } from 'node:path';
import { formatPath, type ChunkFile } from '../../../exporters/lerobot/layout';
import { fileSize, isFile } from './files';
import type { EpisodeRow } from './lerobot-episodes';
import type { LeRobotInfo } from './lerobot-info';
import { readParquetColumns } from './parquet';
import { damaged, episodeRange, type FileEntry } from './summary';

export interface DataCheck {
  files: FileEntry[];
  /** Episodes with a true `next.success` frame, or null without that feature. */
  successes: number | null;
}

const SUCCESS = 'next.success';

/** Reads every listed data file and checks its rows against the episodes. */
export async function checkDataFiles(dir: string, info: LeRobotInfo, episodes: readonly EpisodeRow[]): Promise<DataCheck> {
  const withSuccess = info.features.some((f) => f.name === SUCCESS);
  const files: FileEntry[] = [];
  const succeeded = new Set<number>();
  let frames = 0;
  for (const [rel, listed] of byFile(episodes, (e) => formatPath(info.dataPath, e.data))) {
    const file = join(dir, rel);
    const table = await readParquetColumns(file, ['episode_index', 'index', ...(withSuccess ? [SUCCESS] : [])], listedBy(listed));
    const expected = listed.reduce((n, e) => n + e.length, 0);
    if (table.numRows !== expected) {
      throw damaged(file, `${table.numRows} rows, the episodes metadata gives ${expected}`, `${listedBy(listed)}: frames ${listed[0]!.from} to ${listed.at(-1)!.to}`);
    }
    const episodeColumn = table.getChild('episode_index')!;
    const indexColumn = table.getChild('index')!;
    const successColumn = withSuccess ? table.getChild(SUCCESS)! : undefined;
    const byIndex = new Map(listed.map((e) => [e.index, e]));
    const counts = new Map<number, number>();
    for (let i = 0; i < table.numRows; i++) {
      const episode = Number(episodeColumn.get(i));
      const index = Number(indexColumn.get(i));
      const row = byIndex.get(episode);
      if (!row) throw damaged(file, `row ${i} belongs to episode ${episode}, which the episodes metadata does not place in this file`, listedBy(listed));
      if (index < row.from || index >= row.to) {
        throw damaged(file, `row ${i} of episode ${episode} has index ${index}, outside the episode's frames`, `dataset_from_index ${row.from}, dataset_to_index ${row.to}`);
      }
      counts.set(episode, (counts.get(episode) ?? 0) + 1);
      if (successColumn?.get(i) === true) succeeded.add(episode);
    }
    for (const row of listed) {
      const count = counts.get(row.index) ?? 0;
      if (count !== row.length) throw damaged(file, `episode ${row.index} has ${count} rows, its length is ${row.length}`, `dataset_from_index ${row.from}, dataset_to_index ${row.to}`);
    }
    frames += table.numRows;
    files.push({ path: rel, bytes: fileSize(file) });
  }
  if (frames !== info.totalFrames) throw damaged(join(dir, 'data'), `${frames} rows in ${files.length} files, meta/info.json says total_frames ${info.totalFrames}`);
  files.push(...videoFiles(dir, info, episodes));
  return { files, successes: withSuccess ? succeeded.size : null };
}

/** The video files the episodes metadata lists; each must exist. */
function videoFiles(dir: string, info: LeRobotInfo, episodes: readonly EpisodeRow[]): FileEntry[] {
  const out: FileEntry[] = [];
  for (const key of info.videoKeys) {
    for (const [rel, listed] of byFile(episodes, (e) => formatPath(info.videoPath!, e.videos.get(key) as ChunkFile, key))) {
      const file = join(dir, rel);
      if (!isFile(file)) throw damaged(file, 'missing', listedBy(listed));
      out.push({ path: rel, bytes: fileSize(file) });
    }
  }
  return out;
}

/** Episodes grouped by the file `pathOf` gives, in order of first appearance. */
function byFile(episodes: readonly EpisodeRow[], pathOf: (e: EpisodeRow) => string): Map<string, EpisodeRow[]> {
  const out = new Map<string, EpisodeRow[]>();
  for (const e of episodes) {
    const path = pathOf(e);
    const list = out.get(path);
    if (list) list.push(e);
    else out.set(path, [e]);
  }
  return out;
}

function listedBy(listed: readonly EpisodeRow[]): string {
  const metaFiles = [...new Set(listed.map((e) => e.metaFile))];
  return `listed for episode${listed.length > 1 ? 's' : ''} ${episodeRange(listed.map((e) => e.index))} in ${metaFiles.join(', ')}`;
}
