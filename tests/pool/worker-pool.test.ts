import { describe, expect, it } from 'vitest';
import { nodeSpawn } from '../../workers/pool/node-spawn';
import { WorkerLost, WorkerPool } from '../../workers/pool/worker-pool';
import type { ArithService } from '../fixtures/arith.node-worker';

const spawn = nodeSpawn<ArithService>(new URL('../fixtures/arith.node-worker.ts', import.meta.url));

describe('WorkerPool over Node worker_threads', () => {
  it('runs tasks on real threads and spreads them over the workers', async () => {
    const pool = new WorkerPool(spawn, { size: 2 });
    try {
      const squares = await Promise.all([1, 2, 3, 4, 5, 6].map((x) => pool.run((api) => api.square(x))));
      expect(squares).toEqual([1, 4, 9, 16, 25, 36]);
      const threads = new Set(await Promise.all([0, 1, 2, 3].map(() => pool.run(async (api) => {
        const id = await api.whoAmI();
        await new Promise((r) => setTimeout(r, 20));
        return id;
      }))));
      expect(threads.size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker that crashes mid-task and rejects that task with WorkerLost', async () => {
    const pool = new WorkerPool(spawn, { size: 1 });
    try {
      const before = await pool.run((api) => api.whoAmI());
      await expect(pool.run((api) => api.crash())).rejects.toBeInstanceOf(WorkerLost);
      const after = await pool.run((api) => api.whoAmI());
      expect(after).not.toBe(before);
      expect(await pool.run((api) => api.square(9))).toBe(81);
    } finally {
      await pool.close();
    }
  });

  it('stops a task that passes its time limit and keeps serving', async () => {
    const pool = new WorkerPool(spawn, { size: 1, taskTimeoutMs: 1500 });
    try {
      expect(await pool.run((api) => api.square(2))).toBe(4); // the worker has booted; the limit now times only the task
      await expect(pool.run((api) => api.hang())).rejects.toThrow(/time limit of 1500 ms/);
      expect(await pool.run((api) => api.square(3))).toBe(9);
    } finally {
      await pool.close();
    }
  });

  it('passes a thrown error through without replacing the worker', async () => {
    const pool = new WorkerPool(spawn, { size: 1 });
    try {
      const before = await pool.run((api) => api.whoAmI());
      await expect(pool.run((api) => api.fail('bad input 42'))).rejects.toThrow('bad input 42');
      expect(await pool.run((api) => api.whoAmI())).toBe(before);
    } finally {
      await pool.close();
    }
  });

  it('queues tasks beyond the pool size (back-pressure) and refuses work after close', async () => {
    const pool = new WorkerPool(spawn, { size: 2 });
    const results = await Promise.all([...Array(20).keys()].map((x) => pool.run((api) => api.square(x))));
    expect(results[19]).toBe(361);
    await pool.close();
    await expect(pool.run((api) => api.square(1))).rejects.toThrow(/closed/);
  });
});
