import { readFileSync } from 'node:fs';
import { appendFile, chmod, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makePrivateFolder } from './json-file-store';
import { PRIVATE_FILE, type TextSealer } from './sealed-text';

/**
 * The notification port. Production sends through the office system or SMS gateway; the embedded
 * default appends to an outbox file (JSON lines) that operators and tests can read.
 */
export interface Notification {
  /**
   * Idempotency key: one notification per key, however often the activity runs (a retry after a
   * worker's crash sends the same key). Production hands it to the gateway as its dedup id.
   */
  key: string;
  workflowId: string;
  kind: string;
  /** The role or person the machine named (organization_department, candidate:A, …), for filtering. */
  to: string;
  /** Whom it is addressed to, in words: the office by its name, or the person (domain/notification-text.ts). */
  addressee?: string;
  /** The one line it says, in Chinese. */
  subject: string;
  at: string;
}

export interface Notifier {
  /** Sends `notification` unless one with its key was sent already. */
  send(notification: Notification): Promise<void>;
}

/** A notifier that keeps what it sent, in order, and reads it back: for operators' tools and tests. */
export interface Outbox extends Notifier {
  sent(): Promise<Partial<Notification>[]>;
}

/**
 * One line per notification, sealed (the subject and the addressee name the cadre). A line is appended with
 * one write, so a crash leaves whole lines; the keys
 * already in the file are read once and kept, and sends are queued, so a key is never appended twice by
 * this process. (The embedded outbox has one writer, the worker of `npm start`; production's gateway
 * dedupes across workers.)
 */
export class OutboxFileNotifier implements Outbox {
  private sentKeys: Promise<Set<string>> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private madePrivate = false;

  constructor(
    private readonly path: string,
    private readonly sealer: TextSealer,
  ) {}

  send(notification: Notification): Promise<void> {
    const run = this.queue.then(async () => {
      const sent = await this.keys();
      if (sent.has(notification.key)) return;
      await makePrivateFolder(dirname(this.path));
      await appendFile(this.path, `${this.sealer.seal(JSON.stringify(notification), OUTBOX)}\n`, {
        mode: PRIVATE_FILE,
      });
      // An outbox from before modes were kept is made private on this process's first append.
      if (!this.madePrivate) await chmod(this.path, PRIVATE_FILE);
      this.madePrivate = true;
      sent.add(notification.key);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async sent(): Promise<Partial<Notification>[]> {
    await this.queue;
    return readOutbox(this.path, this.sealer);
  }

  private keys(): Promise<Set<string>> {
    this.sentKeys ??= readFile(this.path, 'utf8').then(
      (text) => new Set(outboxLines(text, this.sealer).flatMap((n) => (n.key ? [n.key] : []))),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return new Set<string>();
        throw error;
      },
    );
    return this.sentKeys;
  }
}

export const OUTBOX = 'outbox';

/** The notifications in an outbox's text, opened; a line that is not whole (a crash mid-write) is skipped. */
function outboxLines(text: string, sealer: TextSealer): Partial<Notification>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      let opened: string;
      try {
        opened = sealer.open(line, OUTBOX);
      } catch {
        return [];
      }
      try {
        return [JSON.parse(opened) as Partial<Notification>];
      } catch {
        return [];
      }
    });
}

/** What an outbox file holds, opened: for operators' tools and tests. */
export function readOutbox(path: string, sealer: TextSealer): Partial<Notification>[] {
  try {
    return outboxLines(readFileSync(path, 'utf8'), sealer);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
