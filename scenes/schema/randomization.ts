/**
 * The randomization spec: each entry draws one property of the document,
 * named by a JSON pointer (RFC 6901) into the scene, from a distribution.
 * In an array of objects with an `id`, a segment may be that id instead of
 * an index: `/bodies/mug/pose/position/0`.
 */
import { z } from 'zod';
import { Finite, NonNegative } from './primitives';

export const Uniform = z
  .strictObject({ type: z.literal('uniform'), min: Finite, max: Finite })
  .refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['max'] });

/** Normal, clamped to [min, max] when those are given. */
export const Normal = z
  .strictObject({ type: z.literal('normal'), mean: Finite, std: NonNegative, min: Finite.optional(), max: Finite.optional() })
  .refine((d) => d.min === undefined || d.max === undefined || d.min <= d.max, { message: 'min must not exceed max', path: ['max'] });

/** Uniform in log space: density ∝ 1/x on [min, max], min > 0. */
export const LogUniform = z
  .strictObject({ type: z.literal('logUniform'), min: z.number().positive(), max: z.number().positive() })
  .refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['max'] });

export const ChoiceValue = z.union([Finite, z.string(), z.boolean()]);
export type ChoiceValue = z.infer<typeof ChoiceValue>;

/** One of `values`, with probabilities proportional to `weights` (equal when absent). */
export const Choice = z
  .strictObject({
    type: z.literal('choice'),
    values: z.array(ChoiceValue).min(1).max(10_000),
    weights: z.array(NonNegative).optional(),
  })
  .refine((d) => d.weights === undefined || d.weights.length === d.values.length, {
    message: 'weights must have one entry per value',
    path: ['weights'],
  })
  .refine((d) => d.weights === undefined || d.weights.some((w) => w > 0), {
    message: 'at least one weight must be positive',
    path: ['weights'],
  });

export const Distribution = z.discriminatedUnion('type', [Uniform, Normal, LogUniform, Choice]);
export type Distribution = z.infer<typeof Distribution>;

export const RandomizationEntry = z.strictObject({
  path: z.string().regex(/^(\/[^/]+)+$/, 'must be a JSON pointer such as "/bodies/mug/pose/position/0"'),
  dist: Distribution,
  note: z.string().max(500).optional().describe('why this is randomized (shown to users)'),
});
export type RandomizationEntry = z.infer<typeof RandomizationEntry>;
