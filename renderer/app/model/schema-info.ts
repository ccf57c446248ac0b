/**
 * What the scene schema says about one property: its description (units
 * included), the choices of an enum, and whether it is a union's
 * discriminator. Read from the zod schema itself, so the inspector's
 * tooltips and drop-downs follow the schema without a second list.
 */
import type { z } from 'zod';
import { SceneDoc } from '../../../scenes/schema/scene';

/** What the inspector needs to know about a field. */
export interface FieldInfo {
  description?: string;
  /** The allowed values of an enum field. */
  options?: string[];
  /** A literal (a union's discriminator such as a shape's `type`): shown, not edited. */
  fixed?: boolean;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  options?: z.ZodType[];
  discriminator?: string;
  entries?: Record<string, string>;
  in?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** Strips wrappers, keeping the outermost description. */
function unwrap(schema: z.ZodType, description: string | undefined): { schema: z.ZodType; description: string | undefined } {
  let current = schema;
  let found = description ?? current.description;
  for (;;) {
    const def = defOf(current);
    const inner = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (!inner) return { schema: current, description: found };
    current = inner;
    found = found ?? current.description;
  }
}

/** Picks the option of a discriminated union that `value` belongs to. */
function unionOption(def: Def, value: unknown): z.ZodType | undefined {
  const key = def.discriminator;
  const tag = key && typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return def.options?.find((option) => {
    const shape = defOf(unwrap(option, undefined).schema).shape;
    const literal = shape && key ? defOf(shape[key] as z.ZodType) : undefined;
    return (literal as { values?: unknown[] } | undefined)?.values?.includes(tag);
  });
}

/** The schema facts of the property at `path` of `doc` (an empty object when the path is unknown). */
export function fieldInfo(doc: unknown, path: readonly (string | number)[]): FieldInfo {
  let schema: z.ZodType = SceneDoc;
  let value: unknown = doc;
  let description: string | undefined;
  for (const segment of path) {
    const unwrapped = unwrap(schema, undefined);
    let def = defOf(unwrapped.schema);
    if (def.type === 'union' && def.options) {
      const option = unionOption(def, value);
      if (!option) return {};
      def = defOf(unwrap(option, undefined).schema);
    }
    const next = def.type === 'object' ? def.shape?.[String(segment)] : def.type === 'array' ? def.element : def.type === 'tuple' ? (def.items?.[Number(segment)] ?? def.rest ?? undefined) : undefined;
    if (!next) return {};
    schema = next;
    description = undefined;
    value = (value as Record<string | number, unknown> | undefined)?.[segment];
  }
  const leaf = unwrap(schema, description);
  const def = defOf(leaf.schema);
  const info: FieldInfo = {};
  if (leaf.description) info.description = leaf.description;
  if (def.type === 'enum' && def.entries) info.options = Object.values(def.entries);
  if (def.type === 'literal') info.fixed = true;
  return info;
}
