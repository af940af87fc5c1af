import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { probationVocabulary } from '../../domain/tracks/probation';
import { type ProbationInput, probationMachine } from '../../machines/probation';
import { failingProbationReview, passingProbationReview, probationStart } from '../support/cases';

// Probation as DOMAIN.md "Corrections and additions" has it (second rules edition).
const input: ProbationInput = probationStart({ caseId: 'p-2', startsOn: '2026-03-02' });
const at = '2027-03-05T02:00:00.000Z';
const org = { id: 'od', role: 'organization_department' };
const dept = { id: 'fin-hr', role: 'department' };
const timer = { id: 'workflow-timer', role: 'system' };
const expired = { type: 'PROBATION_EXPIRED', at: '2027-03-01T16:00:00.000Z', actor: timer };

type Snapshot = ReturnType<typeof initialTransition<typeof probationMachine>>[0];
const run = (s: Snapshot, ...events: object[]) => {
  let current = s;
  for (const event of events) [current] = transition(probationMachine, current, event as never);
  return current;
};
const start = (overrides: Partial<ProbationInput> = {}) =>
  initialTransition(probationMachine, { ...input, ...overrides })[0];
const inReview = (overrides: Partial<ProbationInput> = {}) => run(start(overrides), expired);
const passed = (extra: object = {}) => ({ type: 'REVIEW_PASSED', at, actor: org, ...extra });
const failed = (extra: object = {}) => ({
  type: 'REVIEW_FAILED',
  at,
  actor: org,
  findings: '考核不合格',
  ...extra,
});
const counts = (dissatisfied: number) => ({
  total: 40,
  satisfied: 30 - dissatisfied,
  basicallySatisfied: 10,
  dissatisfied,
});
const qualified = passingProbationReview.inspection;

describe('probation is exactly one year: the start refuses a policy that changes it', () => {
  const parse = (policy: object) => probationVocabulary.startSchema.safeParse({ ...input, policy });
  it.each([11, 13, 18])('%i months is refused', (months) => {
    const result = parse({ probation: { months } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('probation.months');
  });
  it('12 months, or the default, is accepted', () => {
    expect(parse({ probation: { months: 12 } }).success).toBe(true);
    expect(parse({}).success).toBe(true);
  });
});

describe('the probation review records the evaluation and the inspection', () => {
  it('a conclusion without the counts or the inspection is refused; the first edition did not ask', () => {
    const review = inReview();
    for (const event of [
      passed(),
      passed({ evaluation: passingProbationReview.evaluation }),
      passed({ inspection: qualified }),
      failed(),
    ])
      expect(run(review, event), JSON.stringify(event)).toBe(review);
    expect(run(inReview({ rulesEdition: 1 }), passed()).value).toBe('confirmed');
    expect(run(inReview({ rulesEdition: 1 }), failed()).value).toBe('returned');
  });

  it('counts that do not add up are refused', () => {
    const review = inReview();
    const bad = { ...passingProbationReview.evaluation, total: 41 };
    expect(run(review, passed({ evaluation: bad, inspection: qualified }))).toBe(review);
  });

  it('records the counts, the rule applied to them and the inspection conclusion', () => {
    const confirmed = run(inReview(), passed(passingProbationReview));
    expect(confirmed.value).toBe('confirmed');
    expect(confirmed.context.review).toMatchObject({
      conclusion: 'passed',
      evaluation: { outcome: { consequence: 'none', excellentEligible: true } },
      inspection: qualified,
      by: org,
    });
    const returned = run(inReview(), failed(failingProbationReview));
    expect(returned.context.review).toMatchObject({
      conclusion: 'failed',
      evaluation: { outcome: { consequence: 'adjustment' } },
    });
  });

  it('boundary: exactly 50% dissatisfied passes by the rules; above 50% needs a recorded reason to confirm', () => {
    const at50 = passed({ evaluation: counts(20), inspection: qualified });
    expect(run(inReview(), at50).value).toBe('confirmed');
    const above = passed({ evaluation: counts(21), inspection: qualified });
    const review = inReview();
    expect(run(review, above)).toBe(review);
    const withReason = run(review, { ...above, passReason: '测评受单位改革影响，经部务会研究仍予任职' });
    expect(withReason.value).toBe('confirmed');
    expect(withReason.context.review?.passReason).toContain('部务会');
  });

  it('admonishment (above 20%) is recorded but does not fail the review', () => {
    const confirmed = run(inReview(), passed({ evaluation: counts(9), inspection: qualified }));
    expect(confirmed.value).toBe('confirmed');
    expect(confirmed.context.review?.evaluation?.outcome.consequence).toBe('admonishment');
  });

  it('an inspection concluded 不合格 fails by the rules: confirming it needs a reason', () => {
    const unqualified = { conclusion: 'unqualified', summary: '履职不到位' };
    const review = inReview();
    expect(run(review, passed({ evaluation: counts(0), inspection: unqualified }))).toBe(review);
    expect(
      run(review, passed({ evaluation: counts(0), inspection: unqualified, passReason: '已整改到位' })).value,
    ).toBe('confirmed');
  });
});

describe('an early end needs a verified problem', () => {
  const finding = (findingId?: string) => ({
    type: 'SERIOUS_PROBLEM_FOUND',
    at,
    actor: dept,
    findings: '严重违纪线索',
    ...(findingId ? { findingId } : {}),
  });
  const verified = (type: string, reportId = 'F1') => ({
    type,
    at,
    actor: org,
    reportId,
    findings: '核查结论',
  });

  it('a finding holds the case (no return yet), and must name itself once', () => {
    const serving = start();
    const held = run(serving, finding('F1'));
    expect(held.value).toBe('serving');
    expect(held.context.outcome).toBeUndefined();
    expect(held.context.reports).toEqual([
      expect.objectContaining({ id: 'F1', channel: 'finding', status: 'pending' }),
    ]);
    expect(run(serving, finding())).toBe(serving);
    expect(run(held, finding('F1'))).toBe(held);
  });

  it('substantiated by the organization department → returned, ended early with its findings', () => {
    const held = run(start(), finding('F1'));
    expect(run(held, verified('VERIFICATION_SUBSTANTIATED', 'F1')).context).toMatchObject({
      outcome: 'ended_early',
      findings: '核查结论',
    });
    expect(run(held, { ...verified('VERIFICATION_SUBSTANTIATED'), actor: dept })).toBe(held);
  });

  it('cleared → probation goes on, and the review can confirm; while held it cannot', () => {
    const held = run(start(), finding('F1'), expired);
    expect(held.value).toBe('review');
    expect(run(held, passed(passingProbationReview))).toBe(held);
    const cleared = run(held, verified('VERIFICATION_CLEARED'));
    expect(run(cleared, passed(passingProbationReview)).value).toBe('confirmed');
  });

  it('the same holds in review and once the review is overdue', () => {
    const overdue = run(inReview(), { type: 'REVIEW_OVERDUE', at, actor: timer });
    expect(overdue.value).toBe('reviewOverdue');
    const held = run(overdue, finding('F2'));
    expect(held.value).toBe('reviewOverdue');
    expect(run(held, verified('VERIFICATION_SUBSTANTIATED', 'F2')).value).toBe('returned');
  });
});
