/**
 * The rollout service: runs one episode per call. The same object runs
 * in-process (tests), in Node worker_threads (CLI) and in Web Workers (window).
 */
import { transfer } from 'comlink';
import type { EpisodeSpec } from '../../scenes/sample';
import type { EpisodeRecord } from '../episode';
import type { MeshLibrary } from '../physics/mesh';
import { loadRapier } from '../physics/rapier';
import { runEpisode } from './run-episode';

export function createRolloutService() {
  let meshes: MeshLibrary = {};
  return {
    /** Loads Rapier and keeps the mesh assets the scenes refer to. */
    async init(library: MeshLibrary): Promise<void> {
      meshes = library;
      await loadRapier();
    },
    /** Runs one episode; `attempt` is 1, or 2 on the retry. Channel buffers are transferred. */
    async run(spec: EpisodeSpec, attempt: number): Promise<EpisodeRecord> {
      const record = runEpisode(await loadRapier(), spec, meshes, attempt);
      return transfer(record, channelBuffers(record));
    },
  };
}

export type RolloutService = ReturnType<typeof createRolloutService>;

function channelBuffers(record: EpisodeRecord): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const channel of Object.values(record.channels)) buffers.add(channel.data.buffer as ArrayBuffer);
  if (record.poses) buffers.add(record.poses.data.buffer as ArrayBuffer);
  return [...buffers];
}
