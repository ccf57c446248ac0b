/**
 * Builds a Rapier world from a resolved scene: gravity, step rate, contact
 * stiffness and every enabled body. Robots are added by their task engines.
 */
import type { Body, Shape } from '../../scenes/schema/bodies';
import type { SceneDoc } from '../../scenes/schema/scene';
import { quatFromAxisAngle, quatFromEulerDeg, type Quat } from './math';
import type { MeshLibrary } from './mesh';
import type { Rapier } from './rapier';

type World = InstanceType<Rapier['World']>;
type RigidBody = ReturnType<World['createRigidBody']>;
type Collider = ReturnType<World['createCollider']>;
type ColliderDesc = InstanceType<Rapier['ColliderDesc']>;

/** A scene body as it exists in the Rapier world. */
export interface BuiltBody {
  doc: Body;
  body: RigidBody;
  collider: Collider;
}

export interface BuiltWorld {
  world: World;
  /** Enabled scene bodies by id. */
  bodies: Map<string, BuiltBody>;
  /** Scene body id by collider handle (for contact reports). */
  bodyIdByCollider: Map<number, string>;
  /** Seconds per physics step. */
  dt: number;
}

/**
 * Contact prediction distance, metres. This Rapier build predicts contacts
 * up to 2 cm apart and its solver pushes on some of them: a gripper finger
 * sliding 5-18 mm past an object gets deflected (and pushes the object)
 * without touching it. 2 mm (upstream Rapier's default) keeps predictive
 * contacts for the solver without these phantom hits; CCD guards fast bodies.
 */
export const CONTACT_PREDICTION_DISTANCE = 0.002;

/** Rapier's cylinders and capsules run along local Y; the scene's run along Z. */
const Y_TO_Z: Quat = quatFromAxisAngle([1, 0, 0], Math.PI / 2);

/** Collider description of a scene shape (without material). */
export function colliderForShape(R: Rapier, shape: Shape, meshes: MeshLibrary): ColliderDesc {
  switch (shape.type) {
    case 'box':
      return R.ColliderDesc.cuboid(shape.size[0] / 2, shape.size[1] / 2, shape.size[2] / 2);
    case 'sphere':
      return R.ColliderDesc.ball(shape.radius);
    case 'cylinder':
      return R.ColliderDesc.cylinder(shape.height / 2, shape.radius).setRotation(Y_TO_Z);
    case 'capsule':
      return R.ColliderDesc.capsule(shape.height / 2, shape.radius).setRotation(Y_TO_Z);
    case 'mesh': {
      const vertices = meshes[shape.asset];
      if (!vertices) throw new Error(`mesh asset "${shape.asset}" was not loaded`);
      const scaled = new Float32Array(vertices.length);
      for (let i = 0; i < vertices.length; i++) scaled[i] = (vertices[i] as number) * (shape.scale[i % 3] as number);
      const desc = R.ColliderDesc.convexHull(scaled);
      if (!desc) throw new Error(`mesh asset "${shape.asset}" has no convex hull (degenerate vertices)`);
      return desc;
    }
  }
}

/** Creates the world and every enabled scene body. The caller frees `world`. */
export function buildWorld(R: Rapier, scene: SceneDoc, meshes: MeshLibrary): BuiltWorld {
  const [gx, gy, gz] = scene.physics.gravity;
  const world = new R.World({ x: gx, y: gy, z: gz });
  const dt = 1 / scene.physics.stepHz;
  world.integrationParameters.dt = dt;
  world.integrationParameters.contact_natural_frequency = scene.physics.contactNaturalFrequency;
  world.integrationParameters.numSolverIterations = scene.physics.solverIterations;
  world.integrationParameters.normalizedPredictionDistance = CONTACT_PREDICTION_DISTANCE / world.integrationParameters.lengthUnit;
  try {
    return addBodies(R, world, scene, meshes, dt);
  } catch (error) {
    world.free(); // a collider that fails (e.g. a degenerate mesh) must not leak the world
    throw error;
  }
}

function addBodies(R: Rapier, world: World, scene: SceneDoc, meshes: MeshLibrary, dt: number): BuiltWorld {
  const bodies = new Map<string, BuiltBody>();
  const bodyIdByCollider = new Map<number, string>();
  for (const doc of scene.bodies) {
    if (!doc.enabled) continue;
    const [x, y, z] = doc.pose.position;
    const desc =
      doc.kind === 'static' ? R.RigidBodyDesc.fixed() : doc.kind === 'kinematic' ? R.RigidBodyDesc.kinematicPositionBased() : R.RigidBodyDesc.dynamic();
    desc.setTranslation(x, y, z).setRotation(quatFromEulerDeg(doc.pose.rotation));
    if (doc.kind === 'dynamic') desc.setCanSleep(true).setCcdEnabled(true);
    const body = world.createRigidBody(desc);
    const colliderDesc = colliderForShape(R, doc.shape, meshes)
      .setFriction(doc.physics.friction)
      .setRestitution(doc.physics.restitution)
      .setActiveEvents(R.ActiveEvents.COLLISION_EVENTS | R.ActiveEvents.CONTACT_FORCE_EVENTS);
    if (doc.physics.mass !== undefined) colliderDesc.setMass(doc.physics.mass);
    else colliderDesc.setDensity(doc.physics.density ?? 1000);
    const collider = world.createCollider(colliderDesc, body);
    bodies.set(doc.id, { doc, body, collider });
    bodyIdByCollider.set(collider.handle, doc.id);
  }
  return { world, bodies, bodyIdByCollider, dt };
}

