import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { type ProbationInput, probationEndsOn, probationMachine } from '../../machines/probation';
import { failingProbationReview, passingProbationReview, probationStart } from '../support/cases';
import { checkMachineExhaustively } from './support/exhaustive';

const input: ProbationInput = probationStart({ caseId: '2026-017', startsOn: '2026-03-02' });
const at = '2027-03-02T00:00:00.000Z';
const org = { id: 'od-zhang', role: 'organization_department' };
const dept = { id: 'fin-hr', role: 'department' };
const timer = { id: 'workflow-timer', role: 'system' };

const events = {
  expired: { type: 'PROBATION_EXPIRED', at, actor: timer },
  reminder: { type: 'REVIEW_REMINDER_DUE', at, actor: timer },
  overdue: { type: 'REVIEW_OVERDUE', at, actor: timer },
  passedByOrg: { type: 'REVIEW_PASSED', at, actor: org, ...passingProbationReview },
  passedByDept: { type: 'REVIEW_PASSED', at, actor: dept, ...passingProbationReview },
  failedByOrg: {
    type: 'REVIEW_FAILED',
    at,
    actor: org,
    findings: '不称职票超过半数',
    ...failingProbationReview,
  },
  failedByDept: {
    type: 'REVIEW_FAILED',
    at,
    actor: dept,
    findings: '不称职票超过半数',
    ...failingProbationReview,
  },
  serious: { type: 'SERIOUS_PROBLEM_FOUND', at, actor: dept, findings: '严重违纪', findingId: 'F1' },
  substantiated: { type: 'VERIFICATION_SUBSTANTIATED', at, actor: org, reportId: 'F1', findings: '属实' },
} as const;

const start = () => initialTransition(probationMachine, input);
const step = (snapshot: ReturnType<typeof start>[0], ...sequence: (keyof typeof events)[]) => {
  let current = snapshot;
  let actions: { type: string }[] = [];
  for (const name of sequence)
    [current, actions] = transition(probationMachine, current, events[name] as never);
  return [current, actions] as const;
};

describe('probation machine (试用期)', () => {
  it('serves on the trial post and arms the expiry timer one year from the notice, at the start of the China day', () => {
    const [snapshot, actions] = start();
    expect(snapshot.value).toBe('serving');
    expect(snapshot.context.endsOn).toBe('2027-03-02');
    expect(snapshot.context.deadlines).toEqual({ probationExpiry: '2027-03-01T16:00:00.000Z' });
    expect(actions.map((a) => a.type)).toEqual(['beginTrialPost']);
  });

  it('takes its length from the policy', () => {
    const [snapshot] = initialTransition(probationMachine, {
      ...input,
      policy: { probation: { months: 18 } },
    });
    expect(snapshot.context.endsOn).toBe('2027-09-02');
  });

  it('a probation starting on Feb 29 or a month end expires on the last day of the month a year on', () => {
    expect(probationEndsOn('2028-02-29', 12)).toBe('2029-02-28');
    expect(probationEndsOn('2026-08-31', 6)).toBe('2027-02-28');
  });

  it('the expiry opens the review with a deadline and a reminder before it, and notifies', () => {
    const [review, actions] = step(start()[0], 'expired');
    expect(review.value).toBe('review');
    // 30 days to conclude (to the end of Apr 1, China time); the reminder goes out 7 days before.
    expect(review.context.deadlines).toEqual({
      reviewDeadline: '2027-04-01T16:00:00.000Z',
      reviewReminder: '2027-03-24T16:00:00.000Z', // start of Mar 25, China time
    });
    expect(actions).toContainEqual(
      expect.objectContaining({ type: 'notify', params: expect.objectContaining({ kind: 'review_opened' }) }),
    );
  });

  it('the reminder fires once: it notifies and disarms itself, the deadline stays', () => {
    const [reminded, actions] = step(start()[0], 'expired', 'reminder');
    expect(reminded.value).toBe('review');
    expect(reminded.context.deadlines.reviewReminder).toBeUndefined();
    expect(reminded.context.deadlines.reviewDeadline).toBeDefined();
    expect(actions.map((a) => a.type)).toEqual(['notify']);
  });

  it('a review not concluded by its deadline escalates to operators, and can still be concluded', () => {
    const [overdue, actions] = step(start()[0], 'expired', 'overdue');
    expect(overdue.value).toBe('reviewOverdue');
    expect(actions).toContainEqual(
      expect.objectContaining({ params: expect.objectContaining({ to: 'operators' }) }),
    );
    expect(step(overdue, 'passedByOrg')[0].value).toBe('confirmed');
  });

  it('a passed review confirms the cadre in post (正式任职)', () => {
    const [confirmed, actions] = step(start()[0], 'expired', 'passedByOrg');
    expect(confirmed.value).toBe('confirmed');
    expect(confirmed.status).toBe('done');
    expect(confirmed.context.outcome).toBe('confirmed');
    expect(actions.map((a) => a.type)).toEqual(['confirmInPost', 'notify']);
  });

  it('a failed review returns the cadre and restores the pre-probation post and rank (退回原单位)', () => {
    const [returned, actions] = step(start()[0], 'expired', 'failedByOrg');
    expect(returned.value).toBe('returned');
    expect(returned.context.outcome).toBe('returned_after_review');
    expect(returned.context.findings).toBe('不称职票超过半数');
    expect(actions.map((a) => a.type)).toEqual(['restorePreProbationPost', 'notify']);
  });

  // The first rules edition ended it at once; the second holds it for verification (probation-review.test.ts).
  it('serious problems end probation early, before the year is out (first edition: at once)', () => {
    const [first] = initialTransition(probationMachine, { ...input, rulesEdition: 1 });
    const [returned, actions] = step(first, 'serious');
    expect(returned.value).toBe('returned');
    expect(returned.context.outcome).toBe('ended_early');
    expect(actions.map((a) => a.type)).toContain('restorePreProbationPost');
  });

  it('only the organization department concludes the review: the same event from a department is refused', () => {
    const [review] = step(start()[0], 'expired');
    expect(review.can(events.passedByDept as never)).toBe(false);
    expect(step(review, 'passedByDept')[0]).toBe(review);
    expect(step(review, 'failedByDept')[0]).toBe(review);
  });

  it('refuses confirming before the review, and any event once the case has ended', () => {
    const [serving] = start();
    expect(step(serving, 'passedByOrg')[0]).toBe(serving);
    const [confirmed] = step(serving, 'expired', 'passedByOrg');
    for (const name of Object.keys(events) as (keyof typeof events)[]) {
      expect(step(confirmed, name)[0], name).toBe(confirmed);
    }
  });

  it('every state is reachable, and every state × event is a transition or a refusal that changes nothing', () => {
    const reached = checkMachineExhaustively(probationMachine, input, Object.values(events));
    expect(new Set(reached.map((s) => s.value))).toEqual(
      new Set(['serving', 'review', 'reviewOverdue', 'confirmed', 'returned']),
    );
  });
});
