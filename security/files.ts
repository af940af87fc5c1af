import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data folder is its owner's only: folders 0700, files 0600. bin/start.ts makes it so at every start
 * (a folder from an earlier version, a file an editor or a restore left readable), and sets the process's
 * umask to 077, so what the service creates afterwards (the dev server's SQLite WAL and shared-memory files
 * included) is born private.
 */
export function makePrivateTree(root: string): void {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if ((stat.mode & 0o777) !== 0o600) {
      chmodSync(path, 0o600);
    }
  };
  walk(root);
}

/** Files and folders under `root` that someone besides the owner may read, write or enter. */
export function looseModes(root: string): string[] {
  const loose: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== wanted) loose.push(`${path} (${(stat.mode & 0o777).toString(8)})`);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(root);
  return loose;
}
