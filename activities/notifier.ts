import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The notification port. Production sends through the office system or SMS gateway; the embedded
 * default appends to an outbox file (JSON lines) that operators and tests can read.
 */
export interface Notification {
  workflowId: string;
  kind: string;
  to: string;
  subject: string;
  at: string;
}

export interface Notifier {
  send(notification: Notification): Promise<void>;
}

export class OutboxFileNotifier implements Notifier {
  constructor(private readonly path: string) {}

  async send(notification: Notification): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(notification)}\n`);
  }
}
