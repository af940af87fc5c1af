import { describe, expect, it } from 'vitest';
import {
  checkPolicyBounds,
  DEFAULT_POLICY,
  mergePolicy,
  type Policy,
  type PolicyOverrides,
  resolvePolicy,
} from '../../../domain/policy';
import { accepted, refused } from './expect-result';

const looseness = (overrides: PolicyOverrides) => checkPolicyBounds(mergePolicy(overrides));
const paths = (overrides: PolicyOverrides) => looseness(overrides).map((l) => l.path);

describe('policy bounds: the default policy is exactly as strict as the rules', () => {
  it('policy bounds find nothing looser in DEFAULT_POLICY', () => {
    expect(checkPolicyBounds(DEFAULT_POLICY)).toEqual([]);
  });

  it('policy bounds accept a policy stricter on every figure', () => {
    const strict: Policy = mergePolicy({
      evaluation: {
        excellentMinSatisfactionPercent: 90,
        admonishmentAboveDissatisfactionPercent: 10,
        adjustmentAboveDissatisfactionPercent: 30,
      },
      vote: {
        quorum: { numerator: 4, denominator: 5 },
        passAboveShareOfShouldAttend: { numerator: 2, denominator: 3 },
      },
      recommendation: { minParticipation: { numerator: 3, denominator: 4 } },
      publicity: { workingDays: 7, publicationDayCounts: false },
      inspectionNotice: { days: 5 },
      recourse: { reviewDecisionDays: 20, appealDecisionDays: 45, appealExtensionMaxDays: 15 },
      qualification: {
        minYearsAsDeputyBeforeHead: 3,
        minYearsAsLowerHeadBeforeUpperDeputy: 4,
        minYearsOfWorkForDivisionLevel: 6,
      },
    });
    expect(checkPolicyBounds(strict)).toEqual([]);
  });
});

describe('policy bounds: each way of being looser than the rules is reported with its field', () => {
  it('policy bounds: satisfaction for excellent below 75% is looser (74), 75 is not', () => {
    expect(paths({ evaluation: { excellentMinSatisfactionPercent: 74 } })).toEqual([
      'evaluation.excellentMinSatisfactionPercent',
    ]);
    expect(paths({ evaluation: { excellentMinSatisfactionPercent: 75 } })).toEqual([]);
  });

  it('policy bounds: admonishment above more than 20% is looser (21), 20 is not', () => {
    const found = looseness({ evaluation: { admonishmentAboveDissatisfactionPercent: 21 } });
    expect(found).toEqual([
      {
        path: 'evaluation.admonishmentAboveDissatisfactionPercent',
        reason: 'the dissatisfaction above which admonishment follows (%) must be at most 20, not 21',
      },
    ]);
  });

  it('policy bounds: adjustment above more than 50% is looser (51), 50 is not', () => {
    expect(paths({ evaluation: { adjustmentAboveDissatisfactionPercent: 51 } })).toEqual([
      'evaluation.adjustmentAboveDissatisfactionPercent',
    ]);
    expect(paths({ evaluation: { adjustmentAboveDissatisfactionPercent: 50 } })).toEqual([]);
  });

  it('policy bounds: admonishment must not start above adjustment', () => {
    const found = looseness({
      evaluation: { admonishmentAboveDissatisfactionPercent: 20, adjustmentAboveDissatisfactionPercent: 15 },
    });
    expect(found.map((l) => l.path)).toEqual(['evaluation.admonishmentAboveDissatisfactionPercent']);
    expect(found[0]?.reason).toMatch(/must not start above adjustment/);
    expect(
      paths({
        evaluation: {
          admonishmentAboveDissatisfactionPercent: 15,
          adjustmentAboveDissatisfactionPercent: 15,
        },
      }),
    ).toEqual([]);
  });

  it('policy bounds: a quorum below two thirds is looser (13/20 < 2/3), 4/6 is not', () => {
    const found = looseness({ vote: { quorum: { numerator: 13, denominator: 20 } } });
    expect(found).toEqual([{ path: 'vote.quorum', reason: 'the quorum must be at least 2/3, not 13/20' }]);
    expect(paths({ vote: { quorum: { numerator: 4, denominator: 6 } } })).toEqual([]);
  });

  it('policy bounds: a pass share below one half is looser (49/100), 50/100 is not', () => {
    expect(paths({ vote: { passAboveShareOfShouldAttend: { numerator: 49, denominator: 100 } } })).toEqual([
      'vote.passAboveShareOfShouldAttend',
    ]);
    expect(paths({ vote: { passAboveShareOfShouldAttend: { numerator: 50, denominator: 100 } } })).toEqual(
      [],
    );
  });

  it('policy bounds: participation below two thirds is looser (666/1000), 2/3 is not', () => {
    expect(paths({ recommendation: { minParticipation: { numerator: 666, denominator: 1000 } } })).toEqual([
      'recommendation.minParticipation',
    ]);
    expect(paths({ recommendation: { minParticipation: { numerator: 2, denominator: 3 } } })).toEqual([]);
  });

  it('policy bounds: publicity shorter than 5 working days is looser (4), 5 is not', () => {
    expect(paths({ publicity: { workingDays: 4 } })).toEqual(['publicity.workingDays']);
    expect(paths({ publicity: { workingDays: 5 } })).toEqual([]);
  });

  it('policy bounds: publicity not counting the publication day is stricter, not looser', () => {
    expect(paths({ publicity: { publicationDayCounts: false } })).toEqual([]);
  });

  it('policy bounds: an inspection notice shorter than the default 3 days is looser (2)', () => {
    expect(paths({ inspectionNotice: { days: 2 } })).toEqual(['inspectionNotice.days']);
    expect(paths({ inspectionNotice: { days: 3 } })).toEqual([]);
  });

  it('policy bounds: probation shorter than 12 months is looser (11)', () => {
    expect(paths({ probation: { months: 11 } })).toEqual(['probation.months']);
    expect(paths({ probation: { months: 12 } })).toEqual([]);
  });

  it('policy bounds: probation is exactly one year — longer (13, 18) is refused too', () => {
    expect(paths({ probation: { months: 13 } })).toEqual(['probation.months']);
    expect(paths({ probation: { months: 18 } })).toEqual(['probation.months']);
    expect(checkPolicyBounds(mergePolicy({ probation: { months: 13 } }))[0]?.reason).toBe(
      'the probation (months) must be exactly 12, not 13',
    );
  });

  it('policy bounds: the cadre’s periods for 复核 (30 days) and 申诉 after it (15) are exactly the law’s (公务员法 2018 art. 95)', () => {
    for (const requestDays of [29, 31])
      expect(paths({ recourse: { requestDays } })).toEqual(['recourse.requestDays']);
    for (const appealAfterReviewDays of [14, 16])
      expect(paths({ recourse: { appealAfterReviewDays } })).toEqual(['recourse.appealAfterReviewDays']);
    expect(paths({ recourse: { requestDays: 30, appealAfterReviewDays: 15 } })).toEqual([]);
  });

  it('policy bounds: the organs’ deadlines (复核 30, 申诉 60, extension 30 days; art. 96) may be shorter, never longer', () => {
    expect(paths({ recourse: { reviewDecisionDays: 31 } })).toEqual(['recourse.reviewDecisionDays']);
    expect(paths({ recourse: { appealDecisionDays: 61 } })).toEqual(['recourse.appealDecisionDays']);
    expect(paths({ recourse: { appealExtensionMaxDays: 31 } })).toEqual(['recourse.appealExtensionMaxDays']);
    expect(
      paths({ recourse: { reviewDecisionDays: 30, appealDecisionDays: 60, appealExtensionMaxDays: 30 } }),
    ).toEqual([]);
    expect(
      paths({ recourse: { reviewDecisionDays: 15, appealDecisionDays: 30, appealExtensionMaxDays: 0 } }),
    ).toEqual([]);
  });

  it('policy bounds: qualification years below the rules are looser (1, 2, 4)', () => {
    expect(
      paths({
        qualification: {
          minYearsAsDeputyBeforeHead: 1,
          minYearsAsLowerHeadBeforeUpperDeputy: 2,
          minYearsOfWorkForDivisionLevel: 4,
        },
      }),
    ).toEqual([
      'qualification.minYearsAsDeputyBeforeHead',
      'qualification.minYearsAsLowerHeadBeforeUpperDeputy',
      'qualification.minYearsOfWorkForDivisionLevel',
    ]);
  });

  it('policy bounds list every looseness at once', () => {
    expect(
      paths({
        evaluation: { excellentMinSatisfactionPercent: 60 },
        vote: { quorum: { numerator: 1, denominator: 2 } },
        publicity: { workingDays: 3 },
      }),
    ).toEqual(['evaluation.excellentMinSatisfactionPercent', 'vote.quorum', 'publicity.workingDays']);
  });
});

describe('resolvePolicy: defaults merged with overrides, looser policies refused', () => {
  it('resolvePolicy with no overrides gives the defaults', () => {
    expect(accepted(resolvePolicy())).toEqual(DEFAULT_POLICY);
    expect(accepted(resolvePolicy({}))).toEqual(DEFAULT_POLICY);
  });

  it('resolvePolicy merges a stricter override section by section', () => {
    const policy = accepted(resolvePolicy({ publicity: { workingDays: 7 } }));
    expect(policy.publicity).toEqual({ workingDays: 7, publicationDayCounts: true });
    expect(policy.vote).toEqual(DEFAULT_POLICY.vote);
  });

  it('resolvePolicy refuses a looser policy, naming every field and reason', () => {
    const reason = refused(
      resolvePolicy({
        publicity: { workingDays: 4 },
        evaluation: { admonishmentAboveDissatisfactionPercent: 25 },
      }),
    );
    expect(reason).toMatch(/^policy is looser than the rules: /);
    expect(reason).toContain('publicity.workingDays: the publicity (working days) must be at least 5, not 4');
    expect(reason).toContain('evaluation.admonishmentAboveDissatisfactionPercent');
  });

  it('resolvePolicy refuses malformed overrides: unknown sections, wrong types, fractions above 1', () => {
    expect(refused(resolvePolicy({ lottery: {} }))).toMatch(/lottery|Unrecognized/);
    expect(refused(resolvePolicy({ publicity: { workingDays: 'five' } }))).toMatch(
      /policy\.publicity\.workingDays/,
    );
    expect(refused(resolvePolicy({ vote: { quorum: { numerator: 4, denominator: 3 } } }))).toMatch(
      /must not exceed 1/,
    );
    expect(refused(resolvePolicy('strict'))).toMatch(/policy/);
  });
});
