/** The episode record type lives with its consumers in exporters/; engines import it from here. */
export type { Channel, EpisodeRecord, Outcome, PoseTrack } from '../exporters/episode';
