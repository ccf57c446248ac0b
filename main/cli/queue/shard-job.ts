/**
 * A shard job on the queue: its data (everything a worker on another machine
 * needs to run shard I of N of a generate job), the hash that names the job,
 * the deterministic BullMQ job id (so submitting the same job twice adds
 * nothing), and the folder in the shared directory its output goes to.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { SavedJob } from '../output-folder';

/** The BullMQ queue every submitter and worker uses. */
export const QUEUE_NAME = 'studio-generate-shards';
/** The BullMQ job name of a shard job. */
export const JOB_NAME = 'generate-shard';
/** Attempts per shard job before it fails for good (each retry resumes from the shard's journal). */
export const SHARD_ATTEMPTS = 3;
/** First retry delay, milliseconds; doubled for each further attempt. */
export const RETRY_DELAY_MS = 2000;

const generator = z.object({ name: z.string(), version: z.string(), dependencies: z.record(z.string(), z.string()) });

/** The data of a shard job, validated by the worker before it runs anything. */
export const ShardJobData = z
  .object({
    kind: z.literal('studio-generate-shard'),
    version: z.literal(1),
    /** sha256 of the job (see jobHash); the same for every shard of one job. */
    jobHash: z.string().regex(/^[0-9a-f]{64}$/),
    sceneFile: z.string().min(1),
    /** The scene file's text as the submitter read it (the job's source of truth). */
    sceneText: z.string().min(1),
    jobSeed: z.number().int().min(0),
    /** Episodes of the whole job. */
    episodes: z.number().int().min(1),
    format: z.literal('lerobot'),
    noCameras: z.boolean(),
    shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }),
    /** Absolute path of the shared folder, the same on every machine (NFS, a shared volume). */
    sharedDir: z.string().min(1),
    /** The submitter's build: workers of another build refuse the job (merge needs one build). */
    generator,
    /** Seconds before a stuck episode's rollout thread is replaced. */
    episodeTimeoutS: z.number().positive(),
  })
  .refine((d) => d.shard.index < d.shard.count, { message: 'shard.index must be below shard.count', path: ['shard', 'index'] })
  .refine((d) => d.shard.count <= d.episodes, { message: 'shard.count must not exceed episodes', path: ['shard', 'count'] });
export type ShardJobData = z.infer<typeof ShardJobData>;

/** What a worker returns for a finished shard job. */
export interface ShardJobResult {
  dir: string;
  episodes: number;
  successes: number;
  /** Episodes taken from the journal of an earlier, interrupted attempt. */
  replayed: number;
}

/** What a worker reports while it runs a shard job (BullMQ job progress). */
export interface ShardJobProgress {
  /** Episodes delivered so far in this attempt (replayed ones included). */
  done: number;
  successes: number;
  /** Episodes of the shard. */
  total: number;
}

/** The part of a job that decides its output bytes; what jobHash hashes. */
export interface JobIdentity {
  sceneFile: string;
  sceneText: string;
  jobSeed: number;
  episodes: number;
  format: 'lerobot';
  noCameras: boolean;
  shards: number;
  generator: ShardJobData['generator'];
}

/** sha256 (hex) of the job's identity, fields in a fixed order. */
export function jobHash(id: JobIdentity): string {
  const canonical = JSON.stringify([id.sceneFile, id.sceneText, id.jobSeed, id.episodes, id.format, id.noCameras, id.shards, id.generator.name, id.generator.version, Object.entries(id.generator.dependencies).sort()]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The first 16 hex digits of the hash: names the job's folder and its jobs. */
export const shortHash = (hash: string): string => hash.slice(0, 16);

/** BullMQ job id of shard `index` of `count` (BullMQ ids may not contain ':'). */
export function shardJobId(hash: string, index: number, count: number): string {
  return `${shortHash(hash)}-shard-${index}-of-${count}`;
}

/** The job's folder in the shared directory; the submitter creates it, workers only write inside it. */
export function jobFolder(data: Pick<ShardJobData, 'sharedDir' | 'jobHash'>): string {
  return join(data.sharedDir, shortHash(data.jobHash));
}

/** Where shard `index` of `count` is written: a complete `generate --shard` output once the job is done. */
export function shardFolder(data: Pick<ShardJobData, 'sharedDir' | 'jobHash'>, index: number, count: number): string {
  return join(jobFolder(data), `shard-${index}-of-${count}`);
}

/** The saved job a shard folder holds while it runs (so `generate --resume --out <shard folder>` also finishes it). */
export function savedJobOf(data: ShardJobData): SavedJob {
  return {
    sceneFile: data.sceneFile,
    sceneText: data.sceneText,
    jobSeed: data.jobSeed,
    episodes: data.episodes,
    format: data.format,
    shard: { index: data.shard.index, count: data.shard.count },
    ...(data.noCameras ? { noCameras: true } : {}),
  };
}
