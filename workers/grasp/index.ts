/**
 * The grasp task engine: antipodal candidate sampling on the target (as
 * ACRONYM / DexGraspNet), a force-limited parallel-jaw gripper in Rapier,
 * approach / close / lift / hold / shake, labelled outcomes and recorded
 * channels. Units: metres, seconds, newtons; world Z is up.
 */
export { runGraspEpisode, executeGrasp, planGrasps } from './episode';
export type { CandidateSet } from './candidates';
export type { GraspCandidate, Phase } from './types';
export { CHANNEL_NAMES } from './observe';
