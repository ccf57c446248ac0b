/**
 * Which render worker takes the next episode: the first idle one, or a
 * named one; callers wait in arrival order when none fits.
 */
export class WorkerSlots {
  private readonly idle: boolean[];
  private readonly waiting: { pinned: number | undefined; resolve: (index: number) => void }[] = [];

  constructor(count: number) {
    this.idle = Array.from({ length: count }, () => true);
  }

  /** Resolves with the index of a worker now reserved for the caller (`pinned` when given). */
  acquire(pinned?: number): Promise<number> {
    if (pinned !== undefined && !(Number.isInteger(pinned) && pinned >= 0 && pinned < this.idle.length)) {
      return Promise.reject(new Error(`worker must be an integer in 0..${this.idle.length - 1}, got ${pinned}`));
    }
    const index = pinned ?? this.idle.indexOf(true);
    if (index >= 0 && this.idle[index]) {
      this.idle[index] = false;
      return Promise.resolve(index);
    }
    return new Promise((resolve) => this.waiting.push({ pinned, resolve }));
  }

  /** Hands worker `index` to the first waiting caller that accepts it, or marks it idle. */
  release(index: number): void {
    const next = this.waiting.findIndex((w) => w.pinned === undefined || w.pinned === index);
    if (next < 0) {
      this.idle[index] = true;
      return;
    }
    const [waiter] = this.waiting.splice(next, 1);
    waiter!.resolve(index);
  }
}
