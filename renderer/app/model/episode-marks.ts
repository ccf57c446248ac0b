/**
 * What the episode browser draws over a replay, computed from the record
 * alone: the path of the robot (palm or base) and of the grasp target per
 * frame, and per frame the fingertip contacts from `observation.tactile`
 * (force-weighted contact point in the palm frame and normal force per
 * finger) turned into world points and force arrows. The pads squeeze
 * along the palm's local Y, so the force a finger puts on the object points
 * from its contact point towards the palm's centre line.
 */
import type { EpisodeRecord, PoseTrack } from '../../../exporters/episode';
import { rotate, type Quat, type Vec3 } from '../../../workers/physics/math';

/** One finger's contact in one frame. */
export interface ContactMark {
  /** World contact point, metres. */
  point: Vec3;
  /** Unit direction of the force the finger puts on the object (world). */
  direction: Vec3;
  /** Normal force, newtons (as the force sensor read it). */
  force: number;
}

/** The marks of one episode. */
export interface EpisodeMarks {
  frames: number;
  /** World positions of the robot's palm or base per frame, metres (frames × 3). */
  robotPath: Float32Array;
  /** World positions of the grasp target per frame (frames × 3), or null when there is none. */
  targetPath: Float32Array | null;
  /** contacts[f]: the fingers touching something in frame f. */
  contacts: ContactMark[][];
  /** Largest force in the episode, newtons (0 without contacts). */
  maxForce: number;
}

const TACTILE = 'observation.tactile';

function trackIndex(track: PoseTrack, id: string): number {
  return track.ids.indexOf(id);
}

function pathOf(track: PoseTrack, k: number, frames: number): Float32Array {
  const stride = track.ids.length * 7;
  const out = new Float32Array(frames * 3);
  for (let f = 0; f < frames; f++) out.set(track.data.subarray(f * stride + k * 7, f * stride + k * 7 + 3), f * 3);
  return out;
}

function poseAt(track: PoseTrack, k: number, frame: number): { p: Vec3; q: Quat } {
  const o = frame * track.ids.length * 7 + k * 7;
  const d = track.data;
  return { p: [d[o]!, d[o + 1]!, d[o + 2]!], q: { x: d[o + 3]!, y: d[o + 4]!, z: d[o + 5]!, w: d[o + 6]! } };
}

/**
 * The marks of `record`, whose robot is `robotId` and grasp target
 * `targetId` (undefined for navigation). Empty paths when the record has no
 * pose track (an episode that errored).
 */
export function episodeMarks(record: EpisodeRecord, robotId: string, targetId: string | undefined): EpisodeMarks {
  const track = record.poses;
  const frames = track ? record.frames : 0;
  const empty: EpisodeMarks = { frames, robotPath: new Float32Array(0), targetPath: null, contacts: Array.from({ length: frames }, () => []), maxForce: 0 };
  if (!track || frames === 0) return empty;
  const palm = trackIndex(track, `${robotId}/palm`);
  const robot = palm >= 0 ? palm : trackIndex(track, `${robotId}/base`);
  const target = targetId === undefined ? -1 : trackIndex(track, targetId);
  const marks: EpisodeMarks = {
    ...empty,
    robotPath: robot >= 0 ? pathOf(track, robot, frames) : new Float32Array(0),
    targetPath: target >= 0 ? pathOf(track, target, frames) : null,
  };
  const tactile = record.channels[TACTILE];
  if (!tactile || palm < 0) return marks;
  const width = tactile.names.length;
  const fingers = ['left', 'right'].map((side) => ['force', 'x', 'y', 'z'].map((axis) => tactile.names.indexOf(`${side}.${axis}`)));
  for (let f = 0; f < frames; f++) {
    const { p, q } = poseAt(track, palm, f);
    for (const [iForce, ix, iy, iz] of fingers as [number, number, number, number][]) {
      if (iForce < 0 || ix < 0 || iy < 0 || iz < 0) continue;
      const force = tactile.data[f * width + iForce]!;
      if (!(force > 0)) continue;
      const local: Vec3 = [tactile.data[f * width + ix]!, tactile.data[f * width + iy]!, tactile.data[f * width + iz]!];
      const offset = rotate(q, local);
      const inward = rotate(q, [0, local[1] > 0 ? -1 : 1, 0]);
      marks.contacts[f]!.push({ point: [p[0] + offset[0], p[1] + offset[1], p[2] + offset[2]], direction: inward, force });
      marks.maxForce = Math.max(marks.maxForce, force);
    }
  }
  return marks;
}

/** Centre and radius (metres) of the sphere around the robot's and the target's paths, or null when there are none. */
export function marksBounds(marks: EpisodeMarks): { center: Vec3; radius: number } | null {
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const path of [marks.robotPath, marks.targetPath]) {
    if (!path) continue;
    for (let i = 0; i + 2 < path.length; i += 3) {
      for (let k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k]!, path[i + k]!);
        hi[k] = Math.max(hi[k]!, path[i + k]!);
      }
    }
  }
  if (!Number.isFinite(lo[0])) return null;
  const center: Vec3 = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2];
  return { center, radius: Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2 };
}
