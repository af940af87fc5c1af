import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PRIVATE_FILE, PRIVATE_FOLDER, type TextSealer } from './sealed-text';

/**
 * Writes a whole file so that a crash leaves either the old or the new content, never half of it: a temp
 * file beside it (same file system), then a rename over it. The folder must exist. The file is its owner's
 * only (0600), whatever the process's umask.
 */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, content, { mode: PRIVATE_FILE });
  await chmod(temp, PRIVATE_FILE);
  await rename(temp, path);
}

/** Makes a folder (and its parents) its owner's only (0700). */
export async function makePrivateFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_FOLDER });
}

/**
 * A JSON document on disk, sealed (TextSealer), changed one mutation at a time and written atomically (temp
 * file + rename), so a crash leaves either the old or the new document, never half of one. Enough for the
 * embedded default's volumes; production points the ports at real systems instead.
 */
export class JsonFileStore<T> {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly empty: () => T,
    private readonly sealer: TextSealer,
    private readonly purpose: string,
  ) {}

  async read(): Promise<T> {
    let stored: string;
    try {
      stored = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.empty();
      throw error;
    }
    return JSON.parse(this.sealer.open(stored.trim(), this.purpose)) as T;
  }

  /** Applies `change` to the current document and saves it; changes never interleave. */
  update<R>(change: (doc: T) => R): Promise<R> {
    const run = this.queue.then(async () => {
      const doc = await this.read();
      const result = change(doc);
      await makePrivateFolder(dirname(this.path));
      await writeFileAtomically(this.path, `${this.sealer.seal(JSON.stringify(doc), this.purpose)}\n`);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
