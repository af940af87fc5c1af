import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../domain/case-view';
import { addDays, chinaDateOf, endOfChinaDay } from '../../domain/dates';
import type { DemotionStart } from '../../domain/tracks/demotion';
import { demotionCase } from '../../workflows/index';
import { getCaseQuery } from '../../workflows/messages';
import {
  closedAndArchived,
  type FilePorts,
  filePorts,
  notified,
  send,
  sendNamed,
  settled,
  withCase,
} from '../support/case-driver';
import { timeSkippingEnvironment } from '../support/temporal';
import { demotion, demotionPosts, demotionStart } from '../support/track-fixtures';

/**
 * 复核 and 申诉 after a 降职 (rules edition 4) on the time-skipping server: the case stays open on a durable
 * timer for the 30 days of 《公务员法》(2018) art. 95, the organs' decision deadlines of art. 96 warn the
 * office in charge when they pass, and an upheld 申诉 reverses the change in the personnel registry once.
 * The server's clock starts on Tuesday 2026-03-10, 10:00 China time, and moves on with each test's skips:
 * every date is read from it.
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnvironment('2026-03-10T02:00:00Z');
});
afterAll(async () => {
  await env?.teardown();
});

type Handle = WorkflowHandle<typeof demotionCase>;
const DAY = 24 * 60 * 60 * 1000;

function withDemotion(body: (handle: Handle, p: FilePorts, input: DemotionStart) => Promise<void>) {
  const p = filePorts();
  const input = demotionStart({});
  return withCase(env, p, demotionCase, input, (handle) => body(handle, p, input));
}

/** Voted through today: the 降职 is in effect, its change applied, and the 30 days run. */
async function demoted(handle: Handle): Promise<{ view: CaseView; decidedOn: string }> {
  await send(
    handle,
    demotion.verified,
    demotion.talk(),
    demotion.propose('demotion', { newPost: demotionPosts.lower }),
    demotion.passes,
  );
  const view = await settled(handle, (v) => notified(v, 'recourse_open'));
  return { view, decidedOn: chinaDateOf(view.context.decidedAt as string) };
}

/** Moves the server's clock to `instant` (plus `ms`), never back. */
async function sleepUntil(instant: string, ms = 0) {
  const wait = Date.parse(instant) + ms - (await env.currentTimeMs());
  if (wait > 0) await env.sleep(wait);
}

const state = async (handle: Handle) => (await handle.query(getCaseQuery)).state;

describe('复核 and 申诉 on a durable timer (rules edition 4)', () => {
  it('the case stays open through day 30; when the period passes unused it closes with the 降职 in force', async () => {
    await withDemotion(async (handle, p, input) => {
      const { view, decidedOn } = await demoted(handle);
      expect(view).toMatchObject({ state: 'openToReview', status: 'open' });
      // Settled only as the case closes: until then the API reads it as open.
      expect(view.outcome).toBeUndefined();
      expect(view.context.rulesEdition).toBe(4);
      const closesAt = endOfChinaDay(addDays(decidedOn, 30));
      expect(view.deadlines).toEqual([
        {
          timer: 'recoursePeriod',
          event: 'RECOURSE_PERIOD_ENDED',
          at: closesAt,
          label: { zh: '申请复核、提出申诉期满', en: 'The period to apply for 复核 or 申诉 ends' },
        },
      ]);
      expect(view.legalEvents.sort()).toEqual(['APPEAL_FILED', 'REVIEW_REQUESTED']);
      // The change is in the registry at once: 复核 and 申诉 do not suspend it.
      expect((await p.registry.current(input.cadre.id))?.post).toEqual(demotionPosts.lower);

      await sleepUntil(closesAt, -60_000); // 23:59 on day 30
      expect(await state(handle)).toBe('openToReview');
      await sleepUntil(closesAt, 60_000);
      const closed = await closedAndArchived(handle);
      expect(closed).toMatchObject({ state: 'recourseEnded', outcome: 'demotion' });
      const ended = closed.record.find((r) => r.type === 'RECOURSE_PERIOD_ENDED');
      expect(ended?.actor.role).toBe('system');
      // Fired by the timer as day 31 began, China time, not before.
      expect(Date.parse(ended?.at as string)).toBeGreaterThanOrEqual(Date.parse(closesAt));
      expect(chinaDateOf(ended?.at as string)).toBe(addDays(decidedOn, 31));
      expect((await p.registry.current(input.cadre.id))?.post).toEqual(demotionPosts.lower);
      expect((await p.registry.measures(input.cadre.id))[0]?.lifted).toBeUndefined();
      expect(p.notifications().at(-1)).toMatchObject({
        kind: 'recourse_period_ended',
        subject: expect.stringContaining('【复核、申诉期满，处理决定不再变更】'),
      });
    });
  });

  it('a 复核 left undecided past 30 days warns the organization department; revoked, the 降职 is reversed once', async () => {
    await withDemotion(async (handle, p, input) => {
      await demoted(handle);
      const requested = await sendNamed(handle, demotion.reviewRequested);
      expect(requested.state).toBe('reviewPending');
      const due = requested.deadlines[0];
      expect(due).toMatchObject({ timer: 'reviewDecision', event: 'REVIEW_DECISION_OVERDUE' });
      const requestedOn = chinaDateOf(await env.currentTimeMs());
      expect(due?.at).toBe(endOfChinaDay(addDays(requestedOn, 30)));

      await sleepUntil(due?.at as string, -60_000);
      expect(p.notifications().map((n) => n.kind)).not.toContain('review_decision_overdue');
      await sleepUntil(due?.at as string, 60_000);
      const warned = await settled(handle, (v) => notified(v, 'review_decision_overdue'));
      expect(warned.state).toBe('reviewPending');
      expect(warned.deadlines).toEqual([]);
      expect(p.notifications().at(-1)).toMatchObject({
        kind: 'review_decision_overdue',
        to: 'organization_department',
        addressee: '组织部干部监督科',
        subject: `【复核决定逾期未作出】降职、免职案件 ${input.department}/${input.caseId}`,
      });
      // Still in force while the 复核 is pending.
      expect((await p.registry.current(input.cadre.id))?.post).toEqual(demotionPosts.lower);

      const reversed = await sendNamed(handle, demotion.reviewDecided('revoked'));
      expect(reversed).toMatchObject({ state: 'reversed', outcome: 'reversed', status: 'closed' });
      const closed = await closedAndArchived(handle);
      expect(closed.record.filter((r) => r.type === 'reversePersonnelChange')).toHaveLength(1);
      expect((await p.registry.history(input.cadre.id)).map((a) => [a.post, a.status])).toEqual([
        [demotionPosts.lower, 'confirmed'],
        [demotionPosts.current, 'restored'],
      ]);
      const [measure] = await p.registry.measures(input.cadre.id);
      expect(measure?.lifted?.on).toBe(chinaDateOf(await env.currentTimeMs()));
      expect(closed.context.influence).toMatchObject({ liftedOn: measure?.lifted?.on });
      expect(p.notifications().at(-1)).toMatchObject({ kind: 'reversed', to: 'department' });
    });
  });

  it('a direct 申诉 extended by 30 days warns at day 90, not at day 60; maintained, the 降职 stands', async () => {
    await withDemotion(async (handle, p, input) => {
      await demoted(handle);
      const appealed = await sendNamed(handle, demotion.appealFiled);
      expect(appealed.state).toBe('appealPending');
      const filedOn = chinaDateOf(await env.currentTimeMs());
      expect(appealed.deadlines[0]?.at).toBe(endOfChinaDay(addDays(filedOn, 60)));

      await env.sleep(59 * DAY);
      const extended = await sendNamed(handle, demotion.appealExtended(30));
      expect(extended.deadlines[0]?.at).toBe(endOfChinaDay(addDays(filedOn, 90)));
      await sleepUntil(endOfChinaDay(addDays(filedOn, 60)), DAY);
      expect(p.notifications().map((n) => n.kind)).not.toContain('appeal_decision_overdue');
      await sleepUntil(endOfChinaDay(addDays(filedOn, 90)), 60_000);
      await settled(handle, (v) => notified(v, 'appeal_decision_overdue'));
      expect(p.notifications().at(-1)).toMatchObject({
        kind: 'appeal_decision_overdue',
        to: 'organization_department',
      });

      const maintained = await sendNamed(handle, demotion.appealDecided('maintained'));
      expect(maintained).toMatchObject({ state: 'maintainedOnAppeal', outcome: 'demotion' });
      await closedAndArchived(handle);
      expect((await p.registry.current(input.cadre.id))?.post).toEqual(demotionPosts.lower);
    });
  });

  it('after a 复核 maintained, the 15 days to 申诉 pass unused and the case closes', async () => {
    await withDemotion(async (handle) => {
      await demoted(handle);
      await sendNamed(handle, demotion.reviewRequested);
      await env.sleep(5 * DAY);
      const maintained = await sendNamed(handle, demotion.reviewDecided('maintained'));
      expect(maintained.state).toBe('maintainedOnReview');
      const decidedOn = chinaDateOf(await env.currentTimeMs());
      expect(maintained.deadlines[0]).toMatchObject({
        timer: 'recoursePeriod',
        at: endOfChinaDay(addDays(decidedOn, 15)),
        label: { zh: '复核后提出申诉期满' },
      });
      expect(maintained.legalEvents).toEqual(['APPEAL_FILED']);
      await sleepUntil(maintained.deadlines[0]?.at as string, 60_000);
      expect(await closedAndArchived(handle)).toMatchObject({ state: 'recourseEnded', outcome: 'demotion' });
    });
  });
});
