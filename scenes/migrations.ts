/**
 * Schema migrations. `MIGRATIONS[v]` turns a version-v document into a
 * version-(v+1) one. Version 1 is the first published schema, so the table is
 * empty; a future version 2 adds `1: (doc) => ...` here and bumps
 * SCENE_SCHEMA_VERSION.
 */
import { SCENE_SCHEMA_VERSION } from './schema/scene';

export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
export type MigrationTable = Readonly<Record<number, Migration>>;

export const MIGRATIONS: MigrationTable = {};

export type MigrationResult =
  | { ok: true; doc: Record<string, unknown>; from: number }
  | { ok: false; message: string; value: unknown };

/** Brings a raw document up to `target` by applying migrations in order. */
export function migrate(doc: Record<string, unknown>, table: MigrationTable = MIGRATIONS, target = SCENE_SCHEMA_VERSION): MigrationResult {
  const version = doc.schemaVersion;
  if (version === undefined) return { ok: false, message: 'required field is missing (the schema version, e.g. 1)', value: undefined };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, message: 'must be a positive integer schema version', value: version };
  }
  if (version > target) {
    return { ok: false, message: `was written by a newer studio (this one reads up to version ${target})`, value: version };
  }
  let current = doc;
  for (let v = version; v < target; v++) {
    const step = table[v];
    if (!step) return { ok: false, message: `no migration from version ${v} to ${v + 1}`, value: version };
    current = { ...step(current), schemaVersion: v + 1 };
  }
  return { ok: true, doc: current, from: version };
}
