/**
 * A forward depth image by Rapier ray casts: a pinhole camera at the base
 * (floorZ + mountHeight), optical axis along the heading and level, vertical
 * field of view fovYDeg, fx = fy = (height / 2) / tan(fovY / 2), principal
 * point at the image centre. Pixels hold z-depth (distance along the optical
 * axis), row-major from the top-left; no return within rangeMax reads
 * rangeMax; noise is added to returns and clipped to [0, rangeMax]; a dropped
 * pixel is 0 ("no return").
 */
import { Rng } from '../../scenes/rng';
import { cos, sin, tan } from '../../scenes/portable-math';
import type { DiffDriveBase } from '../../scenes/schema/robots';
import type { Rapier } from '../physics/rapier';
import type { Pose2D } from './base';
import { ReadingNoise } from './noise';
import { RayCaster } from './raycast';

type World = InstanceType<Rapier['World']>;
type RigidBody = ReturnType<World['createRigidBody']>;
type DepthSpec = NonNullable<DiffDriveBase['depth']>;

/** Names of the depth channel: "d_RR_CC" for row RR, column CC (zero-padded). */
export function depthNames(width: number, height: number): string[] {
  const rw = String(height - 1).length;
  const cw = String(width - 1).length;
  const names: string[] = [];
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) names.push(`d_${String(r).padStart(rw, '0')}_${String(c).padStart(cw, '0')}`);
  return names;
}

/** The robot's forward depth camera; `names` label the flattened image channel. */
export class DepthCamera {
  readonly names: string[];
  /** Per pixel, unit ray in the camera frame: forward, left, up components. */
  private readonly forward: Float64Array;
  private readonly left: Float64Array;
  private readonly up: Float64Array;
  private readonly caster: RayCaster;
  private readonly noise: ReadingNoise;

  /** `seed`: the episode seed; noise streams are keyed 'depth-noise' and 'depth-dropout'. */
  constructor(R: Rapier, world: World, private readonly spec: DepthSpec, exclude: RigidBody, seed: string) {
    const { width, height } = spec;
    const f = height / 2 / tan((spec.fovYDeg * Math.PI) / 360);
    const n = width * height;
    this.forward = new Float64Array(n);
    this.left = new Float64Array(n);
    this.up = new Float64Array(n);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const u = (c + 0.5 - width / 2) / f;
        const v = (r + 0.5 - height / 2) / f;
        const norm = Math.hypot(1, u, v);
        const i = r * width + c;
        this.forward[i] = 1 / norm;
        this.left[i] = -u / norm;
        this.up[i] = -v / norm;
      }
    }
    this.names = depthNames(width, height);
    this.caster = new RayCaster(R, world, exclude);
    this.noise = new ReadingNoise(spec.noise, Rng.fromKey(seed, 'depth-noise'), Rng.fromKey(seed, 'depth-dropout'));
  }

  /** Renders the image seen from `pose` into `out[offset ...]`, metres of z-depth. */
  render(pose: Pose2D, floorZ: number, out: Float32Array, offset = 0): void {
    const rangeMax = this.spec.rangeMax;
    const ch = cos(pose.yaw);
    const sh = sin(pose.yaw);
    this.caster.from(pose.x, pose.y, floorZ + this.spec.mountHeight, (cast) => {
      for (let i = 0; i < this.forward.length; i++) {
        const fw = this.forward[i]!;
        const lf = this.left[i]!;
        const toi = cast(fw * ch - lf * sh, fw * sh + lf * ch, this.up[i]!, rangeMax / fw);
        const value = toi < 0 ? rangeMax : Math.min(rangeMax, Math.max(0, this.noise.perturb(toi * fw)));
        out[offset + i] = this.noise.dropped() ? 0 : value;
      }
    });
  }
}
