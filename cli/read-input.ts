import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UsageError } from './errors';

/** A JSON file an operator wrote ("-" is stdin), or the reason it cannot be read, in one line. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Checks what the operator gave with the API's own schema before anything is sent; each issue names its
 * field (zod's words, in Chinese when the CLI runs: bin/cli.ts sets the locale).
 */
export function checked<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  throw new UsageError(`${what}: ${issues.join('; ')}`);
}
