import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { workflowIdFor } from '../../domain/case';
import { getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import { passingProbationReview } from '../support/cases';
import {
  appointOn,
  type FilePorts,
  filePorts,
  inspectAndVote,
  type PromotionHandle,
  promotionDriver,
  recordOf,
  send,
  settled,
  withPromotionCase,
} from '../support/promotion-driver';
import { counts, e, evaluate, input, org } from '../support/promotion-fixtures';
import { timeSkippingEnvironment } from '../support/temporal';

/**
 * Promotion cases end to end on the time-skipping server, its clock started on the dates that matter
 * (libfaketime): the publicity window's timer must fire at the end of the right China working day, as
 * the State Council's 2026 holiday notice makes it, not as a weekday count would.
 */
let env: TestWorkflowEnvironment | undefined;
afterEach(async () => {
  await env?.teardown();
  env = undefined;
});

const at = (iso: string) => Date.parse(iso);
const { sleepUntil, toInspectionNotice } = promotionDriver(() => env);

async function begin(startAt: string, body: (handle: PromotionHandle, p: FilePorts) => Promise<void>) {
  env = await timeSkippingEnvironment(startAt);
  const p = filePorts();
  await withPromotionCase(env, p, (handle) => body(handle, p));
}

describe('promotion workflow on the China calendar', () => {
  it('from motion to confirmation: publicity across the 2026 Spring Festival, hand-over to probation, review a year on', async () => {
    // Mon 2026-02-09 09:00 China time.
    await begin('2026-02-09T01:00:00Z', async (handle, p) => {
      const notice = await toInspectionNotice(handle);
      // Three full China days after Mon 02-09: the notice period ends at the end of Thu 02-12.
      expect(notice.state).toBe('inspectionNotice');
      expect(notice.deadlines[0]).toMatchObject({
        timer: 'inspectionNotice',
        at: '2026-02-12T16:00:00.000Z',
      });
      await sleepUntil('2026-02-12T15:59:00Z');
      expect((await handle.query(getCaseQuery)).state).toBe('inspectionNotice');
      await sleepUntil('2026-02-13T01:00:00Z');
      expect((await handle.query(getCaseQuery)).state).toBe('inspection');

      expect((await inspectAndVote(handle)).state).toBe('publicity.pending');
      // Published Fri 2026-02-13 10:00 China time. Working days by the State Council's 2026 notice:
      // Fri 02-13 (1), Sat 02-14 make-up day (2), 02-15…02-23 Spring Festival off, Tue 02-24 (3),
      // Wed 02-25 (4), Thu 02-26 (5): the window closes at the end of Thu 02-26, China time.
      await sleepUntil('2026-02-13T02:30:00Z');
      const open = await send(handle, { ...e.publicity, publishedAt: '2026-02-13T02:00:00.000Z' });
      expect(open.state).toBe('publicity.open');
      expect(open.deadlines[0]).toMatchObject({ timer: 'publicityWindow', at: '2026-02-26T16:00:00.000Z' });

      await sleepUntil('2026-02-26T15:59:00Z');
      expect((await handle.query(getCaseQuery)).state).toBe('publicity.open');
      await sleepUntil('2026-02-26T16:01:00Z');
      const closed = await handle.query(getCaseQuery);
      expect(closed.state).toBe('awaitingAppointment');
      const firedAt = at(recordOf(closed, 'PUBLICITY_CLOSED')?.at ?? '');
      expect(firedAt).toBeGreaterThanOrEqual(at('2026-02-26T16:00:00Z'));
      expect(firedAt).toBeLessThan(at('2026-02-26T16:01:00Z'));

      // The post carries probation: appointment hands over to a probation case of its own.
      await sleepUntil('2026-03-02T02:00:00Z');
      // The notice, then the appointment talk (任职谈话, rules edition 2).
      const appointed = await appointOn(handle, '2026-03-02');
      expect(appointed).toMatchObject({ state: 'appointedOnProbation', status: 'closed' });
      // (Awaiting the result would let the server skip time through the probation year.)
      const result = await settled(handle, (view) => recordOf(view, 'startProbation') !== undefined);
      const handover = recordOf(result, 'startProbation');
      const probationId = handover?.data?.case as string;
      expect(probationId).toBe(`${workflowIdFor(input)}`.replace(input.caseId, `${result.caseId}.probation`));

      const probation = (env as TestWorkflowEnvironment).client.workflow.getHandle(probationId);
      const serving = await probation.query(getCaseQuery);
      expect(serving).toMatchObject({ track: 'probation', state: 'serving' });
      expect(serving.context).toMatchObject({
        startsOn: '2026-03-02',
        endsOn: '2027-03-02',
        cadre: { id: 'A' },
      });
      expect(serving.record[0]?.actor.id).toBe(handle.workflowId);

      // A year on, the review opens by itself; the organization department confirms.
      await sleepUntil('2027-03-01T16:01:00Z');
      expect((await probation.query(getCaseQuery)).state).toBe('review');
      await probation.executeUpdate(sendEventUpdate, {
        args: [{ type: 'REVIEW_PASSED', actor: org, ...passingProbationReview }],
      });
      expect((await probation.result()).outcome).toBe('confirmed');
      expect((await p.registry.current('A'))?.status).toBe('confirmed');
      await probation.terminate().catch(() => undefined);
    });
  });

  it('publicity across National Day 2026 closes at the end of the make-up Saturday, 10-10', async () => {
    // Mon 2026-09-21 09:00 China time.
    await begin('2026-09-21T01:00:00Z', async (handle) => {
      await toInspectionNotice(handle);
      await sleepUntil('2026-09-28T01:00:00Z');
      await inspectAndVote(handle);
      // Published Tue 09-29: Tue 09-29 (1), Wed 09-30 (2), 10-01…10-07 National Day off, Thu 10-08 (3),
      // Fri 10-09 (4), Sat 10-10 make-up day (5): closes at the end of Sat 10-10, China time.
      await sleepUntil('2026-09-29T02:30:00Z');
      const open = await send(handle, { ...e.publicity, publishedAt: '2026-09-29T02:00:00.000Z' });
      expect(open.deadlines[0]).toMatchObject({ timer: 'publicityWindow', at: '2026-10-10T16:00:00.000Z' });
      await sleepUntil('2026-10-10T15:59:00Z');
      expect((await handle.query(getCaseQuery)).state).toBe('publicity.open');
      await sleepUntil('2026-10-10T16:01:00Z');
      expect((await handle.query(getCaseQuery)).state).toBe('awaitingAppointment');
    });
  });

  it('a report during publicity holds the case; verification outlasting the window makes appointment wait', async () => {
    await begin('2026-09-21T01:00:00Z', async (handle) => {
      await toInspectionNotice(handle);
      await sleepUntil('2026-09-28T01:00:00Z');
      await inspectAndVote(handle);
      await sleepUntil('2026-09-29T02:30:00Z');
      await send(handle, { ...e.publicity, publishedAt: '2026-09-29T02:00:00.000Z' });
      const held = await send(handle, e.report('R-1'));
      expect(held.state).toBe('publicity.held');
      expect(held.legalEvents).toEqual(
        expect.arrayContaining(['VERIFICATION_CLEARED', 'VERIFICATION_SUBSTANTIATED']),
      );

      await sleepUntil('2026-10-12T01:00:00Z'); // the window closed on 10-10 while verification went on
      const waiting = await handle.query(getCaseQuery);
      expect(waiting.state).toBe('publicity.closedWhileHeld');
      expect(waiting.legalEvents).not.toContain('APPOINTMENT_ISSUED');

      const cleared = await send(handle, e.cleared('R-1'));
      expect(cleared.state).toBe('awaitingAppointment');
    });
  });

  it('a substantiated report ends the case, not appointed, with the findings on record', async () => {
    await begin('2026-09-21T01:00:00Z', async (handle) => {
      await toInspectionNotice(handle);
      await sleepUntil('2026-09-28T01:00:00Z');
      await inspectAndVote(handle);
      await sleepUntil('2026-09-29T02:30:00Z');
      await send(handle, { ...e.publicity, publishedAt: '2026-09-29T02:00:00.000Z' });
      await send(handle, e.report('R-2'), e.substantiated('R-2'));
      const result = await handle.result();
      expect(result).toMatchObject({ state: 'notAppointed', outcome: 'not_appointed' });
      expect((await handle.query(getCaseQuery)).context.findings).toBe('经核查，反映问题属实');
    });
  });

  it('evaluation: an admonishment talk is scheduled and filed; adjustment of an incumbent opens a demotion case by itself', async () => {
    await begin('2026-09-21T01:00:00Z', async (handle, p) => {
      await toInspectionNotice(handle);
      await sleepUntil('2026-09-28T01:00:00Z');
      await send(handle, evaluate('A', counts.admonishment), evaluate('B', counts.adjustment));
      await sleepUntil('2026-09-28T02:00:00Z'); // effects run

      expect((await p.registry.measures('A')).map((m) => m.measure.kind)).toEqual(['admonishment']);
      expect(p.notifications().map((n) => n.kind)).toContain('admonishment_talk_scheduled');

      const view = await handle.query(getCaseQuery);
      const demotionId = recordOf(view, 'openDemotionCase')?.data?.case as string;
      expect(demotionId).toMatch(/\.demotion-B$/);
      const demotion = await (env as TestWorkflowEnvironment).client.workflow
        .getHandle(demotionId)
        .query(getCaseQuery);
      expect(demotion).toMatchObject({
        track: 'demotion',
        state: 'verification',
        context: { cadre: { id: 'B' }, trigger: { kind: 'evaluation' }, nominatedBy: ['party-group-fin'] },
      });
      await (env as TestWorkflowEnvironment).client.workflow.getHandle(demotionId).terminate();
    });
  });
});
