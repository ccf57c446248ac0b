/**
 * Loads the deterministic Rapier build once per thread. It runs unchanged in
 * Node worker_threads, Web Workers and Chromium, bit-identical across them.
 */
import RAPIER from '@dimforge/rapier3d-deterministic-compat';

export type Rapier = typeof RAPIER;
let ready: Promise<Rapier> | undefined;

/** Resolves with the initialised Rapier module (idempotent). */
export function loadRapier(): Promise<Rapier> {
  ready ??= RAPIER.init().then(() => RAPIER);
  return ready;
}
