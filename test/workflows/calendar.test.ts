import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../domain/case-view';
import { builtInCalendar, coveredYears } from '../../machines/calendar';
import { getCaseQuery, IllegalTransition } from '../../workflows/messages';
import { TEST_SCHEDULE_2027 } from '../support/calendar-fixtures';
import {
  filePorts,
  inspectAndVote,
  notified,
  promotionDriver,
  recordOf,
  send,
  settled,
  withPromotionCase,
} from '../support/promotion-driver';
import { dept, e, org } from '../support/promotion-fixtures';
import { timeSkippingEnvironment } from '../support/temporal';

/**
 * A publicity window that runs into a year whose State Council holiday notice the built-in calendar lacks
 * (2027, as chinese-days ships it): from 12-25 a date needs the next year's notice too (元旦 may move late
 * December days). The window is provisional and flagged; when operators load the year, the case recomputes
 * its deadline and the running timer fires at the corrected instant.
 *
 * The server's clock starts on Mon 2026-12-21, 09:00 China time (libfaketime). The 2027 schedule loaded
 * here is TEST DATA (TEST_SCHEDULE_2027: 01-01 … 01-03 off, source 'test fixture'), not the State
 * Council's notice.
 */

let env: TestWorkflowEnvironment | undefined;
beforeAll(async () => {
  env = await timeSkippingEnvironment('2026-12-21T01:00:00Z');
});
afterAll(async () => {
  await env?.teardown();
});

const { sleepUntil, toInspectionNotice, throughInspectionNotice } = promotionDriver(() => env);
const at = (iso: string) => Date.parse(iso);

/** Search attributes as describe() shows them (the time-skipping server keeps custom ones). */
async function searchAttributes(handle: { describe(): Promise<{ searchAttributes: unknown }> }) {
  return (await handle.describe()).searchAttributes as Record<string, unknown[]>;
}

/** The case stays in `state` for a while: a timer that should not fire has had its chance. */
async function stays(handle: { query: (q: typeof getCaseQuery) => Promise<CaseView> }, state: string) {
  for (let i = 0; i < 10; i++) {
    expect((await handle.query(getCaseQuery)).state).toBe(state);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('publicity over a year the calendar lacks', () => {
  it('the built-in calendar has no 2027 notice (the premise of this file)', () => {
    expect(coveredYears(builtInCalendar)).not.toContain(2027);
    expect(coveredYears(builtInCalendar)).toContain(2026);
  });

  it('a window into 2027 is provisional and flagged; loading 2027 (test data) moves the running timer to the corrected instant', async () => {
    const current = env as TestWorkflowEnvironment;
    const p = filePorts();
    await withPromotionCase(current, p, async (handle) => {
      const notice = await toInspectionNotice(handle);
      // Published Mon 12-21: three full days after it, to the end of Thu 12-24 (all covered by 2026).
      expect(notice.deadlines[0]).toMatchObject({
        timer: 'inspectionNotice',
        at: '2026-12-24T16:00:00.000Z',
      });
      await throughInspectionNotice(handle);
      expect((await inspectAndVote(handle)).state).toBe('publicity.pending');

      // Published Mon 12-28, 10:00 China time. On the built-in calendar: 12-28 (1), 12-29 (2), 12-30 (3),
      // 12-31 (4) — days the 2027 notice may still rearrange — then 元旦, a statutory holiday even without
      // the 2027 notice (second rules edition), and the weekend: Mon 2027-01-04 (5), provisionally.
      await sleepUntil('2026-12-28T02:30:00Z');
      const open = await send(handle, { ...e.publicity, publishedAt: '2026-12-28T02:00:00.000Z' });
      expect(open.state).toBe('publicity.open');
      expect(open.deadlines).toEqual([
        expect.objectContaining({ timer: 'publicityWindow', at: '2027-01-04T16:00:00.000Z' }),
      ]);
      expect(open.context.publicity).toMatchObject({
        opensOn: '2026-12-28',
        lastWorkingDay: '2027-01-04',
        provisional: true,
        uncoveredYears: [2027],
      });
      // Operators are told, and can find such cases by the search attribute.
      await settled(handle, (view) => notified(view, 'publicity_deadline_provisional'));
      expect(p.notifications()).toContainEqual(
        expect.objectContaining({ kind: 'publicity_deadline_provisional', to: 'operators' }),
      );
      const flagged = await searchAttributes(handle);
      expect(flagged.CaseDeadlineProvisional).toEqual([true]);
      expect(flagged.CaseNextDeadline).toEqual([new Date('2027-01-04T16:00:00.000Z')]);

      const scheduleWith0104Off = {
        ...TEST_SCHEDULE_2027,
        holidays: [...TEST_SCHEDULE_2027.holidays, '2027-01-04'].sort(),
      };
      // Calendar data is the organization department's (or the system's); a department's is refused.
      const before = await handle.query(getCaseQuery);
      const refused = await send(handle, {
        type: 'CALENDAR_UPDATED',
        actor: dept,
        schedules: [TEST_SCHEDULE_2027],
      }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe(
        IllegalTransition,
      );
      expect(await handle.query(getCaseQuery)).toEqual(before);

      // TEST DATA for 2027 (not the official notice): 01-01 … 01-04 off, so the fifth working day is
      // Tue 2027-01-05 and the running timer moves.
      const updated = await send(handle, {
        type: 'CALENDAR_UPDATED',
        actor: org,
        schedules: [scheduleWith0104Off],
      });
      expect(updated.state).toBe('publicity.open');
      expect(updated.deadlines).toEqual([
        expect.objectContaining({ timer: 'publicityWindow', at: '2027-01-05T16:00:00.000Z' }),
      ]);
      expect(updated.context.publicity).toMatchObject({
        opensOn: '2026-12-28',
        publishedAt: '2026-12-28T02:00:00.000Z',
        lastWorkingDay: '2027-01-05',
        workingDaysCounted: ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-05'],
        provisional: false,
        uncoveredYears: [],
      });
      expect(updated.context.calendarSchedules).toEqual([scheduleWith0104Off]);
      await settled(handle, (view) => notified(view, 'publicity_deadline_recomputed'));
      const corrected = await searchAttributes(handle);
      expect(corrected.CaseDeadlineProvisional).toEqual([false]);
      expect(corrected.CaseNextDeadline).toEqual([new Date('2027-01-05T16:00:00.000Z')]);

      // The old instant passes: the window stays open (the old timer is gone).
      await sleepUntil('2027-01-04T15:59:00Z');
      await stays(handle, 'publicity.open');
      await sleepUntil('2027-01-04T16:01:00Z');
      await stays(handle, 'publicity.open');
      expect(recordOf(await handle.query(getCaseQuery), 'PUBLICITY_CLOSED')).toBeUndefined();

      // The corrected instant: the window closes then, by its own timer.
      await sleepUntil('2027-01-05T15:59:00Z');
      await stays(handle, 'publicity.open');
      await sleepUntil('2027-01-05T16:01:00Z');
      const closed = await settled(handle, (view) => view.state === 'awaitingAppointment');
      const fired = recordOf(closed, 'PUBLICITY_CLOSED');
      expect(fired?.actor.role).toBe('system');
      expect(at(fired?.at ?? '')).toBeGreaterThanOrEqual(at('2027-01-05T16:00:00Z'));
      expect(at(fired?.at ?? '')).toBeLessThan(at('2027-01-05T16:01:00Z'));
      expect(closed.context.publicity).toMatchObject({ closedAt: fired?.at, provisional: false });
    });
  });
});
