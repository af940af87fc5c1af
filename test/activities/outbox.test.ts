import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Notification, OutboxFileNotifier, readOutbox } from '../../activities/notifier';
import { testSealer } from '../support/keys';
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
    const outbox = new OutboxFileNotifier(path, testSealer);
    await Promise.all([
      outbox.send(notification('a')),
      outbox.send(notification('a')),
      outbox.send(notification('b')),
    ]);
    expect(lines(path)).toHaveLength(2);

    // A new process (a worker restarted after kill -9) reads the keys already sent.
    const restarted = new OutboxFileNotifier(path, testSealer);
    await restarted.send(notification('a'));
    await restarted.send(notification('c'));
    expect(readOutbox(path, testSealer).map((n) => n.key)).toEqual(['a', 'b', 'c']);
    // Each line is sealed: the outbox names cadres, and stays unreadable on disk.
    expect(lines(path).every((line) => line.startsWith('cadre-sealed:v1:outbox:'))).toBe(true);
    expect(readFileSync(path, 'utf8')).not.toContain('review opened');
  });

  it('reads an outbox written before sealing existed, and keeps its keys', async () => {
    const path = join(freshDataDir(), 'notifications.jsonl');
    writeFileSync(path, `${JSON.stringify(notification('old'))}\n`);
    const outbox = new OutboxFileNotifier(path, testSealer);
    await outbox.send(notification('old'));
    await outbox.send(notification('new'));
    expect(readOutbox(path, testSealer).map((n) => n.key)).toEqual(['old', 'new']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
