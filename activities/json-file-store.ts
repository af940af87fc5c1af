import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a whole file so that a crash leaves either the old or the new content, never half of it: a temp
 * file beside it (same file system), then a rename over it. The folder must exist.
 */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, path);
}

/**
 * A JSON document on disk, changed one mutation at a time and written atomically (temp file + rename),
 * so a crash leaves either the old or the new document, never half of one. Enough for the embedded
 * default's volumes; production points the ports at real systems instead.
 */
export class JsonFileStore<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly empty: () => T,
  ) {}

  async read(): Promise<T> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.empty();
      throw error;
    }
  }

  /** Applies `change` to the current document and saves it; changes never interleave. */
  update<R>(change: (doc: T) => R): Promise<R> {
    const run = this.queue.then(async () => {
      const doc = await this.read();
      const result = change(doc);
      await mkdir(dirname(this.path), { recursive: true });
      await writeFileAtomically(this.path, JSON.stringify(doc, null, 2));
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
