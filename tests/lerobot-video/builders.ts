/**
 * A LeRobot job with cameras for the video tests: records (one of them
 * errored, with no frames and so no media) paired with media made from the
 * episodes Chromium encoded, and a writer run over them.
 */
import type { DatasetWriterFactory } from '../../exporters/dataset-writer';
import type { EpisodeRecord } from '../../exporters/episode';
import type { RenderedMedia } from '../../exporters/media';
import type { Sink } from '../../exporters/sink';
import type { EncodedEpisodeVideo } from '../../exporters/video/encoded-video';
import { episodeRecord, erroredRecord } from '../lerobot/builders';
import { cameraJob, renderedMedia, CAMERAS, type TestCamera } from './media';

/** Frames of the synthetic episodes Chromium encodes (episode e has FRAME_COUNTS[e] frames). */
export const FRAME_COUNTS = [30, 47, 12, 60, 25, 33];
/** The job episode that errors (it has no frames). */
export const ERRORED_JOB_EPISODE = 2;

export interface JobItem {
  record: EpisodeRecord;
  task: string;
  media?: RenderedMedia;
  /** The synthetic episode its media shows, or -1 for the errored record. */
  synthetic: number;
  /** Its dataset episode index, or -1 when it is not written. */
  datasetEpisode: number;
}

/** The job: FRAME_COUNTS.length written episodes around one errored record. */
export function cameraJobItems(videos: readonly EncodedEpisodeVideo[][], cameras: readonly TestCamera[] = CAMERAS): JobItem[] {
  const items: JobItem[] = [];
  let e = 0;
  for (let job = 0; job < FRAME_COUNTS.length + 1; job++) {
    const task = job % 3 === 2 ? 'pick up the blue mug' : 'pick up the red mug';
    if (job === ERRORED_JOB_EPISODE) {
      items.push({ record: erroredRecord(job), task, synthetic: -1, datasetEpisode: -1 });
      continue;
    }
    const record = episodeRecord(job, { frames: FRAME_COUNTS[e]!, success: job % 4 !== 3 });
    items.push({ record, task, media: renderedMedia(job, e, videos, cameras), synthetic: e, datasetEpisode: e });
    e++;
  }
  return items;
}

/** Writes the items with a writer from `factory` into `sink`. */
export async function writeJob(factory: DatasetWriterFactory, sink: Sink, items: readonly JobItem[], cameras: readonly TestCamera[] = CAMERAS): Promise<void> {
  const writer = await factory(sink, cameraJob(items.length, cameras));
  for (const { record, task, media } of items) await writer.addEpisode(record, task, media);
  await writer.finalize();
}
