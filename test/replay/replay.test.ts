import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { Keyring, readKeyFile } from '../../security/keyring';
import { PATCHES } from '../../workflows/case-workflow';
import { replayOptions } from '../support/temporal';
import { historyScenarios } from './scenarios';

/**
 * Histories recorded from real runs (scripts/record-histories.ts) must replay on today's code with no
 * non-determinism: a year-long case started on an older version keeps running after a release.
 */
const dir = join(__dirname, '../fixtures/histories');
/** A committed history, as `temporal workflow show --output json` writes it. */
const readHistory = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
/** An event of a committed history, by its attributes' names (the fields the task tests read). */
type HistoryEvent = Record<string, { markerName?: string; activityType?: { name: string } } | undefined>;
/** The committed test-only key that sealed the histories recorded since payload encryption. */
const fixtureKeyring = Keyring.fromFile(readKeyFile(join(__dirname, '../fixtures/history-codec-keys.json')));
const replayWithKeys = () => replayOptions(fixtureKeyring);
/** Whether a history's workflow input is sealed (binary/encrypted) or plaintext (from before encryption). */
const sealedInput = (file: string): boolean => {
  const history = readHistory(file);
  const encoding =
    history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0].metadata.encoding;
  return Buffer.from(encoding, 'base64').toString() === 'binary/encrypted';
};
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort();

/** The patch ids a history's markers record. */
function patchesIn(history: {
  events: {
    markerRecordedEventAttributes?: {
      markerName: string;
      details: Record<string, { payloads: { data: string }[] }>;
    };
  }[];
}): string[] {
  return history.events.flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') return [];
    return Object.values(marker.details).flatMap((detail) =>
      detail.payloads.map(
        (payload) => (JSON.parse(Buffer.from(payload.data, 'base64').toString()) as { id: string }).id,
      ),
    );
  });
}

/** Bytes of every Payload's data and metadata in a history as committed (what `npm run bench` counts). */
function payloadBytes(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + payloadBytes(v), 0);
  if (!value || typeof value !== 'object') return 0;
  const record = value as Record<string, unknown>;
  if (typeof record.data === 'string' && record.metadata && typeof record.metadata === 'object') {
    const bytes = (b64: unknown) => Buffer.from(String(b64), 'base64').length;
    return (
      bytes(record.data) +
      Object.entries(record.metadata).reduce((sum, [key, meta]) => sum + key.length + bytes(meta), 0)
    );
  }
  return Object.values(record).reduce((sum: number, v) => sum + payloadBytes(v), 0);
}

describe('replaying committed histories', () => {
  it('a complete promotion on its longest path carries at most 64 KiB of payload (issue 18)', () => {
    // Its record and view are in history once each way, not again in the archive's input and the result.
    const file = 'promotion-appointed-on-probation-release.json';
    const history = readHistory(file);
    expect(patchesIn(history)).toEqual([PATCHES.releaseOf202612]);
    expect(payloadBytes(history)).toBeLessThanOrEqual(64 * 1024);
    // The same path recorded before: the whole view in the archive's input and in the result, and every
    // search attribute in every upsert.
    const before = readHistory('promotion-appointed-on-probation-edition-2.json');
    expect(payloadBytes(before)).toBeGreaterThan(64 * 1024);
  });

  it("local-effects: the start's and a timer's transition and their effects are one workflow task; a caller's event keeps remote activities (issue 18)", () => {
    const events = (file: string): HistoryEvent[] => readHistory(file).events;
    /** The history cut into what each workflow task was handed and what it did, in order. */
    const tasks = (file: string) => {
      const cut: { woke: string[]; did: string[] }[] = [];
      let woke: string[] = [];
      let current: { woke: string[]; did: string[] } | undefined;
      for (const e of events(file)) {
        if (e.workflowTaskCompletedEventAttributes) {
          current = { woke, did: [] };
          cut.push(current);
          woke = [];
        } else if (e.timerFiredEventAttributes) woke.push('timer');
        else if (e.workflowExecutionUpdateAcceptedEventAttributes && current) current.did.push('update');
        else if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
          current?.did.push('local');
        else if (e.activityTaskScheduledEventAttributes)
          current?.did.push(`remote:${e.activityTaskScheduledEventAttributes.activityType?.name}`);
      }
      return cut;
    };

    const probation = 'probation-returned-after-review-local-effects.json';
    expect(patchesIn(readHistory(probation))).toContain(PATCHES.localEffects);
    const probationTasks = tasks(probation);
    const [start] = probationTasks;
    const expiry = probationTasks.find((t) => t.woke.includes('timer'));
    const review = probationTasks.find((t) => t.did.includes('update'));
    // The start: its effect (the trial post) is local, in the start's own task.
    expect(start?.did).toContain('local');
    expect(start?.did.some((d) => d.startsWith('remote:'))).toBe(false);
    // The year's end: the review opens and its notice goes out in the same task, as a local activity.
    expect(expiry).toMatchObject({ woke: ['timer'] });
    expect(expiry?.did).toContain('local');
    expect(expiry?.did.some((d) => d.startsWith('remote:'))).toBe(false);
    // The failed review, an Update: its answer is not held by its effects, which are remote.
    expect(review?.did).toEqual(expect.arrayContaining(['update', 'remote:restorePreProbationPost']));
    // The same path before the patch: the expiry's notice was a remote activity and a task of its own.
    const before = tasks('probation-returned-after-review.json');
    expect(before.length).toBeGreaterThan(tasks(probation).length);

    const promotion = 'promotion-appointed-on-probation-local-effects.json';
    const promotionTasks = tasks(promotion);
    // The window's calendar fetch (local) and the timers' transitions.
    expect(promotionTasks.some((t) => t.did.includes('local'))).toBe(true);
    for (const task of promotionTasks.filter((t) => t.woke.includes('timer') && !t.did.includes('update')))
      expect(task.did.some((d) => d.startsWith('remote:') && d !== 'remote:archiveCaseRecord')).toBe(false);
  });

  it('release-2026-12: a case started since records one patch marker, and every change before it is in force (issue 18)', () => {
    const read = (file: string) => readHistory(file) as { events: HistoryEvent[] };
    const count = (file: string, what: (e: HistoryEvent) => unknown) => read(file).events.filter(what).length;
    const upserts = (e: HistoryEvent) => e.upsertWorkflowSearchAttributesEventAttributes;
    const local = (e: HistoryEvent) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity';
    const remote = (name: string) => (e: HistoryEvent) =>
      e.activityTaskScheduledEventAttributes?.activityType?.name === name;
    const before = 'probation-returned-after-review-local-effects.json';
    const after = 'probation-returned-after-review-release.json';
    expect(patchesIn(read(before)).length).toBeGreaterThan(5);
    expect(patchesIn(read(after))).toEqual([PATCHES.releaseOf202612]);
    // Each patch marker came with the SDK's TemporalChangeVersion upsert: gone with the markers.
    expect(count(after, upserts)).toBeLessThan(count(before, upserts) - 5);
    // The same path, the same work: local effects, the failed review's remote one, the archive.
    for (const what of [local, remote('restorePreProbationPost'), remote('archiveCaseRecord')])
      expect(count(after, what)).toBe(count(before, what));
    expect(read(after).events.length).toBeLessThan(read(before).events.length);
  });

  it('has a committed history for every scenario', () => {
    expect(files).toEqual(historyScenarios.map((s) => `${s.name}.json`).sort());
  });

  it('holds histories from before payload encryption (plaintext) and after it (sealed): both replay', () => {
    // Cases started before encryption run on for years: their plaintext payloads must keep opening.
    expect(files.filter((file) => !sealedInput(file)).length).toBeGreaterThan(0);
    expect(files.filter(sealedInput)).toContain('probation-ended-early-sealed.json');
  });

  it('a change under a patch replays histories from before it (archive-record-on-close)', async () => {
    const markers = (file: string) => patchesIn(readHistory(file)).includes(PATCHES.archiveRecordOnClose);
    const before = files.filter((file) => !markers(file));
    const after = files.filter(markers);
    // Recorded before the patch (no archive activity in them) and after it: both kinds must replay.
    expect(before).toContain('probation-ended-early.json');
    expect(after).toContain('probation-ended-early-archived.json');
    // Every file replays in its own test below; here, one of each side of the patch.
    for (const file of ['probation-ended-early.json', 'probation-ended-early-archived.json']) {
      const history = readHistory(file);
      await Worker.runReplayHistory(await replayWithKeys(), history, file);
    }
    // Every committed history in turn: a few seconds each on a busy machine.
  }, 240_000);

  it('histories of both kinds replay: events through sendEvent, and under their own Update names (issue 12)', async () => {
    type Events = {
      events: {
        workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest: { input: { name: string } } };
      }[];
    };
    const updateNames = (file: string) =>
      (readHistory(file) as Events).events.flatMap(
        (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest.input.name ?? [],
      );
    expect(updateNames('rotation-transferred.json')).toEqual([
      'sendEvent',
      'sendEvent',
      'sendEvent',
      'sendEvent',
    ]);
    expect(updateNames('rotation-transferred-named-updates.json')).toEqual([
      'ROTATION_PROPOSED',
      'CONSULTATION_CONCLUDED',
      'VOTE_RECORDED',
      'NOTICE_AND_TALK_HELD',
    ]);
    // A case brought in whose expiry had passed: the timer fired at once, under the dated-steps patch.
    const broughtIn = readHistory('probation-brought-in-confirmed.json');
    expect(patchesIn(broughtIn)).toContain(PATCHES.datedSteps);
    for (const file of ['rotation-transferred.json', 'rotation-transferred-named-updates.json']) {
      const history = readHistory(file);
      await Worker.runReplayHistory(await replayWithKeys(), history, file);
    }
  }, 180_000); // every history in turn: 13 of them since the edition-2 recordings

  it('edition-3 demotions that closed as they took effect replay as they ran (no 复核/申诉 period): rules-edition-4', async () => {
    const patches = (file: string) => patchesIn(readHistory(file));
    const third = ['demotion-demoted-edition-3.json', 'demotion-removed-edition-3.json'];
    for (const file of third) {
      expect(patches(file)).toContain(PATCHES.rulesOfThirdEdition);
      expect(patches(file)).not.toContain(PATCHES.rulesOfFourthEdition);
    }
    expect(patches('demotion-reversed-on-review-edition-4.json')).toContain(PATCHES.rulesOfFourthEdition);
    // Replayed on today's code, an edition-3 case closes at the vote: were it kept open for 复核, the
    // replay would meet a timer its history never started.
    for (const file of [...third, 'demotion-reversed-on-review-edition-4.json']) {
      const history = readHistory(file);
      await Worker.runReplayHistory(await replayWithKeys(), history, file);
    }
  }, 180_000);

  it('a case that went overdue replays with its stage timers (stage-warnings); histories from before it arm none', () => {
    type Events = {
      events: (Parameters<typeof patchesIn>[0]['events'][number] & {
        timerStartedEventAttributes?: unknown;
        timerFiredEventAttributes?: unknown;
      })[];
    };
    const read = (file: string) => readHistory(file) as Events;
    const overdue = read('rotation-overdue-escalated.json');
    expect(patchesIn(overdue)).toContain(PATCHES.stageWarnings);
    // Warned and escalated in its motion: both timers fired; each later stage's was cancelled.
    expect(overdue.events.filter((e) => e.timerFiredEventAttributes)).toHaveLength(2);
    const before = read('rotation-transferred-named-updates.json');
    expect(patchesIn(before)).not.toContain(PATCHES.stageWarnings);
    expect(before.events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(0);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history = readHistory(file);
    const result = await Worker.runReplayHistory(await replayWithKeys(), history, file);
    expect(result).toBeUndefined();
  });
});
