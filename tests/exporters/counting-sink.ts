/** A memory sink that counts what each streamed file has received so far (tests of streaming writers). */
import { MemorySink, type FileWriter } from '../../exporters/sink';

export class CountingSink extends MemorySink {
  /** Per path: bytes (or characters, for string chunks) written through `openWriter` so far. */
  readonly streamed = new Map<string, number>();

  override async openWriter(path: string): Promise<FileWriter> {
    const inner = await super.openWriter(path);
    this.streamed.set(path, 0);
    return {
      write: async (chunk) => {
        this.streamed.set(path, this.streamed.get(path)! + chunk.length);
        await inner.write(chunk);
      },
      commit: () => inner.commit(),
      abort: () => inner.abort(),
    };
  }
}
