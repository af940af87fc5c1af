import type { z } from 'zod';

/**
 * The one convention of the rules: a rule never throws on bad input, it refuses it.
 * `ok: false` means the INPUT does not add up (negative counts, parts that exceed the total, …);
 * a rule that is applied and fails (a vote without quorum, a nominee who does not qualify) is `ok: true`
 * with that outcome as its value.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function refuse<T = never>(reason: string): Result<T> {
  return { ok: false, reason };
}

/** Validates `input` with `schema`; on failure the reason lists every issue as `path: message`. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  label: string,
): Result<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((issue) => {
    const path = [label, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return `${path}: ${issue.message}`;
  });
  return refuse(issues.join('; '));
}
