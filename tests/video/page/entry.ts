/**
 * The page the Chromium video tests load (bundled by vite in the test): it
 * exposes `window.videoTest`, which encodes synthetic frames with the
 * renderer's EpisodeEncoder, in the page or in a dedicated worker, and hands
 * back plain JSON (bytes as base64).
 */
import { EpisodeEncoder, type EpisodeEncoderOptions } from '../../../renderer/video/episode-encoder';
import { encodeEpisodes, encodeSpeed } from './encode';
import type { WireEpisode } from './wire';

/** Same as `encodeEpisodes`, in a new dedicated worker (`/video-worker.js`). */
function encodeEpisodesInWorker(options: EpisodeEncoderOptions, frameCounts: number[]): Promise<WireEpisode[]> {
  const worker = new Worker('/video-worker.js', { type: 'module' });
  return new Promise<WireEpisode[]>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ episodes?: WireEpisode[]; error?: string }>) => {
      if (event.data.episodes) resolve(event.data.episodes);
      else reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    worker.postMessage({ options, frameCounts });
  }).finally(() => worker.terminate());
}

/** The error an encoder gives for a frame of `bytes` bytes, or '' when it takes it. */
async function frameError(options: EpisodeEncoderOptions, bytes: number): Promise<string> {
  const encoder = await EpisodeEncoder.create(options);
  try {
    await encoder.addFrame(new Uint8Array(bytes));
    return '';
  } catch (error) {
    return String(error);
  } finally {
    encoder.close();
  }
}

declare global {
  interface Window {
    videoTest: {
      encodeEpisodes: typeof encodeEpisodes;
      encodeEpisodesInWorker: typeof encodeEpisodesInWorker;
      encodeSpeed: typeof encodeSpeed;
      frameError: typeof frameError;
    };
  }
}

window.videoTest = { encodeEpisodes, encodeEpisodesInWorker, encodeSpeed, frameError };
