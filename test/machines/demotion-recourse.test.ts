import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { endOfChinaDay } from '../../domain/dates';
import { resolvePolicy } from '../../domain/policy';
import { appealDecidedEventSchema, reviewDecidedEventSchema } from '../../domain/steps/recourse';
import { type DemotionInput, demotionMachine } from '../../machines/demotion';
import { REFUSALS } from '../../machines/refusals';
import { periodAfter } from '../../machines/rules/recourse-periods';
import { failedConditions } from '../../workflows/session/machine-view';
import { demotionPosts, demotionStart, demotionTriggers } from '../support/track-fixtures';

/**
 * 复核 and 申诉 after a 降职 or 免职 (rules edition 4), at every boundary of 《公务员法》(2018):
 * - art. 95: 复核 within 30 days of learning of the decision; 申诉 within 15 days of receiving the 复核
 *   decision, or directly within 30 days;
 * - art. 96: the 复核 decided within 30 days of the request, the 申诉 within 60 days of its acceptance
 *   (extendable by at most 30); 复核 and 申诉 do not suspend the decision.
 * Days are calendar days from the day after the step (《民法典》 art. 201), closing at the end of the last
 * day, China time. The vote (the decision) is dated Tuesday 2026-03-10: day 30 is 2026-04-09.
 */

const day = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
const DECIDED = day('2026-03-10');
const org = { id: 'od-zhang', role: 'organization_department' } as const;
const dept = { id: 'fin-hr', role: 'department' } as const;
const committee = { id: 'standing-committee', role: 'committee' } as const;
const system = { id: 'workflow-timer', role: 'system' } as const;

type Snapshot = AnyMachineSnapshot;
type Action = { type: string; params?: unknown };

const input = (overrides: Partial<DemotionInput> = {}): DemotionInput => {
  const { policy, ...start } = demotionStart({ caseId: 'rec-1' });
  return { ...start, policy: policy ?? {}, ...overrides };
};
const members = Array.from({ length: 9 }, (_, i) => `m${i + 3}`);
const steps = {
  verified: { type: 'TRIGGER_VERIFIED', at: DECIDED, actor: org, findings: '经核实，情况属实' },
  talk: { type: 'TALK_HELD', at: DECIDED, actor: org, summary: '已谈话' },
  demotion: {
    type: 'OUTCOME_PROPOSED',
    at: DECIDED,
    actor: org,
    outcome: 'demotion',
    newPost: demotionPosts.lower,
    exitSupport: { keepsRank: false },
  },
  removal: {
    type: 'OUTCOME_PROPOSED',
    at: DECIDED,
    actor: org,
    outcome: 'removal',
    removalGrounds: 'accountability',
    exitSupport: { keepsRank: false },
  },
  reassignment: {
    type: 'OUTCOME_PROPOSED',
    at: DECIDED,
    actor: org,
    outcome: 'reassignment',
    newPost: demotionPosts.same,
    exitSupport: { keepsRank: true },
  },
  vote: {
    type: 'VOTE_RECORDED',
    at: DECIDED,
    actor: committee,
    shouldAttend: 11,
    present: 9,
    recused: 0,
    for: 6,
    against: 2,
    defer: 1,
    presentMemberIds: members,
    recusedMemberIds: [],
  },
};
const requestOn = (at: string, actor: object = dept) => ({
  type: 'REVIEW_REQUESTED',
  at,
  actor,
  grounds: '本人认为处理过重',
});
const appealOn = (at: string, actor: object = dept) => ({
  type: 'APPEAL_FILED',
  at,
  actor,
  grounds: '对处理决定不服',
  organ: '区委组织部（同级公务员主管部门）',
});
const reviewDecided = (at: string, ruling: string, extra: object = {}) => ({
  type: 'REVIEW_DECIDED',
  at,
  actor: org,
  ruling,
  reasons: '经复核',
  ...(ruling === 'changed' ? { change: '改为诫勉，另行办理' } : {}),
  ...extra,
});
const appealDecided = (at: string, ruling: string) => ({
  type: 'APPEAL_DECIDED',
  at,
  actor: org,
  ruling,
  reasons: '经审查',
  ...(ruling === 'changed' ? { change: '改为诫勉，另行办理' } : {}),
});
const extension = (at: string, days = 30) => ({
  type: 'APPEAL_EXTENDED',
  at,
  actor: org,
  days,
  grounds: '案情复杂',
});
const timer = (type: string, at: string) => ({ type, at, actor: system, reason: `timer ${type}` });

function send(snapshot: Snapshot, ...events: object[]): [Snapshot, Action[]] {
  let current = snapshot;
  let actions: Action[] = [];
  for (const event of events) {
    const [next, named] = transition(demotionMachine, current as never, event as never);
    expect(next, `${JSON.stringify(current.value)} took ${(event as { type: string }).type}`).not.toBe(
      current,
    );
    [current, actions] = [next, named as Action[]];
  }
  return [current, actions];
}
const run = (snapshot: Snapshot, ...events: object[]) => send(snapshot, ...events)[0];
/** The effects named, as the host takes them: type and params. */
const effects = (actions: Action[]) =>
  actions.filter((a) => !a.type.startsWith('xstate.')).map(({ type, params }) => ({ type, params }));
function expectRefused(snapshot: Snapshot, event: object, rule?: keyof typeof REFUSALS) {
  expect(snapshot.can(event as never), JSON.stringify(event).slice(0, 120)).toBe(false);
  expect(transition(demotionMachine, snapshot as never, event as never)[0]).toBe(snapshot);
  if (rule) expect(failedConditions(snapshot, event as never)).toContain(rule);
}

const start = (overrides: Partial<DemotionInput> = {}) =>
  initialTransition(demotionMachine, input(overrides))[0] as Snapshot;
/** A 降职 (or the proposal given) voted through on 2026-03-10: in effect, open to 复核 and 申诉. */
const inEffect = (proposal: object = steps.demotion, overrides: Partial<DemotionInput> = {}) =>
  send(start(overrides), steps.verified, steps.talk, proposal, steps.vote);

describe('the decision takes effect at once and opens 30 days for 复核 or 申诉 (公务员法 art. 95)', () => {
  it('a 降职 is applied in the registry as it takes effect, and the case stays open until the end of day 30', () => {
    const [s, actions] = inEffect();
    expect(s.value).toBe('openToReview');
    expect(s.status).toBe('active');
    // In force, but not settled: the outcome is settled as the case closes (it reads as closed).
    expect(s.context.outcome).toBeUndefined();
    expect(s.context.proposal.outcome).toBe('demotion');
    expect(effects(actions).map((a) => [a.type, (a.params as { kind?: string }).kind])).toEqual([
      ['notify', 'vote_passed'],
      ['applyPersonnelChange', undefined],
      ['notify', 'personnel_change_effective'],
      ['notify', 'recourse_open'],
    ]);
    expect(s.context.recourse.period).toEqual({ lastDay: '2026-04-09', endsAt: endOfChinaDay('2026-04-09') });
    expect(s.context.deadlines).toEqual({ recoursePeriod: '2026-04-09T16:00:00.000Z' });
  });

  it('a 免职 is open to recourse too; 改任 and 辞职 are not (art. 95 lists 降职 and 免职): they close as before', () => {
    expect(inEffect(steps.removal)[0].value).toBe('openToReview');
    const [reassigned] = inEffect(steps.reassignment);
    expect(reassigned.value).toBe('effective');
    expect(reassigned.status).toBe('done');
  });

  it('a case under the third edition closes as its 降职 takes effect: no period, no timer', () => {
    const [s, actions] = inEffect(steps.demotion, { rulesEdition: 3 });
    expect(s.value).toBe('effective');
    expect(s.status).toBe('done');
    expect(s.context.deadlines).toEqual({});
    expect(effects(actions).map((a) => a.type)).toEqual(['notify', 'applyPersonnelChange', 'notify']);
    expectRefused(s, requestOn(day('2026-03-11')));
  });

  it('复核 requested on day 30 (2026-04-09, 23:59) is taken; on day 31 it is refused by the rule, changing nothing', () => {
    const [s] = inEffect();
    expect(run(s, requestOn(day('2026-04-09', '23:59'))).value).toBe('reviewPending');
    expectRefused(s, requestOn(day('2026-04-10', '00:00')), 'withinRecoursePeriod');
    expect(REFUSALS.withinRecoursePeriod?.zh).toContain('三十日');
  });

  it('a direct 申诉 without 复核: day 30 in, day 31 out', () => {
    const [s] = inEffect();
    const appealed = run(s, appealOn(day('2026-04-09')));
    expect(appealed.value).toBe('appealPending');
    expect(appealed.context.recourse.appeal).toMatchObject({
      afterReview: false,
      organ: '区委组织部（同级公务员主管部门）',
      grounds: '对处理决定不服',
      by: dept,
    });
    expectRefused(s, appealOn(day('2026-04-10')), 'withinRecoursePeriod');
  });

  it('the period passing unused ends the case with the decision as it was', () => {
    const [s] = inEffect();
    const [ended, actions] = send(s, timer('RECOURSE_PERIOD_ENDED', endOfChinaDay('2026-04-09')));
    expect(ended.value).toBe('recourseEnded');
    expect(ended.status).toBe('done');
    expect(ended.context.outcome).toBe('demotion');
    expect(ended.context.deadlines).toEqual({});
    expect(effects(actions).map((a) => (a.params as { kind?: string }).kind)).toEqual([
      'recourse_period_ended',
    ]);
    expectRefused(ended, requestOn(day('2026-04-09')));
  });

  it('the request is filed on the cadre’s behalf by their department or the organization department; the committee cannot', () => {
    const [s] = inEffect();
    expect(run(s, requestOn(day('2026-03-20'), org)).value).toBe('reviewPending');
    expectRefused(s, requestOn(day('2026-03-20'), committee));
    expectRefused(s, requestOn(day('2026-03-20'), system));
  });
});

describe('复核: decided within 30 days (art. 96), then 申诉 within 15 days of its decision (art. 95)', () => {
  const requested = () => run(inEffect()[0], requestOn(day('2026-03-20')));

  it('the request is recorded with who filed it, when and why; the decision deadline is day 30 after it', () => {
    const s = requested();
    expect(s.context.recourse.review).toMatchObject({
      at: day('2026-03-20'),
      by: dept,
      grounds: '本人认为处理过重',
      decisionDue: { lastDay: '2026-04-19' },
    });
    expect(s.context.deadlines).toEqual({ reviewDecision: endOfChinaDay('2026-04-19') });
  });

  it('复核、申诉期间不停止执行: a pending request names no effect on the registry and leaves the decision in force', () => {
    const [, actions] = send(inEffect()[0], requestOn(day('2026-03-20')));
    expect(effects(actions).map((a) => a.type)).toEqual(['notify']);
    expect(effects(actions)[0]?.params).toEqual({ kind: 'review_requested', to: 'organization_department' });
    expect(requested().context.influence.liftedOn).toBeUndefined();
  });

  it('the deadline passing warns the office in charge, once, and the case still waits for the decision', () => {
    const [s, actions] = send(requested(), timer('REVIEW_DECISION_OVERDUE', endOfChinaDay('2026-04-19')));
    expect(s.value).toBe('reviewPending');
    expect(effects(actions).map((a) => a.params)).toEqual([
      { kind: 'review_decision_overdue', to: 'organization_department' },
    ]);
    expect(s.context.deadlines).toEqual({});
    expect(s.context.recourse.review.overdueWarnedAt).toBe(endOfChinaDay('2026-04-19'));
    // A late decision is still the decision.
    expect(run(s, reviewDecided(day('2026-04-25'), 'maintained')).value).toBe('maintainedOnReview');
  });

  it('maintained (维持): 申诉 on day 15 after the 复核 decision is taken, on day 16 refused', () => {
    const maintained = run(requested(), reviewDecided(day('2026-03-25'), 'maintained'));
    expect(maintained.value).toBe('maintainedOnReview');
    expect(maintained.context.recourse.period.lastDay).toBe('2026-04-09');
    expect(maintained.context.deadlines).toEqual({ recoursePeriod: endOfChinaDay('2026-04-09') });
    const later = run(requested(), reviewDecided(day('2026-04-01'), 'maintained'));
    // The 15 days run from the 复核 decision, even past the first 30 days.
    expect(later.context.recourse.period.lastDay).toBe('2026-04-16');
    const appealed = run(later, appealOn(day('2026-04-16')));
    expect(appealed.value).toBe('appealPending');
    expect(appealed.context.recourse.appeal.afterReview).toBe(true);
    expectRefused(later, appealOn(day('2026-04-17')), 'withinRecoursePeriod');
    // No second 复核.
    expectRefused(later, requestOn(day('2026-04-02')));
  });

  it('maintained, and no 申诉 within the 15 days: the case ends with the decision as it was', () => {
    const maintained = run(requested(), reviewDecided(day('2026-04-01'), 'maintained'));
    const ended = run(maintained, timer('RECOURSE_PERIOD_ENDED', endOfChinaDay('2026-04-16')));
    expect(ended.value).toBe('recourseEnded');
    expect(ended.context.outcome).toBe('demotion');
  });

  it('revoked (撤销): the decision is reversed — the former post restored, the influence period lifted', () => {
    const s = requested();
    const [reversed, actions] = send(s, reviewDecided(day('2026-04-02'), 'revoked'));
    expect(reversed.value).toBe('reversed');
    expect(reversed.status).toBe('done');
    expect(reversed.context.outcome).toBe('reversed');
    expect(reversed.context.influence.liftedOn).toBe('2026-04-02');
    expect(reversed.context.recourse.reversal).toMatchObject({ on: 'review', ruling: 'revoked', by: org });
    expect(effects(actions)).toEqual([
      {
        type: 'reversePersonnelChange',
        params: {
          cadreId: 'C-3001',
          formerPost: demotionPosts.current,
          reversedOutcome: 'demotion',
          since: '2026-04-02',
          by: 'review',
          liftsMeasure: true,
        },
      },
      { type: 'notify', params: { kind: 'reversed', to: 'department' } },
    ]);
    expect(reversed.context.deadlines).toEqual({});
  });

  it('changed (变更) is reversed as 撤销, with the change on record; a change must be stated, and only for 变更', () => {
    const reversed = run(requested(), reviewDecided(day('2026-04-02'), 'changed'));
    expect(reversed.value).toBe('reversed');
    expect(reversed.context.recourse.review.decision).toMatchObject({
      ruling: 'changed',
      change: '改为诫勉，另行办理',
    });
    const { at: _at, ...changedWithout } = reviewDecided(day('2026-04-02'), 'revoked', { ruling: 'changed' });
    expect(reviewDecidedEventSchema.safeParse(changedWithout).success).toBe(false);
    expect(
      appealDecidedEventSchema.safeParse({ ...appealDecided(day('2026-04-02'), 'maintained'), change: '改' })
        .success,
    ).toBe(false);
    expectRefused(requested(), { ...reviewDecided(day('2026-04-02'), 'changed'), change: undefined });
  });

  it('only the organization department decides the 复核', () => {
    expectRefused(requested(), { ...reviewDecided(day('2026-04-02'), 'revoked'), actor: dept });
    expectRefused(requested(), { ...reviewDecided(day('2026-04-02'), 'revoked'), actor: committee });
  });
});

describe('申诉: decided within 60 days of acceptance, extendable once by at most 30 (art. 96)', () => {
  const appealed = () => run(inEffect()[0], appealOn(day('2026-03-20')));

  it('the decision deadline is day 60 after the 申诉; passing it warns the office in charge', () => {
    const s = appealed();
    expect(s.context.recourse.appeal.decisionDue.lastDay).toBe('2026-05-19');
    expect(s.context.deadlines).toEqual({ appealDecision: endOfChinaDay('2026-05-19') });
    const [warned, actions] = send(s, timer('APPEAL_DECISION_OVERDUE', endOfChinaDay('2026-05-19')));
    expect(warned.value).toBe('appealPending');
    expect(effects(actions).map((a) => a.params)).toEqual([
      { kind: 'appeal_decision_overdue', to: 'organization_department' },
    ]);
    expect(warned.context.deadlines).toEqual({});
  });

  it('extended by 30 days on day 60: the deadline becomes day 90; it warns then, not at day 60', () => {
    const extended = run(appealed(), extension(day('2026-05-19', '17:00')));
    expect(extended.context.recourse.appeal.decisionDue.lastDay).toBe('2026-06-18');
    expect(extended.context.deadlines).toEqual({ appealDecision: endOfChinaDay('2026-06-18') });
    expect(extended.context.recourse.appeal.extension).toMatchObject({
      days: 30,
      grounds: '案情复杂',
      by: org,
    });
    expect(run(extended, timer('APPEAL_DECISION_OVERDUE', endOfChinaDay('2026-06-18'))).value).toBe(
      'appealPending',
    );
  });

  it('an extension of 31 days, a second one, or one after day 60 is refused by the rule', () => {
    expectRefused(appealed(), extension(day('2026-04-01'), 31), 'extensionAllowed');
    expectRefused(
      run(appealed(), extension(day('2026-04-01'), 10)),
      extension(day('2026-04-02'), 10),
      'extensionAllowed',
    );
    expectRefused(appealed(), extension(day('2026-05-20')), 'extensionAllowed');
    expect(run(appealed(), extension(day('2026-04-01'), 1)).context.recourse.appeal.decisionDue.lastDay).toBe(
      '2026-05-20',
    );
  });

  it('maintained on 申诉: the case ends with the decision as it was', () => {
    const [s, actions] = send(appealed(), appealDecided(day('2026-05-01'), 'maintained'));
    expect(s.value).toBe('maintainedOnAppeal');
    expect(s.status).toBe('done');
    expect(s.context.outcome).toBe('demotion');
    expect(effects(actions).map((a) => a.type)).toEqual(['notify']);
  });

  it('revoked on 申诉 after a 复核 maintained: reversed once, the reversal naming the 申诉', () => {
    const s = run(
      inEffect(steps.removal)[0],
      requestOn(day('2026-03-20')),
      reviewDecided(day('2026-03-25'), 'maintained'),
      appealOn(day('2026-04-02')),
    );
    const [reversed, actions] = send(s, appealDecided(day('2026-05-01'), 'revoked'));
    expect(reversed.value).toBe('reversed');
    const reversals = effects(actions).filter((a) => a.type === 'reversePersonnelChange');
    expect(reversals).toEqual([
      {
        type: 'reversePersonnelChange',
        params: expect.objectContaining({ reversedOutcome: 'removal', by: 'appeal', since: '2026-05-01' }),
      },
    ]);
    // A closed case takes no second decision: the reversal cannot be named twice.
    expectRefused(reversed, appealDecided(day('2026-05-02'), 'revoked'));
  });
});

describe('the periods are policy settings with their source (domain/policy.ts)', () => {
  it('the cadre’s periods are fixed by law; the organs’ deadlines may only be shorter', () => {
    for (const [overrides, ok] of [
      [{ requestDays: 29 }, false],
      [{ requestDays: 31 }, false],
      [{ appealAfterReviewDays: 14 }, false],
      [{ reviewDecisionDays: 31 }, false],
      [{ reviewDecisionDays: 20 }, true],
      [{ appealDecisionDays: 61 }, false],
      [{ appealDecisionDays: 45 }, true],
      [{ appealExtensionMaxDays: 31 }, false],
      [{ appealExtensionMaxDays: 0 }, true],
    ] as const) {
      expect(resolvePolicy({ recourse: overrides }).ok, JSON.stringify(overrides)).toBe(ok);
    }
  });

  it('a shorter 复核 deadline in the case policy moves the timer', () => {
    const s = run(
      inEffect(steps.demotion, { policy: { recourse: { reviewDecisionDays: 20 } } })[0],
      requestOn(day('2026-03-20')),
    );
    expect(s.context.deadlines).toEqual({ reviewDecision: endOfChinaDay('2026-04-09') });
  });

  it('periods count from the China day of the step: a decision at 23:30 on 03-10 China time (15:30 UTC) counts from 03-10', () => {
    expect(periodAfter('2026-03-10T15:30:00.000Z', 30).lastDay).toBe('2026-04-09');
    expect(periodAfter('2026-03-10T16:00:00.000Z', 30).lastDay).toBe('2026-04-10');
  });
});

describe('the trigger that led here does not matter', () => {
  it('a 降职 after an annual assessment of 不称职 is open to 复核 too', () => {
    const s = run(
      start({ trigger: demotionTriggers.annual_assessment }),
      steps.verified,
      steps.talk,
      steps.demotion,
      steps.vote,
    );
    expect(s.value).toBe('openToReview');
  });
});
