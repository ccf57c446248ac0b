/** Dispatches an episode to the engine of its task. */
import type { EpisodeSpec } from '../../scenes/sample';
import type { EpisodeRecord } from '../episode';
import { runGraspEpisode } from '../grasp';
import { runNavigationEpisode } from '../nav';
import type { MeshLibrary } from '../physics/mesh';
import type { Rapier } from '../physics/rapier';

/** Runs the episode described by `spec` to completion (synchronous, single thread). */
export function runEpisode(R: Rapier, spec: EpisodeSpec, meshes: MeshLibrary, attempt = 1): EpisodeRecord {
  switch (spec.scene.task.type) {
    case 'grasp':
      return runGraspEpisode(R, spec, meshes, attempt);
    case 'navigation':
      return runNavigationEpisode(R, spec, meshes, attempt);
  }
}
