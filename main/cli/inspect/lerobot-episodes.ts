/**
 * The episodes metadata of a LeRobot v3.0 dataset
 * (`meta/episodes/chunk-XXX/file-XXX.parquet`): one row per episode, checked
 * to number the episodes 0..N-1 and to cover the frames 0..total_frames
 * without gap or overlap.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { INFO_PATH, type ChunkFile } from '../../../exporters/lerobot/layout';
import type { LeRobotInfo } from './lerobot-info';
import { readParquetColumns } from './parquet';
import { damaged } from './summary';

export const EPISODES_DIR = 'meta/episodes';

/** One episode's row. */
export interface EpisodeRow {
  index: number;
  /** Frames. */
  length: number;
  /** Global index of the first frame. */
  from: number;
  /** Global index one past the last frame. */
  to: number;
  data: ChunkFile;
  /** Where each video feature's frames are. */
  videos: Map<string, ChunkFile>;
  tasks: string[];
  /** The metadata file holding the row, relative to the dataset. */
  metaFile: string;
}

const COLUMNS = ['episode_index', 'tasks', 'length', 'data/chunk_index', 'data/file_index', 'dataset_from_index', 'dataset_to_index'];

/** Every episode's row, in episode order, checked against meta/info.json. */
export async function readEpisodes(dir: string, info: LeRobotInfo): Promise<EpisodeRow[]> {
  const files = episodeFiles(dir);
  const where = join(dir, EPISODES_DIR);
  if (files.length === 0 && info.totalEpisodes > 0) throw damaged(where, 'no episodes metadata files', `total_episodes ${info.totalEpisodes} in meta/info.json`);
  const rows: EpisodeRow[] = [];
  const videoColumns = info.videoKeys.flatMap((k) => [`videos/${k}/chunk_index`, `videos/${k}/file_index`]);
  for (const rel of files) {
    const table = await readParquetColumns(join(dir, rel), [...COLUMNS, ...videoColumns]);
    rows.push(...rowsOf(table, rel, info.videoKeys));
  }
  rows.sort((a, b) => a.index - b.index);
  checkNumbering(dir, rows, info);
  checkFrameRanges(dir, rows, info);
  return rows;
}

/** `meta/episodes/chunk-XXX/file-XXX.parquet` files, sorted. */
function episodeFiles(dir: string): string[] {
  const root = join(dir, EPISODES_DIR);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const chunk of readdirSync(root).filter((n) => /^chunk-\d{3,}$/.test(n)).sort()) {
    for (const file of readdirSync(join(root, chunk)).filter((n) => /^file-\d{3,}\.parquet$/.test(n)).sort()) out.push(`${EPISODES_DIR}/${chunk}/${file}`);
  }
  return out;
}

function rowsOf(table: Table, metaFile: string, videoKeys: readonly string[]): EpisodeRow[] {
  const int = (name: string) => {
    const column = table.getChild(name)!;
    return (i: number) => Number(column.get(i));
  };
  const [index, length, dataChunk, dataFile, from, to] = ['episode_index', 'length', 'data/chunk_index', 'data/file_index', 'dataset_from_index', 'dataset_to_index'].map(int) as ((i: number) => number)[];
  const tasks = table.getChild('tasks')!;
  const videos = videoKeys.map((k) => [k, int(`videos/${k}/chunk_index`), int(`videos/${k}/file_index`)] as const);
  const out: EpisodeRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const listed = tasks.get(i);
    out.push({
      index: index!(i),
      length: length!(i),
      from: from!(i),
      to: to!(i),
      data: { chunkIndex: dataChunk!(i), fileIndex: dataFile!(i) },
      videos: new Map(videos.map(([k, chunk, file]) => [k, { chunkIndex: chunk(i), fileIndex: file(i) }])),
      tasks: listed ? Array.from(listed as Iterable<unknown>, String) : [],
      metaFile,
    });
  }
  return out;
}

/** Episodes are 0..total_episodes-1, each once. */
function checkNumbering(dir: string, rows: readonly EpisodeRow[], info: LeRobotInfo): void {
  const where = join(dir, EPISODES_DIR);
  const total = `total_episodes ${info.totalEpisodes} in meta/info.json`;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    if (row.index === k) continue;
    if (row.index < k) throw damaged(join(dir, row.metaFile), `episode ${row.index} is listed twice`, `also in ${rows[k - 1]!.metaFile}`);
    const after = k === 0 ? 'the first listed episode is' : `the listed episodes jump from ${k - 1} to`;
    throw damaged(where, `${missing(k, row.index - 1)} missing`, `${after} ${row.index}; ${total}`);
  }
  if (rows.length < info.totalEpisodes) throw damaged(where, `${missing(rows.length, info.totalEpisodes - 1)} missing`, `${rows.length} episodes listed; ${total}`);
  if (rows.length > info.totalEpisodes) throw damaged(where, `${rows.length} episodes listed, more than meta/info.json says`, total);
}

function missing(first: number, last: number): string {
  return first === last ? `episode ${first}` : `episodes ${first}-${last}`;
}

/** Episode k's frames are [from, to) with to - from = length, following episode k-1's; the last ends at total_frames. */
function checkFrameRanges(dir: string, rows: readonly EpisodeRow[], info: LeRobotInfo): void {
  let next = 0;
  for (const row of rows) {
    const file = join(dir, row.metaFile);
    const range = `dataset_from_index ${row.from}, dataset_to_index ${row.to}, length ${row.length}`;
    if (row.to - row.from !== row.length) throw damaged(file, `episode ${row.index}: dataset_to_index - dataset_from_index differs from length`, range);
    if (row.from !== next) throw damaged(file, `episode ${row.index}: frames do not start where the previous episode's end`, `${range}; expected dataset_from_index ${next}`);
    next = row.to;
  }
  if (next !== info.totalFrames) {
    throw damaged(join(dir, INFO_PATH), `total_frames ${info.totalFrames} disagrees with the episodes metadata`, `the episodes cover frames 0 to ${next}`);
  }
}
