/**
 * Each attempt at a shard job writes into a folder of its own, and only a
 * finished attempt is renamed to the shard's folder. A worker whose lock
 * expired while it was still alive (a paused machine, a network split) can
 * then never write over the worker that took its job over; the new attempt
 * starts from a copy of the longest journal an earlier attempt left, so the
 * episodes already done are not run again.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isComplete, JOURNAL, WORK_DIR } from '../output-folder';

/** The folder holding the attempts at the shard whose folder is `shardDir`. */
export const attemptsFolder = (shardDir: string): string => `${shardDir}.attempts`;

/** The folder of attempt `name` at the shard whose folder is `shardDir`. */
export const attemptFolder = (shardDir: string, name: string): string => join(attemptsFolder(shardDir), name);

/**
 * Makes the folder of attempt `name` (a name unique to this attempt) and
 * seeds its journal with a copy of the longest journal of the earlier
 * attempts (a torn last frame is dropped when the job reads it). Returns the
 * folder.
 */
export function startAttempt(shardDir: string, name: string): string {
  const attempts = attemptsFolder(shardDir);
  const dir = attemptFolder(shardDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, WORK_DIR), { recursive: true });
  const journals = (existsSync(attempts) ? readdirSync(attempts) : [])
    .filter((entry) => entry !== name)
    .map((entry) => join(attempts, entry, WORK_DIR, JOURNAL))
    .filter((file) => existsSync(file))
    .map((file) => ({ file, bytes: statSync(file).size }))
    .sort((a, b) => b.bytes - a.bytes);
  if (journals[0]?.bytes) copyFileSync(journals[0].file, join(dir, WORK_DIR, JOURNAL));
  return dir;
}

/**
 * Publishes a finished attempt as the shard's folder (one rename, atomic on
 * one file system) and removes the other attempts. Returns false when another
 * attempt was published first (its bytes are the same); this one is removed.
 */
export function finishAttempt(shardDir: string, attemptDir: string): boolean {
  let published = true;
  try {
    renameSync(attemptDir, shardDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!((code === 'ENOTEMPTY' || code === 'EEXIST') && isComplete(shardDir))) throw error;
    published = false;
  }
  rmSync(attemptsFolder(shardDir), { recursive: true, force: true });
  return published;
}
