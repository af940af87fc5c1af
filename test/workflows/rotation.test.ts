import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../domain/dates';
import type { RotationStart } from '../../domain/tracks/rotation';
import { rotationCase } from '../../workflows/index';
import { getCaseQuery, IllegalTransition } from '../../workflows/messages';
import {
  closedAndArchived,
  type FilePorts,
  filePorts,
  recordOf,
  refusal,
  send,
  withCase,
} from '../support/case-driver';
import { historySince } from '../support/history-since';
import { timeSkippingEnvironment } from '../support/temporal';
import {
  committee,
  dept,
  reportingLines,
  rotation,
  rotationPosts,
  rotationStart,
} from '../support/track-fixtures';

/**
 * Rotation cases (交流轮岗) on the time-skipping server, its clock pinned to Tue 2026-03-10, 10:00 China time
 * (libfaketime): the ten-year rule reads "today" from the event's stamp, which the workflow takes from the
 * server's clock. A rotation has no timers, so the clock stays on that date through the file.
 */
const SERVER_DATE = '2026-03-10';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnvironment(`${SERVER_DATE}T02:00:00Z`);
});
afterAll(async () => {
  await env?.teardown();
});

type Handle = WorkflowHandle<typeof rotationCase>;

function withRotation(
  overrides: Partial<RotationStart>,
  body: (handle: Handle, p: FilePorts, input: RotationStart) => Promise<void>,
) {
  const p = filePorts();
  const input = rotationStart({ inPostSince: '2016-03-10', ...overrides });
  return withCase(env, p, rotationCase, input, (handle) => body(handle, p, input));
}

describe('rotation workflow (交流轮岗)', () => {
  it('the server stands on the pinned date', async () => {
    expect(chinaDateOf(await env.currentTimeMs())).toBe(SERVER_DATE);
  });

  it('ten years in the post (满十年): exactly ten years from inPostSince qualifies on the server’s date', async () => {
    await withRotation({ inPostSince: '2016-03-10' }, async (handle) => {
      const proposed = await send(handle, rotation.propose());
      expect(proposed.state).toBe('consultation');
      expect(proposed.context.proposal).toMatchObject({
        rotationReason: 'ten_years_in_post',
        proposedPost: rotationPosts.proposed,
        currentConflicts: [],
      });
      expect(chinaDateOf(recordOf(proposed, 'ROTATION_PROPOSED')?.at ?? '')).toBe(SERVER_DATE);
    });
  });

  it('ten years in the post: a day short is refused, and the case stays in motion', async () => {
    await withRotation({ inPostSince: '2016-03-11' }, async (handle) => {
      const before = await handle.query(getCaseQuery);
      const failure = await refusal(handle, rotation.propose());
      expect(failure.type).toBe(IllegalTransition);
      // A legal event here, refused on its condition (the facts do not bear the reason out).
      expect(failure.details?.[0]).toMatchObject({
        state: 'motion',
        legalEvents: expect.arrayContaining(['ROTATION_PROPOSED']),
      });
      // Issue 10: the refusal says the rule in words (it named the guard id before).
      expect(failure.message).toContain('ten full years in the post');
      expect(await handle.query(getCaseQuery)).toEqual(before);
      // The same move for development (培养锻炼) needs no years: it was the ten-year rule that refused.
      expect((await send(handle, rotation.propose({ rotationReason: 'development' }))).state).toBe(
        'consultation',
      );
    });
  });

  it('proposal, consultation, committee vote, notice and talk: transferred, and the registry shows the new post', async () => {
    await withRotation({}, async (handle, p, input) => {
      expect((await send(handle, rotation.propose())).state).toBe('consultation');
      expect((await send(handle, rotation.consulted)).state).toBe('committeeVote');
      // Only the committee records its vote.
      const byOrg = await refusal(handle, {
        ...rotation.passes,
        actor: { ...committee, role: 'organization_department' },
      });
      expect(byOrg.type).toBe(IllegalTransition);
      const voted = await send(handle, rotation.passes);
      expect(voted.state).toBe('noticeAndTalk');
      expect(voted.context.vote).toMatchObject({ outcome: 'passed', subjectId: input.cadre.id });
      expect(await p.registry.current(input.cadre.id)).toBeUndefined();

      const done = await send(handle, rotation.talk(SERVER_DATE));
      expect(done).toMatchObject({
        state: 'transferred',
        status: 'closed',
        outcome: 'transferred',
        legalEvents: [],
      });

      const closed = await closedAndArchived(handle);
      expect(closed.record.filter((r) => r.kind === 'effect').map((r) => r.type)).toEqual([
        'notify',
        'transferPost',
        'notify',
      ]);
      expect(await p.registry.history(input.cadre.id)).toEqual([
        {
          cadreId: input.cadre.id,
          post: rotationPosts.proposed,
          status: 'confirmed',
          basis: { workflowId: handle.workflowId, step: 'transferPost' },
          since: SERVER_DATE,
        },
      ]);
      expect(p.notifications().map((n) => n.kind)).toEqual(['vote_passed', 'transferred']);
    });
  });

  it('a move that would put the cadre under a relative (the spouse as direct superior) is refused and changes nothing', async () => {
    await withRotation({}, async (handle) => {
      const before = await handle.query(getCaseQuery);
      const historyBefore = (await handle.fetchHistory()).events?.length ?? 0;

      const failure = await refusal(handle, rotation.propose({ reportingLines: reportingLines('L-zhao') }));
      expect(failure.type).toBe(IllegalTransition);
      expect(failure.details?.[0]).toMatchObject({
        state: 'motion',
        legalEvents: expect.arrayContaining(['ROTATION_PROPOSED']),
      });
      // Nor as a unit leader over audit work.
      const underLeader = await refusal(
        handle,
        rotation.propose({ reportingLines: reportingLines('L-audit-head', ['L-audit-head', 'L-zhao']) }),
      );
      expect(underLeader.type).toBe(IllegalTransition);

      expect(await handle.query(getCaseQuery)).toEqual(before);
      expect(await historySince(handle, historyBefore)).toEqual([]);
      // The case is as it was: the same move without the conflict goes ahead.
      expect((await send(handle, rotation.propose())).state).toBe('consultation');
    });
  });

  it('withdrawal before the transfer: withdrawn, the reason on record, no post changes', async () => {
    await withRotation({}, async (handle, p, input) => {
      await send(handle, rotation.propose(), rotation.consulted, rotation.passes);
      // Only the organization department withdraws.
      expect((await refusal(handle, { ...rotation.withdraw, actor: dept })).type).toBe(IllegalTransition);

      const withdrawn = await send(handle, rotation.withdraw);
      expect(withdrawn).toMatchObject({ state: 'withdrawn', status: 'closed', outcome: 'withdrawn' });
      expect(withdrawn.context.withdrawal).toMatchObject({
        reason: rotation.withdraw.reason,
        by: { role: 'organization_department' },
      });
      await closedAndArchived(handle);
      expect(await p.registry.current(input.cadre.id)).toBeUndefined();
      expect(p.notifications().map((n) => n.kind)).toEqual(['vote_passed', 'withdrawn']);
      // A closed case accepts nothing more.
      expect(await handle.query(getCaseQuery)).toMatchObject({ status: 'closed', legalEvents: [] });
    });
  });
});
