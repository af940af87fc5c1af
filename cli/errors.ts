import { CadreApiError } from '../api/client';
import type { Output } from './output';

/** Exit codes: 0 done, 1 failed (API error, bad input, unreachable API), 2 refused by the case's machine (409). */
export const exitCodes = { ok: 0, failed: 1, refused: 2 } as const;

/** A mistake in how the command was called (bad argument, unreadable file): one line, exit 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Connection failures fetch reports as TypeError("fetch failed") with the socket error as its cause. */
function networkCause(error: unknown): string | undefined {
  if (error instanceof CadreApiError && error.code === 'unreachable')
    return error.networkCause ?? 'network error';
  if (!(error instanceof TypeError) || error.message !== 'fetch failed') return undefined;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? 'network error';
}

const hints: Partial<Record<number, string>> = {
  401: 'Pass a token with --token or CADRE_TOKEN (`npm start` prints the development tokens).',
  403: "A department's token acts on its own department's cases only; use an organization-department token.",
  429: 'Rate-limited: wait a minute and retry, or lower --concurrency.',
  503: 'The API is up but Temporal does not answer: check the Temporal server (npm start output).',
};

/**
 * Turns any failure into the lines an on-call person reads, and the exit code. API errors never print a
 * stack trace; only a genuine bug in the CLI does (with its stack, so it can be reported).
 */
export function reportError(error: unknown, output: Output, api: string): number {
  const cause = networkCause(error);
  if (cause) {
    output.err(`Cannot reach the API at ${api}: is \`npm start\` running? (${cause})`);
    return exitCodes.failed;
  }
  if (error instanceof UsageError) {
    output.err(`Error: ${error.message}`);
    return exitCodes.failed;
  }
  if (error instanceof CadreApiError) {
    output.err(`Error (${error.status} ${error.code}): ${error.message}`);
    // The message usually names the fields already; list only what it leaves out.
    for (const issue of error.body?.issues ?? []) {
      const line = `${issue.path}: ${issue.message}`;
      if (!error.message.includes(line)) output.err(`  ${line}`);
    }
    const hint = hints[error.status];
    if (hint) output.err(hint);
    if (error.body?.requestId) output.err(`(request id ${error.body.requestId})`);
    return exitCodes.failed;
  }
  if (error instanceof SyntaxError) {
    // The client parses every answer as JSON: this is not the cadre API (or a proxy's error page).
    output.err(`The server at ${api} did not answer as the cadre API (${error.message}): is --api right?`);
    return exitCodes.failed;
  }
  output.err(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return exitCodes.failed;
}

/** Runs a command body, mapping any failure to a message and an exit code. */
export async function run(
  output: Output,
  api: string,
  body: () => Promise<number | undefined>,
): Promise<number> {
  try {
    return (await body()) ?? exitCodes.ok;
  } catch (error) {
    return reportError(error, output, api);
  }
}

/** One line for a failure, without printing it (the import's failure table uses it). */
export function describeError(error: unknown, api: string): string {
  if (networkCause(error)) return `cannot reach the API at ${api} (${networkCause(error)})`;
  if (error instanceof CadreApiError) {
    const issues = error.body?.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
    return `${error.status} ${error.code}: ${issues || error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
