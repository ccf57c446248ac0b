/** A dedicated worker that encodes synthetic episodes, to show a worker makes the page's bytes. */
import type { EpisodeEncoderOptions } from '../../../renderer/video/episode-encoder';
import { encodeEpisodes } from './encode';

self.onmessage = async (event: MessageEvent<{ options: EpisodeEncoderOptions; frameCounts: number[] }>) => {
  try {
    self.postMessage({ episodes: await encodeEpisodes(event.data.options, event.data.frameCounts) });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
