/**
 * Reads a shard's LeRobot v3.0 dataset back into the episode records it was
 * written from: the feature columns become channels again (float32, exact),
 * and meta/job_episodes.parquet restores job index, seed, outcome, detail,
 * randomized values and metrics. Fed to a fresh writer in job order, the
 * records give the bytes a single run of the whole job gives.
 */
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import type { Channel, EpisodeRecord, Outcome } from '../../../exporters/episode';
import { JOB_EPISODES_PATH } from '../../../exporters/lerobot';
import { formatPath } from '../../../exporters/lerobot/layout';
import type { ResolvedValue } from '../../../scenes/sample';
import { readEpisodes, type EpisodeRow } from '../inspect/lerobot-episodes';
import { readInfo, type LeRobotInfo } from '../inspect/lerobot-info';
import { readParquetColumns } from '../inspect/parquet';

/** Columns LeRobot adds to every frame, and the studio's derived next.* columns: not record channels. */
const FRAME_COLUMNS = new Set(['timestamp', 'frame_index', 'episode_index', 'index', 'task_index', 'next.reward', 'next.done', 'next.success']);

export interface ShardEpisode {
  record: EpisodeRecord;
  task: string;
}

/** Every episode of the shard at `dir`, in dataset order. `taskType` is the scene's task type. */
export async function* shardRecords(dir: string, taskType: EpisodeRecord['task']): AsyncGenerator<ShardEpisode> {
  const info = readInfo(join(dir, 'meta/info.json'));
  const episodes = await readEpisodes(dir, info);
  const tasks = await readParquetColumns(join(dir, 'meta/tasks.parquet'), ['task_index', 'task']);
  const taskByIndex = new Map<number, string>();
  for (let i = 0; i < tasks.numRows; i++) taskByIndex.set(Number(tasks.getChild('task_index')!.get(i)), String(tasks.getChild('task')!.get(i)));
  const origins = await readParquetColumns(join(dir, JOB_EPISODES_PATH));
  const channels = info.features.filter((f) => !FRAME_COLUMNS.has(f.name) && f.dtype === 'float32');

  let file: string | undefined;
  let table: Table | undefined;
  let fileStart = 0;
  for (const row of episodes) {
    const path = join(dir, formatPath(info.dataPath, row.data));
    if (path !== file) {
      file = path;
      table = await readParquetColumns(path, undefined, 'meta/episodes');
      fileStart = row.from;
    }
    yield episodeOf(row, info, channels, table!, row.from - fileStart, origins, taskByIndex, taskType);
  }
}

function episodeOf(
  row: EpisodeRow,
  info: LeRobotInfo,
  features: LeRobotInfo['features'],
  table: Table,
  firstRow: number,
  origins: Table,
  taskByIndex: Map<number, string>,
  taskType: EpisodeRecord['task'],
): ShardEpisode {
  const channels: Record<string, Channel> = {};
  for (const feature of features) {
    const dims = feature.shape.reduce((a, b) => a * b, 1);
    const column = table.getChild(feature.name)!;
    const data = new Float32Array(row.length * dims);
    for (let f = 0; f < row.length; f++) {
      const value = column.get(firstRow + f) as number | { toArray(): Float32Array };
      if (typeof value === 'number') data[f] = value;
      else data.set(value.toArray(), f * dims);
    }
    channels[feature.name] = { names: feature.names ?? [], data };
  }
  const at = row.index;
  const metrics = JSON.parse(String(origins.getChild('metrics')!.get(at))) as Record<string, number | string>;
  const record: EpisodeRecord = {
    episodeIndex: Number(origins.getChild('job_episode_index')!.get(at)),
    seed: String(origins.getChild('seed')!.get(at)),
    task: taskType,
    success: table.getChild('next.success')!.get(firstRow + row.length - 1) === true,
    outcome: String(origins.getChild('outcome')!.get(at)) as Outcome,
    detail: String(origins.getChild('detail')!.get(at)),
    fps: info.fps,
    frames: row.length,
    channels,
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number(v)])),
    resolved: JSON.parse(String(origins.getChild('resolved')!.get(at))) as ResolvedValue[],
    attempts: 1,
  };
  const taskIndex = Number(table.getChild('task_index')!.get(firstRow));
  return { record, task: taskByIndex.get(taskIndex) ?? '' };
}
