/**
 * The differential-drive base in the Rapier world: a kinematic cylinder moved
 * by a kinematic character controller, so it slides along obstacles and never
 * passes through them, plus a slightly larger sensor cylinder whose
 * intersection events count collisions as contact episodes (a contact starts
 * when the base touches anything after touching nothing, however many steps
 * it lasts).
 */
import type { DiffDriveBase } from '../../scenes/schema/robots';
import { cos, sin } from '../../scenes/portable-math';
import { quatFromAxisAngle } from '../physics/math';
import type { Rapier } from '../physics/rapier';
import type { BuiltWorld } from '../physics/world';

type World = InstanceType<Rapier['World']>;
type RigidBody = ReturnType<World['createRigidBody']>;
type Collider = ReturnType<World['createCollider']>;
type CharacterController = ReturnType<World['createCharacterController']>;
type EventQueue = InstanceType<Rapier['EventQueue']>;

/** Gap kept under the base so it never touches the floor, metres (a quarter of the height for bases under 8 cm). */
export const GROUND_CLEARANCE = 0.02;
/** Skin the character controller keeps from obstacles, metres (the solid cylinder is this much thinner than robot.radius). */
export const CONTROLLER_OFFSET = 0.005;
/** How far beyond robot.radius the contact sensor reaches, metres. */
export const CONTACT_MARGIN = 0.002;

/** The base's pose on the floor: metres and radians (yaw about +Z, counter-clockwise from +X). */
export interface Pose2D {
  x: number;
  y: number;
  yaw: number;
}

/** The base's body, controller and contact sensor in a built world; `pose` is authoritative (metres, radians). */
export class DriveBase {
  readonly body: RigidBody;
  private readonly solid: Collider;
  private readonly sensor: Collider;
  private readonly controller: CharacterController;
  private readonly events: EventQueue;
  private readonly touching = new Set<number>();
  private readonly filter: number;
  /** World Z of the floor the base stands on, metres. */
  readonly floorZ: number;
  /** World Z interval swept by the base's body (above the ground clearance, up to robot.height), metres. */
  readonly band: { lo: number; hi: number };
  private readonly centreZ: number;
  readonly pose: Pose2D;
  /** Realized speed along the heading during the last step, m/s. */
  linearVelocity = 0;
  /** Realized yaw rate during the last step, rad/s. */
  angularVelocity = 0;
  /** Contact episodes so far. */
  collisions = 0;

  constructor(R: Rapier, private readonly built: BuiltWorld, robot: DiffDriveBase) {
    const world = built.world;
    const [x, y, z] = robot.pose.position;
    this.floorZ = z;
    this.pose = { x, y, yaw: wrapAngle((robot.pose.rotation[2] * Math.PI) / 180) };
    const clearance = Math.min(GROUND_CLEARANCE, robot.height / 4);
    this.band = { lo: z + clearance, hi: z + robot.height };
    const half = (robot.height - clearance) / 2;
    const centreZ = z + clearance + half;
    this.centreZ = centreZ;
    this.body = world.createRigidBody(
      R.RigidBodyDesc.kinematicPositionBased().setTranslation(x, y, centreZ).setRotation(quatFromAxisAngle([0, 0, 1], this.pose.yaw)),
    );
    const upright = quatFromAxisAngle([1, 0, 0], Math.PI / 2);
    this.solid = world.createCollider(
      R.ColliderDesc.cylinder(half, Math.max(robot.radius - CONTROLLER_OFFSET, robot.radius / 2)).setRotation(upright).setMass(robot.mass),
      this.body,
    );
    this.sensor = world.createCollider(
      R.ColliderDesc.cylinder(half, robot.radius + CONTACT_MARGIN)
        .setRotation(upright)
        .setSensor(true)
        .setMass(0)
        .setActiveCollisionTypes(R.ActiveCollisionTypes.ALL)
        .setActiveEvents(R.ActiveEvents.COLLISION_EVENTS),
      this.body,
    );
    this.controller = world.createCharacterController(CONTROLLER_OFFSET);
    this.controller.setUp({ x: 0, y: 0, z: 1 });
    this.controller.setSlideEnabled(true);
    this.controller.disableAutostep();
    this.controller.disableSnapToGround();
    this.controller.setApplyImpulsesToDynamicBodies(true);
    this.controller.setCharacterMass(robot.mass);
    this.events = new R.EventQueue(true);
    this.filter = R.QueryFilterFlags.EXCLUDE_SENSORS;
    world.step(this.events);
    this.drainContacts();
  }

  /** Whether the base touches anything now. */
  get inContact(): boolean {
    return this.touching.size > 0;
  }

  /**
   * Drives for one physics step of `dt` seconds at `linear` m/s and
   * `angular` rad/s (midpoint heading), blocked and deflected by obstacles,
   * then steps the world.
   */
  step(linear: number, angular: number, dt: number): void {
    const pose = this.pose;
    const mid = pose.yaw + (angular * dt) / 2;
    const c = cos(mid);
    const s = sin(mid);
    let mx = 0;
    let my = 0;
    if (linear !== 0) {
      this.controller.computeColliderMovement(this.solid, { x: linear * dt * c, y: linear * dt * s, z: 0 }, this.filter);
      const m = this.controller.computedMovement();
      mx = m.x;
      my = m.y;
    }
    pose.x += mx;
    pose.y += my;
    pose.yaw = wrapAngle(pose.yaw + angular * dt);
    this.linearVelocity = (mx * c + my * s) / dt;
    this.angularVelocity = angular;
    this.body.setNextKinematicTranslation({ x: pose.x, y: pose.y, z: this.centreZ });
    this.body.setNextKinematicRotation(quatFromAxisAngle([0, 0, 1], pose.yaw));
    this.built.world.step(this.events);
    this.drainContacts();
  }

  private drainContacts(): void {
    const sensor = this.sensor.handle;
    const solid = this.solid.handle;
    this.events.drainCollisionEvents((h1, h2, started) => {
      if (h1 !== sensor && h2 !== sensor) return;
      const other = h1 === sensor ? h2 : h1;
      if (other === solid) return;
      if (started) {
        if (this.touching.size === 0) this.collisions++;
        this.touching.add(other);
      } else {
        this.touching.delete(other);
      }
    });
  }

  /** Frees the event queue and the controller (the world itself is freed by its owner). */
  free(): void {
    this.built.world.removeCharacterController(this.controller);
    this.events.free();
  }
}

/** Wraps an angle to (-pi, pi], radians. */
export function wrapAngle(a: number): number {
  let r = a % (2 * Math.PI);
  if (r > Math.PI) r -= 2 * Math.PI;
  else if (r <= -Math.PI) r += 2 * Math.PI;
  return r;
}
