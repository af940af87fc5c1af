import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../domain/dates';
import type { DemotionStart, DemotionTrigger } from '../../domain/tracks/demotion';
import { demotionCase } from '../../workflows/index';
import { getCaseQuery, IllegalTransition } from '../../workflows/messages';
import {
  closedAndArchived,
  type FilePorts,
  filePorts,
  notified,
  refusal,
  send,
  settled,
  withCase,
} from '../support/case-driver';
import { timeSkippingEnvironment } from '../support/temporal';
import { demotion, demotionPosts, demotionStart, demotionTriggers } from '../support/track-fixtures';

/**
 * Demotion and exit cases (降职、免职与“出”) on the time-skipping server. Its clock is pinned to
 * 2026-03-10T17:00Z — Wed 2026-03-11, 01:00 China time — so that the China date and the UTC date of every
 * step differ: a decision's date must be read in China time wherever it is kept. A 降职 or 免职 in effect
 * arms the 30-day 复核/申诉 timer (rules edition 4), but no test here skips time, so the clock stays there
 * through the file; test/workflows/demotion-recourse.test.ts runs those timers on a server of its own.
 */
const CHINA_DATE = '2026-03-11';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnvironment('2026-03-10T17:00:00Z');
});
afterAll(async () => {
  await env?.teardown();
});

type Handle = WorkflowHandle<typeof demotionCase>;

function withDemotion(
  overrides: Partial<DemotionStart>,
  body: (handle: Handle, p: FilePorts, input: DemotionStart) => Promise<void>,
) {
  const p = filePorts();
  const input = demotionStart(overrides);
  return withCase(env, p, demotionCase, input, (handle) => body(handle, p, input));
}

/** Verified, talked to (with `talk`'s extras), the outcome proposed: the case awaits the vote. */
const toVote = (handle: Handle, proposal: object, talk: Record<string, unknown> = {}) =>
  send(handle, demotion.verified, demotion.talk(talk), proposal);

describe('demotion workflow (降职、免职与“出”)', () => {
  it('the server stands on the pinned China date, a day after the UTC one', async () => {
    const now = await env.currentTimeMs();
    expect(chinaDateOf(now)).toBe(CHINA_DATE);
    expect(new Date(now).toISOString().slice(0, 10)).toBe('2026-03-10');
  });

  it.each(Object.values(demotionTriggers) as DemotionTrigger[])(
    'a $kind trigger starts a case, which verification takes to the talk',
    async (trigger) => {
      await withDemotion({ trigger }, async (handle, _p, input) => {
        const started = await handle.query(getCaseQuery);
        expect(started).toMatchObject({ track: 'demotion', state: 'verification', status: 'open' });
        expect(started.context.trigger).toEqual(trigger);
        expect(started.legalEvents).toEqual(
          expect.arrayContaining(['TRIGGER_VERIFIED', 'TRIGGER_DISMISSED']),
        );
        const verified = await send(handle, demotion.verified);
        expect(verified.state).toBe('talk');
        expect(verified.context.verification).toMatchObject({
          substantiated: true,
          findings: demotion.verified.findings,
        });
        expect(verified.context.cadre).toEqual(input.cadre);
      });
    },
  );

  it('a talk with a defence (申辩), a proposal that answers it, the committee vote: the demotion takes effect, the new post and the measure on file', async () => {
    await withDemotion({}, async (handle, p, input) => {
      await send(handle, demotion.verified);
      const talked = await send(handle, demotion.talk({ defence: '事故系客观原因所致，本人已尽责' }));
      expect(talked.state).toBe('proposal');
      expect(talked.context.talk).toMatchObject({ defence: '事故系客观原因所致，本人已尽责' });

      // A defence stated must be answered in the proposal.
      const unanswered = await refusal(
        handle,
        demotion.propose('demotion', { newPost: demotionPosts.lower }),
      );
      expect(unanswered.type).toBe(IllegalTransition);
      const proposed = await send(
        handle,
        demotion.propose('demotion', {
          newPost: demotionPosts.lower,
          defenceResponse: '经核实，本人负有直接领导责任',
        }),
      );
      expect(proposed.state).toBe('committeeVote');
      expect(proposed.context.proposal).toMatchObject({
        outcome: 'demotion',
        newPost: demotionPosts.lower,
        defenceResponse: '经核实，本人负有直接领导责任',
      });

      // In effect, and open for 30 days to 复核 and 申诉 (rules edition 4).
      const effective = await send(handle, demotion.passes);
      expect(effective).toMatchObject({ state: 'openToReview', status: 'open' });
      expect(effective.context.proposal).toMatchObject({ outcome: 'demotion' });
      const decidedOn = chinaDateOf(effective.context.decidedAt as string);
      expect(decidedOn).toBe(CHINA_DATE);
      // 降职: no promotion for two years from the day it took effect.
      expect(effective.context.influence).toMatchObject({
        measure: { kind: 'demotion', effectiveDate: CHINA_DATE, rankAtMeasure: 'division' },
        periods: [{ restriction: 'no_promotion', from: CHINA_DATE, freeFrom: '2028-03-11' }],
      });

      await settled(handle, (view) => notified(view, 'recourse_open'));
      expect(await p.registry.current(input.cadre.id)).toMatchObject({
        cadreId: input.cadre.id,
        post: demotionPosts.lower,
        status: 'confirmed',
        basis: { workflowId: handle.workflowId, step: 'applyPersonnelChange' },
      });
      expect(await p.registry.measures(input.cadre.id)).toEqual([
        {
          cadreId: input.cadre.id,
          measure: { kind: 'demotion', effectiveDate: CHINA_DATE, rankAtMeasure: 'division' },
          basis: { workflowId: handle.workflowId, step: 'applyPersonnelChange:measure' },
        },
      ]);
      expect(p.notifications().map((n) => n.kind)).toEqual([
        'vote_passed',
        'personnel_change_effective',
        'recourse_open',
      ]);
    });
  });

  it('the new post is held from the China date of the decision, the day its measure takes effect', async () => {
    // The vote is at 01:00 China time on 03-11 (17:00 UTC on 03-10): the post and the measure must agree.
    await withDemotion({}, async (handle, p, input) => {
      await toVote(handle, demotion.propose('demotion', { newPost: demotionPosts.lower }));
      await send(handle, demotion.passes);
      await settled(handle, (view) => notified(view, 'recourse_open'));
      const [measure] = await p.registry.measures(input.cadre.id);
      expect(measure?.measure.effectiveDate).toBe(CHINA_DATE);
      expect((await p.registry.current(input.cadre.id))?.since).toBe(CHINA_DATE);
    });
  });

  it('a reassignment (改任) takes effect: a post at no higher rank, the measure on file', async () => {
    await withDemotion({}, async (handle, p, input) => {
      await toVote(handle, demotion.propose('reassignment', { newPost: demotionPosts.same }));
      expect((await send(handle, demotion.passes)).outcome).toBe('reassignment');
      await closedAndArchived(handle);
      expect((await p.registry.current(input.cadre.id))?.post).toEqual(demotionPosts.same);
      expect((await p.registry.measures(input.cadre.id)).map((m) => m.measure)).toEqual([
        { kind: 'reassignment', effectiveDate: CHINA_DATE, rankAtMeasure: 'division' },
      ]);
    });
  });

  it('an ordered resignation (责令辞职) the cadre refuses ends in removal (免职): no new post, the measure on file', async () => {
    await withDemotion({ trigger: demotionTriggers.ordered_resignation }, async (handle, p, input) => {
      await send(handle, demotion.verified);
      // The talk must record the cadre's answer.
      expect((await refusal(handle, demotion.talk())).type).toBe(IllegalTransition);
      const talked = await send(handle, demotion.talk({ response: 'refuses' }));
      expect(talked.context.talk).toMatchObject({ response: 'refuses' });
      // Refused, it cannot be a resignation: removal.
      expect((await refusal(handle, demotion.propose('resignation'))).type).toBe(IllegalTransition);
      await send(handle, demotion.propose('removal', { removalGrounds: 'accountability' }));
      const removed = await send(handle, demotion.passes);
      expect(removed).toMatchObject({ state: 'openToReview' });
      expect(removed.context.proposal).toMatchObject({ outcome: 'removal' });
      expect(
        (removed.context.influence as { periods: { restriction: string }[] }).periods.map(
          (x) => x.restriction,
        ),
      ).toEqual(['no_leading_post', 'not_above_former_rank']);

      await settled(handle, (view) => notified(view, 'recourse_open'));
      expect(await p.registry.current(input.cadre.id)).toBeUndefined();
      expect((await p.registry.measures(input.cadre.id)).map((m) => m.measure)).toEqual([
        { kind: 'removal', effectiveDate: CHINA_DATE, rankAtMeasure: 'division' },
      ]);
    });
  });

  it('a dismissed trigger ends the case not substantiated, with nothing on file', async () => {
    await withDemotion({}, async (handle, p, input) => {
      const dismissed = await send(handle, demotion.dismissed);
      expect(dismissed).toMatchObject({
        state: 'notSubstantiated',
        status: 'closed',
        outcome: 'not_substantiated',
      });
      expect(dismissed.context.verification).toMatchObject({ substantiated: false });
      await closedAndArchived(handle);
      expect(await p.registry.current(input.cadre.id)).toBeUndefined();
      expect(await p.registry.measures(input.cadre.id)).toEqual([]);
      expect(p.notifications().map((n) => n.kind)).toEqual(['not_substantiated']);
    });
  });

  it('a vote without quorum is void, not passed: the case waits for another vote and nothing takes effect', async () => {
    await withDemotion({}, async (handle, p, input) => {
      await toVote(handle, demotion.propose('removal', { removalGrounds: 'accountability' }));
      const voided = await send(handle, demotion.belowQuorum);
      expect(voided).toMatchObject({ state: 'committeeVote', status: 'open' });
      expect(voided.outcome).toBeUndefined();
      expect(voided.context.vote).toMatchObject({
        outcome: 'void_no_quorum',
        quorumMet: false,
        quorumNeeded: 6,
      });
      expect(voided.context.decidedAt).toBeUndefined();
      expect(voided.context.influence).toBeUndefined();
      expect(voided.legalEvents).toContain('VOTE_RECORDED');
      await settled(handle, (view) => notified(view, 'vote_void_no_quorum'));
      expect(p.notifications()).toEqual([
        expect.objectContaining({ kind: 'vote_void_no_quorum', to: 'organization_department' }),
      ]);
      expect(await p.registry.measures(input.cadre.id)).toEqual([]);

      // Voted again with a quorum, it passes.
      expect((await send(handle, demotion.passes)).state).toBe('openToReview');
    });
  });
});
