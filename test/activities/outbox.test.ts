import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Notification, OutboxFileNotifier } from '../../activities/notifier';
import { freshDataDir } from '../support/temporal';

const notification = (key: string): Notification => ({
  key,
  workflowId: 'district-finance/c-1',
  kind: 'review_opened',
  to: 'operators',
  subject: 'review opened',
  at: '2026-12-01T00:00:00.000Z',
});
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('the notification outbox', () => {
  it('sends one notification per key, also when sends race and after a restart of the process', async () => {
    const path = join(freshDataDir(), 'notifications.jsonl');
    const outbox = new OutboxFileNotifier(path);
    await Promise.all([
      outbox.send(notification('a')),
      outbox.send(notification('a')),
      outbox.send(notification('b')),
    ]);
    expect(lines(path)).toHaveLength(2);

    // A new process (a worker restarted after kill -9) reads the keys already sent.
    const restarted = new OutboxFileNotifier(path);
    await restarted.send(notification('a'));
    await restarted.send(notification('c'));
    expect(lines(path).map((line) => (JSON.parse(line) as Notification).key)).toEqual(['a', 'b', 'c']);
  });
});
