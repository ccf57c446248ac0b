/** Which render worker takes an episode (renderer/headless/slots.ts). */
import { describe, expect, it } from 'vitest';
import { WorkerSlots } from '../../renderer/headless/slots';

describe('worker slots', () => {
  it('gives the first idle worker, queues callers in order, and honours a named worker', async () => {
    const slots = new WorkerSlots(2);
    expect(await slots.acquire()).toBe(0);
    expect(await slots.acquire()).toBe(1);
    const order: string[] = [];
    const pinned0 = slots.acquire(0).then((i) => order.push(`pinned0->${i}`));
    const any = slots.acquire().then((i) => order.push(`any->${i}`));
    slots.release(1); // the pinned caller waits for 0; the next free caller takes 1
    await any;
    expect(order).toEqual(['any->1']);
    slots.release(0);
    await pinned0;
    expect(order).toEqual(['any->1', 'pinned0->0']);
    slots.release(0);
    slots.release(1);
    expect(await slots.acquire(1)).toBe(1);
    await expect(slots.acquire(2)).rejects.toThrow(/worker must be an integer in 0..1, got 2/);
  });
});
