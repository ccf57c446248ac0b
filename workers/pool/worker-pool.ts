/**
 * A fixed-size pool of comlink workers, the same for Node worker_threads and
 * Web Workers (each runtime supplies `spawn`). A task runs on one free worker;
 * if that worker dies or the task passes its time limit, the worker is
 * replaced and the task rejects with a WorkerLost error, so callers can retry.
 */
import type { Remote } from 'comlink';

/** One live worker as the pool sees it. */
export interface WorkerHandle<Service> {
  api: Remote<Service>;
  /** Resolves with a reason once the worker has died or was terminated. */
  exited: Promise<string>;
  terminate(): Promise<void>;
}

export type Spawn<Service> = () => Promise<WorkerHandle<Service>>;

/** The worker running a task died, or was stopped for exceeding its time limit. */
export class WorkerLost extends Error {
  override name = 'WorkerLost';
}

export class PoolClosed extends Error {
  override name = 'PoolClosed';
}

export interface PoolOptions {
  /** Number of workers (>= 1). */
  size: number;
  /** Per-task time limit in milliseconds; the worker is replaced when exceeded. */
  taskTimeoutMs?: number;
}

interface Slot<Service> {
  handle: Promise<WorkerHandle<Service>>;
  busy: boolean;
  /** Fails the task running in this slot; set only while one runs. */
  onLost?: (reason: string) => void;
}

export class WorkerPool<Service> {
  private readonly slots: Slot<Service>[] = [];
  private readonly waiting: ((slot: Slot<Service>) => void)[] = [];
  private closed = false;

  constructor(
    private readonly spawn: Spawn<Service>,
    private readonly options: PoolOptions,
  ) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`pool size must be a positive integer, got ${options.size}`);
    for (let i = 0; i < options.size; i++) {
      const slot = { busy: false } as Slot<Service>;
      slot.handle = this.spawnInto(slot);
      this.slots.push(slot);
    }
  }

  /**
   * Spawns a worker for `slot`. Its exit is watched once here (not per task:
   * a listener per task on the long-lived exit promise would keep every
   * task's result alive until the worker ends).
   */
  private spawnInto(slot: Slot<Service>): Promise<WorkerHandle<Service>> {
    const handle = this.spawn();
    void handle.then(
      (h) => h.exited.then((reason) => slot.onLost?.(reason)),
      () => undefined,
    );
    return handle;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Runs `task` on the next free worker. */
  async run<T>(task: (api: Remote<Service>) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      const handle = await slot.handle;
      return await this.runOn(slot, handle, task);
    } finally {
      this.release(slot);
    }
  }

  private async runOn<T>(slot: Slot<Service>, handle: WorkerHandle<Service>, task: (api: Remote<Service>) => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lost = new Promise<never>((_, reject) => {
      slot.onLost = (reason) => reject(new WorkerLost(`worker exited: ${reason}`));
      if (this.options.taskTimeoutMs !== undefined) {
        const ms = this.options.taskTimeoutMs;
        timer = setTimeout(() => reject(new WorkerLost(`task exceeded its time limit of ${ms} ms`)), ms);
      }
    });
    try {
      return await Promise.race([task(handle.api), lost]);
    } catch (error) {
      if (error instanceof WorkerLost && !this.closed) {
        slot.onLost = undefined;
        await handle.terminate();
        slot.handle = this.spawnInto(slot);
      }
      throw error;
    } finally {
      slot.onLost = undefined;
      clearTimeout(timer);
    }
  }

  private acquire(): Promise<Slot<Service>> {
    if (this.closed) return Promise.reject(new PoolClosed('the worker pool is closed'));
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot<Service>): void {
    const next = this.waiting.shift();
    if (next && !this.closed) next(slot);
    else slot.busy = false;
  }

  /** Stops every worker; running tasks reject with WorkerLost. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.all(this.slots.map(async (s) => (await s.handle.catch(() => undefined))?.terminate()));
  }
}
