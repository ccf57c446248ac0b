/**
 * What the viewport replays instead of the document: the physics preview
 * (one sampled episode of the open scene, rolled out on a worker) or an
 * episode of the last run from the episode browser. Playback state only:
 * nothing here writes to the document, and the viewport shows the document
 * again when the clip is cleared.
 */
import { create } from 'zustand';
import type { EpisodeRecord } from '../../../exporters/episode';
import { sample } from '../../../scenes/sample';
import type { SceneDoc } from '../../../scenes/schema/scene';
import type { MeshLibrary } from '../../../workers/physics/mesh';
import { episodeMarks, type EpisodeMarks } from '../model/episode-marks';

/** One replayable episode. */
export interface Clip {
  /** 'preview': the physics preview of the open document; 'episode': an episode of the last run. */
  kind: 'preview' | 'episode';
  episodeIndex: number;
  jobSeed: number;
  /** The episode's resolved scene (every randomized value drawn). */
  scene: SceneDoc;
  record: EpisodeRecord;
  marks: EpisodeMarks;
  /** The document the preview was made from (a preview is reused while it is unchanged). */
  source: SceneDoc;
}

/** Where the playback is. */
export interface PlaybackState {
  clip: Clip | null;
  /** 'loading' while the preview's episode is rolled out. */
  status: 'idle' | 'loading' | 'ready';
  /** Current frame (fractional while playing), 0-based. */
  frame: number;
  playing: boolean;
  /** The episode the physics preview samples. */
  previewIndex: number;
  actions: PlaybackActions;
}

/** Rolls out one episode (runner/rollouts.ts in the window; a stub in tests). */
export type EpisodeRunner = (scene: SceneDoc, meshes: MeshLibrary, jobSeed: number, episodeIndex: number) => Promise<EpisodeRecord>;

export interface PlaybackActions {
  /** Plays the preview of `doc` (validated; `source` is the open document), rolling its episode out first when needed. Rejects with the rollout's error. */
  preview(doc: SceneDoc, source: SceneDoc, meshes: MeshLibrary, jobSeed: number, run: EpisodeRunner): Promise<void>;
  /** Replays `record`, an episode of a run of `scene` with `jobSeed`. */
  showEpisode(scene: SceneDoc, jobSeed: number, record: EpisodeRecord): void;
  play(): void;
  pause(): void;
  /** Moves to `frame` (clamped). */
  seek(frame: number): void;
  /** Advances a playing clip by `seconds` of episode time; stops at the end. */
  tick(seconds: number): void;
  /** Samples another episode for the preview next time. */
  nextSample(): void;
  /** Back to the start, and the viewport shows the document again. */
  reset(): void;
}

function clipOf(kind: Clip['kind'], scene: SceneDoc, source: SceneDoc, jobSeed: number, record: EpisodeRecord): Clip {
  const resolved = sample(scene, jobSeed, record.episodeIndex).scene;
  const target = resolved.task.type === 'grasp' ? resolved.task.target : undefined;
  return { kind, episodeIndex: record.episodeIndex, jobSeed, scene: resolved, record, marks: episodeMarks(record, resolved.task.robot, target), source };
}

/** The last preview, reused while the document, seed and sample stay the same. */
let cachedPreview: Clip | null = null;
/** Increases with every preview request, so a late rollout does not replace a newer clip. */
let request = 0;

/** The playback store. */
export const usePlaybackStore = create<PlaybackState>()((set, get) => ({
  clip: null,
  status: 'idle',
  frame: 0,
  playing: false,
  previewIndex: 0,
  actions: {
    async preview(doc, source, meshes, jobSeed, run) {
      const index = get().previewIndex;
      const current = get().clip;
      if (current?.kind === 'preview' && current.source === source && current.jobSeed === jobSeed && current.episodeIndex === index) {
        const atEnd = get().frame >= current.record.frames - 1;
        set({ playing: true, ...(atEnd ? { frame: 0 } : {}) });
        return;
      }
      const cached = cachedPreview;
      if (cached && cached.source === source && cached.jobSeed === jobSeed && cached.episodeIndex === index) {
        set({ clip: cached, status: 'ready', frame: 0, playing: true });
        return;
      }
      const mine = ++request;
      set({ status: 'loading', playing: false });
      try {
        const record = await run(doc, meshes, jobSeed, index);
        if (mine !== request) return;
        cachedPreview = clipOf('preview', doc, source, jobSeed, record);
        set({ clip: cachedPreview, status: 'ready', frame: 0, playing: record.frames > 0 });
      } catch (error) {
        if (mine === request) set({ status: get().clip ? 'ready' : 'idle' });
        throw error;
      }
    },
    showEpisode(scene, jobSeed, record) {
      request++;
      set({ clip: clipOf('episode', scene, scene, jobSeed, record), status: 'ready', frame: 0, playing: false });
    },
    play() {
      const { clip, frame } = get();
      if (!clip || clip.record.frames === 0) return;
      set({ playing: true, frame: frame >= clip.record.frames - 1 ? 0 : frame });
    },
    pause: () => set({ playing: false }),
    seek(frame) {
      const frames = get().clip?.record.frames ?? 0;
      set({ frame: Math.min(Math.max(0, frames - 1), Math.max(0, frame)) });
    },
    tick(seconds) {
      const { clip, frame, playing } = get();
      if (!clip || !playing) return;
      const next = frame + seconds * clip.record.fps;
      const last = clip.record.frames - 1;
      set(next >= last ? { frame: Math.max(0, last), playing: false } : { frame: next });
    },
    nextSample: () => set((s) => ({ previewIndex: s.previewIndex + 1 })),
    reset() {
      request++;
      set({ clip: null, status: 'idle', frame: 0, playing: false });
    },
  },
}));
