/** studio_job.json, the job record written last: its presence marks the dataset complete. */
import { join } from 'node:path';
import { JOB_FILE } from '../../../exporters/job';
import { field, isFile, isNonNegativeInt, isObject, isString, objectField, readJsonFile, show } from './files';
import { damaged, type JobSummaryView } from './summary';

/** The job record of `dir`, or undefined when the folder has none (the dataset is incomplete). */
export function readJobFile(dir: string): JobSummaryView | undefined {
  const file = join(dir, JOB_FILE);
  if (!isFile(file)) return undefined;
  const job = readJsonFile(file);
  if (!isObject(job)) throw damaged(file, 'expected a JSON object', `got ${show(job)}`);
  if (job.format !== 'studio-job') throw damaged(file, 'field "format": expected "studio-job"', `got ${show(job.format)}`);
  const scene = objectField(file, job, 'scene');
  const summary = objectField(file, job, 'summary');
  const outcomes = objectField(file, summary, 'outcomes', 'summary.outcomes');
  for (const [name, count] of Object.entries(outcomes)) {
    if (!isNonNegativeInt(count)) throw damaged(file, `field "summary.outcomes.${name}": expected a count`, `got ${show(count)}`);
  }
  return {
    sceneName: field(file, scene, 'name', 'a string', isString, 'scene.name'),
    sceneFile: field(file, scene, 'file', 'a string', isString, 'scene.file'),
    jobSeed: field(file, job, 'jobSeed', 'a non-negative integer', isNonNegativeInt),
    episodes: field(file, summary, 'episodes', 'a non-negative integer', isNonNegativeInt, 'summary.episodes'),
    successes: field(file, summary, 'successes', 'a non-negative integer', isNonNegativeInt, 'summary.successes'),
    outcomes: outcomes as Record<string, number>,
  };
}
