/**
 * Processes for queue tests and the queue bench: a throwaway redis-server on
 * a free loopback port, and CLI commands (workers, submitters) as child
 * processes whose output lines can be awaited.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { REPO } from '../cli/run-cli';

/** Where Debian's redis-server package puts the server. */
const REDIS_SERVER_PATHS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/** The redis-server binary; throws (never skips) when it is missing. */
export function redisServerPath(): string {
  const found = REDIS_SERVER_PATHS.find((p) => existsSync(p)) ?? spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('redis-server is not installed: the queue tests and bench need a real Redis (Debian package redis-server; scripts/setup.sh installs it)');
  return found;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released before returning). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts redis-server on a free loopback port, no persistence, files in `dir`; resolves once it accepts connections. */
export async function startRedis(dir: string): Promise<RedisServer> {
  const binary = redisServerPath();
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}: ${output.trim().split('\n').slice(-3).join(' | ')}`);
    }
    await sleep(50);
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop: () => stopProcess(child, 'SIGTERM') };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A CLI command running as a child process, its output kept as lines. */
export interface CliProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout line (already printed or to come) matching `pattern`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `main/cli/<command>.ts` with tsx, as a user's shell would. */
export function startCli(command: 'worker' | 'generate', args: string[]): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'main/cli', `${command}.ts`), ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  const split = (target: string[], onLine?: (line: string) => void) => {
    let rest = '';
    return (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        target.push(line);
        onLine?.(line);
      }
    };
  };
  child.stdout!.on(
    'data',
    split(stdout, (line) => {
      for (const w of [...waiters]) {
        if (!w.pattern.test(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }),
  );
  child.stderr!.on('data', split(stderr));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      // A process that ended prints no more lines: fail its waiters at once.
      setImmediate(() => {
        for (const w of waiters.splice(0)) w.reject(new Error(`${command} exited (code ${code}) before printing a line matching ${w.pattern}; stderr: ${stderr.slice(-3).join(' | ')}`));
      });
      resolve(code);
    }),
  );
  return {
    child,
    stdout,
    stderr,
    exited,
    line(pattern, timeoutMs = 60_000) {
      const seen = stdout.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${stdout.slice(-5).join(' | ')}; stderr: ${stderr.slice(-3).join(' | ')}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
    },
  };
}

/** Sends `signal` to a child and waits for it to exit (SIGKILL after 10 s). */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
