/** Rigid bodies: shape, physics and visual materials, semantics. */
import { z } from 'zod';
import { AssetPath, Color, Fraction, Id, NonNegative, Pose, Positive, Size3 } from './primitives';

export const Shape = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('box'), size: Size3.describe('full extents [x, y, z], metres') }),
  z.strictObject({ type: z.literal('sphere'), radius: Positive.describe('metres') }),
  z.strictObject({
    type: z.literal('cylinder'),
    radius: Positive.describe('metres'),
    height: Positive.describe('full height along local Z, metres'),
  }),
  z.strictObject({
    type: z.literal('capsule'),
    radius: Positive.describe('metres'),
    height: Positive.describe('length of the straight part along local Z, metres'),
  }),
  z.strictObject({
    type: z.literal('mesh'),
    asset: AssetPath.describe('Wavefront OBJ under assets/; its convex hull is the collider'),
    scale: Size3.default([1, 1, 1]).describe('per-axis scale of the mesh vertices'),
  }),
]);
export type Shape = z.infer<typeof Shape>;

/** Physics material. Give exactly one of mass or density for a dynamic body. */
export const PhysicsMaterial = z
  .strictObject({
    mass: Positive.max(1e4).optional().describe('kilograms'),
    density: Positive.max(1e5).optional().describe('kilograms per cubic metre'),
    friction: NonNegative.max(5).default(0.6).describe('Coulomb coefficient'),
    restitution: Fraction.default(0.1).describe('0 = no bounce, 1 = elastic'),
  })
  .refine((m) => !(m.mass !== undefined && m.density !== undefined), {
    message: 'give mass or density, not both',
  });
export type PhysicsMaterial = z.infer<typeof PhysicsMaterial>;

/** A texture: a file under assets/ or a generated pattern (nothing downloaded). */
export const Texture = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('asset'), path: AssetPath.describe('PNG or JPEG under assets/') }),
  z.strictObject({
    type: z.literal('procedural'),
    pattern: z.enum(['checker', 'stripes', 'noise', 'wood', 'marble']),
    color2: Color.describe('second colour of the pattern'),
    scale: Positive.max(1000).default(10).describe('pattern repeats per metre'),
  }),
]);

export const VisualMaterial = z.strictObject({
  color: Color.default('#b0b0b0'),
  texture: Texture.optional(),
  roughness: Fraction.default(0.6),
  metalness: Fraction.default(0),
  opacity: Fraction.default(1),
});
export type VisualMaterial = z.infer<typeof VisualMaterial>;

export const Semantic = z.strictObject({
  class: z.string().min(1).max(64).describe('semantic class, e.g. "mug"'),
  instanceId: z.number().int().min(1).max(65535).describe('unique per scene; 0 is background'),
});

export const Body = z
  .strictObject({
    id: Id,
    name: z.string().max(128).optional().describe('human-readable name used in task text, e.g. "red mug"'),
    kind: z.enum(['static', 'dynamic', 'kinematic']),
    enabled: z.boolean().default(true).describe('false removes the body from the episode (for randomized layouts)'),
    shape: Shape,
    pose: Pose,
    physics: PhysicsMaterial.default({ friction: 0.6, restitution: 0.1 }),
    visual: VisualMaterial.default({ color: '#b0b0b0', roughness: 0.6, metalness: 0, opacity: 1 }),
    semantic: Semantic,
  })
  .refine((b) => b.kind !== 'dynamic' || b.physics.mass !== undefined || b.physics.density !== undefined, {
    message: 'a dynamic body needs physics.mass or physics.density',
    path: ['physics'],
  });
export type Body = z.infer<typeof Body>;
