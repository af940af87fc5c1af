import { describe, expect, it } from 'vitest';
import { type EvaluationCounts, evaluationCountsSchema } from '../../../domain/facts/evaluation';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { evaluationOutcome } from '../../../machines/rules/evaluation';
import { accepted, refused } from './expect-result';

const policy = DEFAULT_POLICY.evaluation;

/** A ballot of `total` with the given satisfied and dissatisfied counts; the rest basically satisfied. */
function ballot(total: number, satisfied: number, dissatisfied: number): EvaluationCounts {
  return { total, satisfied, dissatisfied, basicallySatisfied: total - satisfied - dissatisfied };
}

const outcome = (counts: EvaluationCounts, p = policy) => accepted(evaluationOutcome(counts, p));

describe('democratic evaluation: satisfaction below 75% may not be rated excellent', () => {
  it('satisfaction of exactly 75% IS excellent-eligible', () => {
    expect(outcome(ballot(100, 75, 0)).excellentEligible).toBe(true);
    expect(outcome(ballot(4, 3, 0)).excellentEligible).toBe(true);
    expect(outcome(ballot(1000, 750, 0)).excellentEligible).toBe(true);
  });

  it('satisfaction one ballot below 75% is not excellent-eligible', () => {
    expect(outcome(ballot(100, 74, 0)).excellentEligible).toBe(false);
    expect(outcome(ballot(1000, 749, 0)).excellentEligible).toBe(false);
    expect(outcome(ballot(4, 2, 0)).excellentEligible).toBe(false);
  });

  it('satisfaction just below 75% with an awkward total (74.9%) is not excellent-eligible', () => {
    // 299/399 = 74.94%; 300/399 = 75.19%.
    expect(outcome(ballot(399, 299, 0)).excellentEligible).toBe(false);
    expect(outcome(ballot(399, 300, 0)).excellentEligible).toBe(true);
  });

  it('satisfaction counts only "satisfied": basically satisfied does not help reach 75%', () => {
    const result = outcome({ total: 100, satisfied: 74, basicallySatisfied: 26, dissatisfied: 0 });
    expect(result.excellentEligible).toBe(false);
    expect(result.satisfactionPercent).toBe(74);
  });

  it('satisfaction is a share of all respondents: abstentions and invalid ballots count in the total', () => {
    expect(
      outcome({
        total: 100,
        satisfied: 75,
        basicallySatisfied: 0,
        dissatisfied: 0,
        abstained: 20,
        invalid: 5,
      }).excellentEligible,
    ).toBe(true);
    expect(
      outcome({
        total: 101,
        satisfied: 75,
        basicallySatisfied: 20,
        dissatisfied: 0,
        abstained: 5,
        invalid: 1,
      }).excellentEligible,
    ).toBe(false);
  });

  it('satisfaction threshold comes from the policy: a stricter 80% refuses 79%', () => {
    const stricter = { ...policy, excellentMinSatisfactionPercent: 80 };
    expect(outcome(ballot(100, 79, 0), stricter).excellentEligible).toBe(false);
    expect(outcome(ballot(100, 80, 0), stricter).excellentEligible).toBe(true);
  });

  it('satisfaction is compared exactly: 57 of 100 reaches 57% although 57/100*100 is 56.99999999999999 in floats', () => {
    const p = { ...policy, excellentMinSatisfactionPercent: 57 };
    expect(outcome(ballot(100, 57, 0), p).excellentEligible).toBe(true);
    expect(outcome(ballot(100, 56, 0), p).excellentEligible).toBe(false);
  });

  it('satisfaction of 100% and of 0% are judged like any other', () => {
    expect(outcome(ballot(7, 7, 0)).excellentEligible).toBe(true);
    expect(outcome(ballot(7, 0, 0)).excellentEligible).toBe(false);
  });
});

describe('democratic evaluation: dissatisfaction above 20% → admonishment talk', () => {
  it('dissatisfaction of exactly 20% does not trigger admonishment', () => {
    expect(outcome(ballot(100, 50, 20)).consequence).toBe('none');
    expect(outcome(ballot(5, 4, 1)).consequence).toBe('none');
    expect(outcome(ballot(1000, 500, 200)).consequence).toBe('none');
  });

  it('dissatisfaction one ballot above 20% triggers admonishment', () => {
    expect(outcome(ballot(100, 50, 21)).consequence).toBe('admonishment');
    expect(outcome(ballot(1000, 500, 201)).consequence).toBe('admonishment');
    expect(outcome(ballot(5, 3, 2)).consequence).toBe('admonishment');
  });

  it('dissatisfaction of one third (33.3%) triggers admonishment', () => {
    expect(outcome(ballot(3, 1, 1)).consequence).toBe('admonishment');
  });

  it('dissatisfaction below 20% has no consequence', () => {
    expect(outcome(ballot(100, 80, 19)).consequence).toBe('none');
    expect(outcome(ballot(100, 100, 0)).consequence).toBe('none');
  });

  it('dissatisfaction threshold comes from the policy: a stricter 10% admonishes at 11%', () => {
    const stricter = { ...policy, admonishmentAboveDissatisfactionPercent: 10 };
    expect(outcome(ballot(100, 50, 10), stricter).consequence).toBe('none');
    expect(outcome(ballot(100, 50, 11), stricter).consequence).toBe('admonishment');
  });

  it('dissatisfaction is compared exactly: 7 of 100 is not above 7% although 7/100*100 is 7.000000000000001 in floats', () => {
    const p = { ...policy, admonishmentAboveDissatisfactionPercent: 7 };
    expect(outcome(ballot(100, 50, 7), p).consequence).toBe('none');
    expect(outcome(ballot(100, 50, 8), p).consequence).toBe('admonishment');
  });

  it('dissatisfaction threshold of 0% admonishes on a single dissatisfied ballot', () => {
    const p = { ...policy, admonishmentAboveDissatisfactionPercent: 0 };
    expect(outcome(ballot(1000, 999, 1), p).consequence).toBe('admonishment');
    expect(outcome(ballot(1000, 1000, 0), p).consequence).toBe('none');
  });
});

describe('democratic evaluation: dissatisfaction above 50% → adjustment', () => {
  it('dissatisfaction of exactly 50% does not trigger adjustment (it is still admonishment)', () => {
    expect(outcome(ballot(100, 0, 50)).consequence).toBe('admonishment');
    expect(outcome(ballot(2, 0, 1)).consequence).toBe('admonishment');
  });

  it('dissatisfaction one ballot above 50% triggers adjustment', () => {
    expect(outcome(ballot(100, 0, 51)).consequence).toBe('adjustment');
    expect(outcome(ballot(1000, 0, 501)).consequence).toBe('adjustment');
    expect(outcome(ballot(3, 0, 2)).consequence).toBe('adjustment');
  });

  it('adjustment supersedes admonishment: only one consequence is reported', () => {
    expect(outcome(ballot(10, 0, 10)).consequence).toBe('adjustment');
  });

  it('adjustment threshold comes from the policy: a stricter 40% adjusts at 41%', () => {
    const stricter = { ...policy, adjustmentAboveDissatisfactionPercent: 40 };
    expect(outcome(ballot(100, 0, 40), stricter).consequence).toBe('admonishment');
    expect(outcome(ballot(100, 0, 41), stricter).consequence).toBe('adjustment');
  });

  it('eligibility and consequence are independent: 75% satisfied with 25% dissatisfied is eligible and admonished', () => {
    const result = outcome(ballot(4, 3, 1));
    expect(result).toEqual({
      excellentEligible: true,
      consequence: 'admonishment',
      satisfactionPercent: 75,
      dissatisfactionPercent: 25,
    });
  });

  it('percentages are reported for display', () => {
    const result = outcome(ballot(3, 2, 1));
    expect(result.satisfactionPercent).toBeCloseTo(66.6667, 3);
    expect(result.dissatisfactionPercent).toBeCloseTo(33.3333, 3);
  });
});

describe('democratic evaluation: inputs that do not add up are refused', () => {
  it('zero respondents are refused', () => {
    expect(refused(evaluationOutcome(ballot(0, 0, 0), policy))).toMatch(/at least one respondent/);
  });

  it('parts exceeding the total are refused, naming the counts', () => {
    const reason = refused(
      evaluationOutcome({ total: 10, satisfied: 8, basicallySatisfied: 2, dissatisfied: 1 }, policy),
    );
    expect(reason).toContain('= 11');
    expect(reason).toContain('10 respondents');
  });

  it('parts short of the total are refused', () => {
    expect(
      refused(evaluationOutcome({ total: 10, satisfied: 5, basicallySatisfied: 2, dissatisfied: 1 }, policy)),
    ).toMatch(/= 8, not the 10/);
  });

  it('negative, fractional and missing counts are refused', () => {
    expect(
      refused(
        evaluationOutcome({ total: 10, satisfied: -1, basicallySatisfied: 10, dissatisfied: 1 }, policy),
      ),
    ).toMatch(/evaluation\.satisfied/);
    expect(
      refused(
        evaluationOutcome({ total: 10, satisfied: 7.5, basicallySatisfied: 1.5, dissatisfied: 1 }, policy),
      ),
    ).toMatch(/satisfied/);
    expect(
      refused(evaluationOutcome({ total: 10, satisfied: 10, basicallySatisfied: 0 } as never, policy)),
    ).toMatch(/dissatisfied/);
  });

  it('counts beyond a billion are refused (sums must stay exact)', () => {
    expect(refused(evaluationOutcome(ballot(2_000_000_000, 0, 0), policy))).toMatch(/total/);
  });

  it('a malformed policy section is refused', () => {
    expect(
      refused(evaluationOutcome(ballot(10, 8, 1), { ...policy, excellentMinSatisfactionPercent: 101 })),
    ).toMatch(/policy\.evaluation\.excellentMinSatisfactionPercent/);
  });

  it('the zod schema refuses the same inputs at the edge and fills abstained/invalid with 0', () => {
    expect(evaluationCountsSchema.safeParse(ballot(0, 0, 0)).success).toBe(false);
    expect(
      evaluationCountsSchema.safeParse({ total: 3, satisfied: 4, basicallySatisfied: 0, dissatisfied: 0 })
        .success,
    ).toBe(false);
    expect(evaluationCountsSchema.parse(ballot(3, 1, 1))).toEqual({
      total: 3,
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 1,
      abstained: 0,
      invalid: 0,
    });
  });
});
