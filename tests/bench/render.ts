/** Rendered episodes through the headless render host (Chromium, K render workers). */
import type { EpisodeRecord } from '../../exporters/episode';
import { openChromiumRenderer } from '../../main/cli/render-host';
import type { EpisodeSpec } from '../../scenes/sample';
import type { MeshLibrary } from '../../workers/physics/mesh';

/** Frames per second (all cameras of a frame count once) rendering `episodes` with `workers` render workers, after one warm-up episode. */
export async function renderFramesPerSecond(episodes: { spec: EpisodeSpec; record: EpisodeRecord }[], meshes: MeshLibrary, workers: number): Promise<number> {
  const renderer = await openChromiumRenderer({ workers, meshes });
  try {
    const [warm, ...rest] = episodes;
    await renderer.render(warm!.spec, warm!.record, { coco: false });
    const t0 = performance.now();
    await Promise.all(rest.map((e) => renderer.render(e.spec, e.record, { coco: false })));
    const frames = rest.reduce((n, e) => n + e.record.frames, 0);
    return (frames / (performance.now() - t0)) * 1000;
  } finally {
    await renderer.close();
  }
}
