/**
 * The MP4 files of one video feature, `videos/{key}/chunk-XXX/file-XXX.mp4`:
 * episodes are appended to the open file (exporters/video/mp4-episodes.ts)
 * until the next one would bring it to the size limit, as LeRobot's
 * `_save_episode_video` decides: a file that holds episodes rolls over when
 * its size plus the episode's reaches `video_files_size_in_mb`. The file's
 * size is its bytes so far plus the `moov` it would end with (its size if
 * finished now); the episode's size is its encoded packets. Chunk and file
 * indices advance as for the data files. Memory holds the open file's sample
 * tables, never an episode's packets once appended.
 */
import type { Sink } from '../sink';
import type { EncodedEpisodeVideo } from '../video/encoded-video';
import { Mp4EpisodeFile } from '../video/mp4-episodes';
import type { EpisodeVideoSegment } from './episodes-meta';
import { DEFAULT_VIDEO_PATH, FIRST_FILE, formatPath, nextChunkFile, type ChunkFile } from './layout';

export class VideoFileSeries {
  private at: ChunkFile = FIRST_FILE;
  private file: Mp4EpisodeFile | undefined;
  private path = '';
  /** Files made visible so far (removed again by `abort`). */
  readonly committed: string[] = [];

  constructor(
    private readonly sink: Sink,
    readonly key: string,
    private readonly chunksSize: number,
    /** Roll over before a file would reach this many bytes. */
    private readonly limitBytes: number,
  ) {}

  /** Appends an episode (its bytes go to the sink now) and says where it lies. */
  async append(episode: EncodedEpisodeVideo): Promise<EpisodeVideoSegment> {
    const bytes = episode.packets.reduce((n, p) => n + p.data.length, 0);
    if (this.file && this.file.episodeCount > 0 && this.file.byteLength + bytes >= this.limitBytes) {
      await this.close();
      this.at = nextChunkFile(this.at, this.chunksSize);
    }
    if (!this.file) {
      this.path = formatPath(DEFAULT_VIDEO_PATH, this.at, this.key);
      this.file = await Mp4EpisodeFile.create(this.sink, this.path);
    }
    const span = await this.file.append(episode);
    return { at: { ...this.at }, fromTimestamp: span.fromTimestamp, toTimestamp: span.toTimestamp };
  }

  /** Finishes and commits the open file, if any. */
  async close(): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.file = undefined;
    await file.finalize();
    this.committed.push(this.path);
  }

  /** Drops the open file and removes the committed ones. */
  async abort(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.abort();
    for (const path of this.committed.splice(0)) await this.sink.remove(path);
  }
}
