/**
 * Path following for a differential-drive base: regulated pure pursuit
 * (after Macenski et al., 2023). The follower tracks its progress along the
 * path monotonically and aims at the point `lookahead` metres further on
 * (scaled with speed); it turns towards it proportionally to the heading
 * error and rotates in place when the error is large. Speed is reduced for
 * the heading error, for tight curvature, near obstacles and near the end of
 * the path.
 */
import type { Twist } from './actuation';
import { atan2, cos, sin } from '../../scenes/portable-math';
import type { Pose2D } from './base';
import { wrapAngle } from './base';
import { pointAt, projectOnto, type Polyline } from './polyline';

export interface FollowerParams {
  /** m/s */
  maxLinear: number;
  /** rad/s */
  maxAngular: number;
  /** Lookahead distance = clamp(lookaheadTime * speed, minLookahead, maxLookahead): seconds and metres. */
  lookaheadTime: number;
  minLookahead: number;
  maxLookahead: number;
  /** Yaw rate per radian of heading error, 1/s. */
  headingGain: number;
  /** Heading error beyond which the base turns in place, radians. */
  rotateInPlace: number;
  /** Below this turning radius of the pursuit arc the speed scales down with the radius, metres. */
  minTurnRadius: number;
  /** Speed per metre of distance to the end of the path, 1/s (a cap that brakes on arrival). */
  approachGain: number;
  /** Lowest speed cap for curvature, obstacles and arrival, m/s. */
  minSpeed: number;
  /** Full speed needs this much clearance beyond `safeClearance`, metres (0 disables proximity regulation). */
  proximityRange: number;
  /** Clearance (metres from the base centre to obstacles) at which the proximity cap reaches minSpeed. */
  safeClearance: number;
}

/** Follower settings for a base of `radius` metres with these speed limits. */
export function defaultFollowerParams(maxLinear: number, maxAngular: number, radius = 0.2): FollowerParams {
  return {
    maxLinear,
    maxAngular,
    lookaheadTime: 0.6,
    minLookahead: 0.35,
    maxLookahead: 0.9,
    headingGain: 2.5,
    rotateInPlace: (45 * Math.PI) / 180,
    minTurnRadius: 0.6,
    approachGain: 1.2,
    minSpeed: 0.15,
    proximityRange: 0.3,
    safeClearance: radius,
  };
}

/** Metres from a floor point to the nearest obstacle (e.g. the episode's clearance grid). */
export type ClearanceFn = (x: number, y: number) => number;

/** Follows one path (replaceable with `setPath`); `clearance`, when given, enables proximity speed regulation. */
export class PathFollower {
  /** Arc length of the path already covered, metres. */
  progress = 0;
  private speed = 0;

  constructor(private path: Polyline, private readonly params: FollowerParams, private readonly clearance?: ClearanceFn) {}

  /** Follows a new path from its start. */
  setPath(path: Polyline): void {
    this.path = path;
    this.progress = 0;
  }

  /** Path length still ahead, metres. */
  get remaining(): number {
    return this.path.length - this.progress;
  }

  /** The command for the base at `pose`. */
  command(pose: Pose2D): Twist {
    const p = this.params;
    const path = this.path;
    const lookahead = Math.min(p.maxLookahead, Math.max(p.minLookahead, p.lookaheadTime * this.speed));
    const [s] = projectOnto(path, pose.x, pose.y, this.progress - 0.2, this.progress + lookahead + 1);
    this.progress = Math.max(this.progress, s);
    const [tx, ty] = pointAt(path, this.progress + lookahead);
    const n = path.xy.length / 2;
    const toEnd = Math.hypot(path.xy[2 * n - 2]! - pose.x, path.xy[2 * n - 1]! - pose.y);
    const dx = tx - pose.x;
    const dy = ty - pose.y;
    const distance = Math.hypot(dx, dy);
    if (distance < 1e-6) {
      this.speed = 0;
      return { linear: 0, angular: 0 };
    }
    const alpha = wrapAngle(atan2(dy, dx) - pose.yaw);
    const angular = Math.max(-p.maxAngular, Math.min(p.maxAngular, p.headingGain * alpha));
    const cosLimit = cos(p.rotateInPlace);
    const aligned = (cos(alpha) - cosLimit) / (1 - cosLimit);
    const align = Math.abs(alpha) >= p.rotateInPlace ? 0 : aligned * aligned;
    let cap = p.maxLinear;
    const curvature = (2 * Math.abs(sin(alpha))) / distance;
    if (curvature * p.minTurnRadius > 1) cap = Math.min(cap, p.maxLinear / (curvature * p.minTurnRadius));
    if (this.clearance && p.proximityRange > 0) {
      const excess = (this.clearance(pose.x, pose.y) - p.safeClearance) / p.proximityRange;
      cap = Math.min(cap, p.maxLinear * Math.max(0, excess));
    }
    cap = Math.max(cap, p.minSpeed);
    const linear = Math.min(p.maxLinear * align, cap, Math.max(p.minSpeed, p.approachGain * toEnd));
    this.speed = linear;
    return { linear, angular };
  }
}
