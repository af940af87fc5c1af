/**
 * Where a command writes. Commands never touch process.stdout directly, so tests can run them in-process
 * and read what they printed. stdout carries the result (a table, a document, JSON); stderr carries
 * progress and diagnostics, so `--json > file` stays clean.
 */
export interface Output {
  /** One line (or several) of the result, on stdout. */
  out(text: string): void;
  /** Diagnostics and progress, on stderr. */
  err(text: string): void;
  /** Whether a person is watching (a progress bar is drawn only then). */
  readonly isTTY: boolean;
  /** The terminal stream a progress bar draws on, when isTTY. */
  readonly progressStream?: NodeJS.WritableStream;
}

export function processOutput(): Output {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    isTTY: Boolean(process.stderr.isTTY),
    progressStream: process.stderr,
  };
}

/** An output that keeps what was written, for tests and for callers embedding a command. */
export interface CapturedOutput extends Output {
  readonly stdout: string[];
  readonly stderr: string[];
  /** Everything written to stdout, joined. */
  text(): string;
  /** Everything written to stderr, joined. */
  errors(): string;
}

export function captureOutput(): CapturedOutput {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    isTTY: false,
    text: () => stdout.join('\n'),
    errors: () => stderr.join('\n'),
  };
}
