/**
 * Encodes synthetic camera episodes with Chromium's WebCodecs, as the
 * renderer does, on the video test page (tests/video/chromium-page.ts,
 * `window.videoTest`) bundled into its own folder, out/test-pages/lerobot-video.
 */
import type { EncodedEpisodeVideo } from '../../exporters/video/encoded-video';
import type { EpisodeEncoderOptions } from '../../renderer/video/episode-encoder';
import { openVideoTestPage } from '../video/chromium-page';
import { fromWire } from '../video/page/wire';

/**
 * Encodes, for each camera, one episode per entry of `frameCounts` (episode e
 * shows `syntheticFrame(width, height, e, i)`), each with a new encoder as
 * the renderer does, in one browser session.
 */
export async function encodeInChromium(cameras: readonly EpisodeEncoderOptions[], frameCounts: readonly number[]): Promise<EncodedEpisodeVideo[][]> {
  const { page, close } = await openVideoTestPage('lerobot-video');
  try {
    const out: EncodedEpisodeVideo[][] = [];
    for (const options of cameras) {
      const counts = [...frameCounts];
      const wire = await page.evaluate(([o, c]) => window.videoTest.encodeEpisodes(o, c), [options, counts] as const);
      out.push(wire.map(fromWire));
    }
    return out;
  } finally {
    await close();
  }
}
