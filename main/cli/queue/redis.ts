/**
 * The Redis server behind the shard queue: parsing --queue redis://HOST:PORT,
 * a quick reachability check with one clear error line, and opening BullMQ
 * clients (BullMQ loads its Redis driver, ioredis, itself).
 */
import { connect } from 'node:net';
import type { RedisOptions } from 'bullmq';
import { CliError, EXIT } from '../exit-codes';

export interface RedisTarget {
  /** The URL as given, password hidden (for messages). */
  label: string;
  /** Connection options for BullMQ's Queue, QueueEvents and Worker. */
  options: RedisOptions;
}

/** Seconds to wait for the server to accept a TCP connection and answer. */
const CONNECT_TIMEOUT_S = 5;

/** Parses `redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS); exit 2 on anything else. */
export function parseRedisUrl(text: string, option = '--queue'): RedisTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(EXIT.usage, `${option}: expected a Redis URL like redis://HOST:PORT, got "${text}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new CliError(EXIT.usage, `${option}: expected redis:// or rediss://, got "${text}"`);
  if (!url.hostname) throw new CliError(EXIT.usage, `${option}: the URL names no host: "${text}"`);
  const port = url.port ? Number(url.port) : 6379;
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new CliError(EXIT.usage, `${option}: the database after the host must be a number (redis://HOST:PORT/0), got "${dbText}"`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: RedisOptions = {
    host,
    port,
    ...(dbText ? { db: Number(dbText) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
  };
  const label = url.password ? text.replace(`:${url.password}@`, ':***@') : text;
  return { label, options };
}

/**
 * Fails fast with one line (exit 6) when nothing accepts connections at the
 * target; BullMQ itself would retry silently forever.
 */
export async function checkReachable(target: RedisTarget): Promise<void> {
  const { host, port } = target.options;
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: host as string, port: port as number });
    socket.setTimeout(CONNECT_TIMEOUT_S * 1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new CliError(EXIT.environment, `cannot connect to redis at ${target.label}: no answer within ${CONNECT_TIMEOUT_S} s`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      reject(new CliError(EXIT.environment, `cannot connect to redis at ${target.label}: ${error.code ?? error.message} (is redis-server running there?)`));
    });
  });
}

/** Something BullMQ made that connects to Redis (Queue, QueueEvents, Worker). */
interface RedisClientOwner {
  waitUntilReady(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Constructs a BullMQ client and waits until it is connected; a missing
 * driver or a server that refuses the handshake (a password, TLS) becomes one
 * line with exit 6.
 */
export async function openClient<T extends RedisClientOwner>(target: RedisTarget, make: () => T): Promise<T> {
  let client: T;
  try {
    client = make();
  } catch (error) {
    throw driverError(error);
  }
  let lastError: Error | undefined;
  client.on('error', (error) => {
    lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CliError(EXIT.environment, `cannot connect to redis at ${target.label}: ${lastError?.message ?? `not ready within ${CONNECT_TIMEOUT_S * 2} s`}`)), CONNECT_TIMEOUT_S * 2000);
  });
  try {
    await Promise.race([client.waitUntilReady(), timeout]);
  } catch (error) {
    throw driverError(error);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

function driverError(error: unknown): unknown {
  if (error instanceof Error && /could not load the optional 'ioredis'/.test(error.message)) {
    return new CliError(EXIT.environment, "BullMQ's Redis driver, the npm package ioredis, is not installed: run npm ci (package.json lists it)");
  }
  return error;
}
