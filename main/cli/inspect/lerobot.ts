/**
 * Reads a LeRobot v3.0 dataset: meta/info.json, the episodes metadata, every
 * data file it lists, meta/tasks.parquet and meta/stats.json, each checked
 * against the others.
 */
import { join } from 'node:path';
import { INFO_PATH, STATS_PATH, TASKS_PATH } from '../../../exporters/lerobot/layout';
import { isFile, readJsonFile } from './files';
import { checkDataFiles } from './lerobot-data';
import { readEpisodes, type EpisodeRow } from './lerobot-episodes';
import { readInfo } from './lerobot-info';
import { readParquetColumns } from './parquet';
import { damaged, type FormatSummary } from './summary';

export async function readLeRobot(dir: string): Promise<FormatSummary> {
  const info = readInfo(join(dir, INFO_PATH));
  const episodes = await readEpisodes(dir, info);
  const data = await checkDataFiles(dir, info, episodes);
  const tasks = await readTasks(dir, info.totalTasks, episodes);
  if (isFile(join(dir, STATS_PATH))) readJsonFile(join(dir, STATS_PATH));
  return {
    format: 'lerobot',
    episodes: episodes.length,
    frames: info.totalFrames,
    fps: info.fps,
    robotType: info.robotType,
    features: info.features,
    success: data.successes === null ? null : { successes: data.successes, episodes: episodes.length, source: 'next.success' },
    tasks,
    dataFiles: data.files,
  };
}

/** The task strings in task_index order; every task an episode lists must be among them. */
async function readTasks(dir: string, totalTasks: number, episodes: readonly EpisodeRow[]): Promise<string[]> {
  const file = join(dir, TASKS_PATH);
  const table = await readParquetColumns(file, ['task_index', 'task'], `total_tasks ${totalTasks} in meta/info.json`);
  if (table.numRows !== totalTasks) throw damaged(file, `${table.numRows} tasks, meta/info.json says total_tasks ${totalTasks}`);
  const indexColumn = table.getChild('task_index')!;
  const taskColumn = table.getChild('task')!;
  const tasks: string[] = new Array(totalTasks);
  for (let i = 0; i < table.numRows; i++) {
    const index = Number(indexColumn.get(i));
    const task = String(taskColumn.get(i));
    if (!Number.isInteger(index) || index < 0 || index >= totalTasks || tasks[index] !== undefined) {
      throw damaged(file, `row ${i}: task_index ${index} is out of range or repeated`, `total_tasks ${totalTasks}`);
    }
    tasks[index] = task;
  }
  const known = new Set(tasks);
  for (const episode of episodes) {
    const unknown = episode.tasks.find((t) => !known.has(t));
    if (unknown !== undefined) throw damaged(join(dir, episode.metaFile), `episode ${episode.index} lists a task that meta/tasks.parquet lacks`, `"${unknown}"`);
  }
  return tasks;
}
