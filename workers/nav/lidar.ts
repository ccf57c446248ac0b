/**
 * A planar lidar by Rapier ray casts. Ray i points at heading + angle_i with
 * angle_i = -fov/2 + i * step, counter-clockwise; step = fov / rays for a
 * full circle (no duplicate ray at +-180 degrees), else fov / (rays - 1).
 * A return is clipped to [rangeMin, rangeMax] after noise; a ray with no
 * return within rangeMax reads rangeMax; a dropped reading is 0 ("no return", below rangeMin).
 */
import { Rng } from '../../scenes/rng';
import { cos, sin } from '../../scenes/portable-math';
import type { DiffDriveBase } from '../../scenes/schema/robots';
import type { Rapier } from '../physics/rapier';
import type { Pose2D } from './base';
import { ReadingNoise } from './noise';
import { RayCaster } from './raycast';

type World = InstanceType<Rapier['World']>;
type RigidBody = ReturnType<World['createRigidBody']>;
type LidarSpec = DiffDriveBase['lidar'];

/** Angles of the lidar rays relative to the heading, radians. */
export function lidarAngles(spec: Pick<LidarSpec, 'rays' | 'fovDeg'>): Float64Array {
  const fov = (spec.fovDeg * Math.PI) / 180;
  const full = spec.fovDeg >= 360;
  const step = full ? fov / spec.rays : fov / (spec.rays - 1);
  const out = new Float64Array(spec.rays);
  for (let i = 0; i < spec.rays; i++) out[i] = -fov / 2 + i * step;
  return out;
}

/** Names of the scan channel: "range_000", "range_001", ... */
export function lidarNames(rays: number): string[] {
  const width = Math.max(3, String(rays - 1).length);
  return Array.from({ length: rays }, (_, i) => `range_${String(i).padStart(width, '0')}`);
}

/** The robot's planar lidar; `names` label the scan channel. */
export class Lidar {
  readonly names: string[];
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly caster: RayCaster;
  private readonly noise: ReadingNoise;

  /** `seed`: the episode seed; noise streams are keyed 'lidar-noise' and 'lidar-dropout'. */
  constructor(R: Rapier, world: World, private readonly spec: LidarSpec, exclude: RigidBody, seed: string) {
    const angles = lidarAngles(spec);
    this.cos = angles.map(cos);
    this.sin = angles.map(sin);
    this.names = lidarNames(spec.rays);
    this.caster = new RayCaster(R, world, exclude);
    this.noise = new ReadingNoise(spec.noise, Rng.fromKey(seed, 'lidar-noise'), Rng.fromKey(seed, 'lidar-dropout'));
  }

  /** Casts every ray from the base at `pose` (mount at floorZ + mountHeight) into `out[offset ...]`, metres. */
  scan(pose: Pose2D, floorZ: number, out: Float32Array, offset = 0): void {
    const { rangeMin, rangeMax } = this.spec;
    const ch = cos(pose.yaw);
    const sh = sin(pose.yaw);
    this.caster.from(pose.x, pose.y, floorZ + this.spec.mountHeight, (cast) => {
      for (let i = 0; i < this.cos.length; i++) {
        const ca = this.cos[i]!;
        const sa = this.sin[i]!;
        const toi = cast(ch * ca - sh * sa, sh * ca + ch * sa, 0, rangeMax);
        const value = toi < 0 ? rangeMax : Math.min(rangeMax, Math.max(rangeMin, this.noise.perturb(toi)));
        out[offset + i] = this.noise.dropped() ? 0 : value;
      }
    });
  }
}
