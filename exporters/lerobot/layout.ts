/**
 * The file layout of a LeRobot v3.0 dataset, named as in LeRobot's
 * `lerobot/datasets/utils.py` and `dataset_metadata.py`: where each file
 * goes, how chunk and file indices advance, and the default file sizes.
 */

/** The dataset format version written into `meta/info.json`. */
export const CODEBASE_VERSION = 'v3.0';

/** Files per chunk folder before the chunk index advances. */
export const DEFAULT_CHUNK_SIZE = 1000;
/** Data parquet files roll over at this size, mebibytes (1024 * 1024 bytes). */
export const DEFAULT_DATA_FILE_SIZE_IN_MB = 100;
/** Video files roll over at this size, mebibytes. */
export const DEFAULT_VIDEO_FILE_SIZE_IN_MB = 200;

export const INFO_PATH = 'meta/info.json';
export const STATS_PATH = 'meta/stats.json';
export const TASKS_PATH = 'meta/tasks.parquet';

const CHUNK_FILE_PATTERN = 'chunk-{chunk_index:03d}/file-{file_index:03d}';
/** Template of the episodes metadata files (Python format syntax, as LeRobot stores it). */
export const DEFAULT_EPISODES_PATH = `meta/episodes/${CHUNK_FILE_PATTERN}.parquet`;
/** Template of the frame data files, written as `data_path` into `meta/info.json`. */
export const DEFAULT_DATA_PATH = `data/${CHUNK_FILE_PATTERN}.parquet`;
/** Template of the video files, written as `video_path` when the dataset has video features. */
export const DEFAULT_VIDEO_PATH = `videos/{video_key}/${CHUNK_FILE_PATTERN}.mp4`;

/** Where a file sits: `chunk-{chunk:03d}/file-{file:03d}`. */
export interface ChunkFile {
  chunkIndex: number;
  fileIndex: number;
}

/** The first file of every file series. */
export const FIRST_FILE: ChunkFile = { chunkIndex: 0, fileIndex: 0 };

/**
 * The file after `at`: the file index advances and wraps to 0 in a new chunk
 * once a chunk holds `chunksSize` files (LeRobot's `update_chunk_file_indices`).
 */
export function nextChunkFile(at: ChunkFile, chunksSize: number): ChunkFile {
  return at.fileIndex === chunksSize - 1
    ? { chunkIndex: at.chunkIndex + 1, fileIndex: 0 }
    : { chunkIndex: at.chunkIndex, fileIndex: at.fileIndex + 1 };
}

/** Fills a path template: `{chunk_index:03d}`, `{file_index:03d}` and `{video_key}`. */
export function formatPath(template: string, at: ChunkFile, videoKey?: string): string {
  return template.replace(/\{(\w+)(?::03d)?\}/g, (whole, name: string) => {
    if (name === 'chunk_index') return pad3(at.chunkIndex);
    if (name === 'file_index') return pad3(at.fileIndex);
    if (name === 'video_key' && videoKey !== undefined) return videoKey;
    throw new Error(`path template ${template} has no value for ${whole}`);
  });
}

/** Python's `{n:03d}`: at least three digits, more when needed. */
function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

/** Bytes in one of LeRobot's "MB" (it divides sizes by 1024 ** 2). */
export const BYTES_PER_MB = 1024 * 1024;
