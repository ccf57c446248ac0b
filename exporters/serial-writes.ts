/**
 * The call discipline shared by the dataset writers: writes run one after
 * another; a record refused before anything was written leaves the writer
 * usable, any other failure part-way through a write leaves it broken
 * (only abort() remains).
 */
import type { DatasetWriteError } from './dataset-writer';

export type WriterState = 'open' | 'finalized' | 'aborted' | 'broken';

/** A record refused before anything was written: the writer stays usable. */
export class RefusedRecord extends Error {
  constructor(readonly reason: DatasetWriteError) {
    super(reason.message);
  }
}

export class SerialWrites {
  state: WriterState = 'open';
  private queue: Promise<unknown> = Promise.resolve();

  /** `writer` names the writer in errors ("LeRobot", "COCO"). */
  constructor(private readonly writer: string) {}

  /** Runs `step` after every earlier call; a RefusedRecord rejects with its reason and keeps the writer open. */
  run(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.state !== 'open') throw new Error(`the ${this.writer} writer is ${this.state}`);
      try {
        await step();
      } catch (error) {
        if (!(error instanceof RefusedRecord)) this.state = 'broken';
        throw error instanceof RefusedRecord ? error.reason : error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued call has finished, whatever its outcome. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}
