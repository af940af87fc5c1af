import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

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

/**
 * One line per notification. A line is appended with one write, so a crash leaves whole lines; the keys
 * already in the file are read once and kept, and sends are queued, so a key is never appended twice by
 * this process. (The embedded outbox has one writer, the worker of `npm start`; production's gateway
 * dedupes across workers.)
 */
export class OutboxFileNotifier implements Notifier {
  private sent: Promise<Set<string>> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  send(notification: Notification): Promise<void> {
    const run = this.queue.then(async () => {
      const sent = await this.keys();
      if (sent.has(notification.key)) return;
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, `${JSON.stringify(notification)}\n`);
      sent.add(notification.key);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private keys(): Promise<Set<string>> {
    this.sent ??= readFile(this.path, 'utf8').then(
      (text) =>
        new Set(
          text
            .split('\n')
            .filter(Boolean)
            .flatMap((line) => {
              try {
                const key = (JSON.parse(line) as Partial<Notification>).key;
                return key ? [key] : [];
              } catch {
                return [];
              }
            }),
        ),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return new Set<string>();
        throw error;
      },
    );
    return this.sent;
  }
}
