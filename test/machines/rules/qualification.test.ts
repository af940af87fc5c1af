import { describe, expect, it } from 'vitest';
import { type QualificationFacts, qualificationFactsSchema } from '../../../domain/facts/qualification';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { reviewQualification } from '../../../machines/rules/qualification';
import { accepted, refused } from './expect-result';

const policy = DEFAULT_POLICY.qualification;

/** A 副科 since 2022-03-01, working since 2010, proposed for 正科 on 2024-03-01: qualifies. */
function facts(overrides: Partial<QualificationFacts> = {}): QualificationFacts {
  return {
    nomineeId: 'n-1',
    asOf: '2024-03-01',
    workStartDate: '2010-07-01',
    currentRank: 'deputy_section',
    currentRankSince: '2022-03-01',
    targetRank: 'section',
    lastAnnualAppraisal: 'competent',
    measures: [],
    family: { spouse: 'domestic', children: 1, childrenEmigrated: 0 },
    ...overrides,
  };
}
const review = (f: QualificationFacts, p = policy) => accepted(reviewQualification(f, p));
const codes = (f: QualificationFacts, p = policy) => review(f, p).failures.map((x) => x.code);

describe('qualification: deputy → head of the same level needs 2 years as deputy', () => {
  it('years at lower level of exactly 2 years qualifies (副科 since 2022-03-01, reviewed 2024-03-01)', () => {
    expect(review(facts())).toEqual({ qualified: true, failures: [], waived: [] });
  });

  it('years at lower level one day short of 2 years fails with years_at_lower_level', () => {
    const result = review(facts({ asOf: '2024-02-29' }));
    expect(result.qualified).toBe(false);
    expect(result.failures.map((f) => f.code)).toEqual(['years_at_lower_level']);
    expect(result.failures[0]?.message).toContain('2 full years as 副科');
    expect(result.failures[0]?.message).toContain('reached on 2024-03-01');
    expect(result.failures[0]?.messageZh).toContain('由副职提任正职');
  });

  it('years at lower level applies at every level: 副处 → 正处 and 副局 → 正局', () => {
    const division = { currentRank: 'deputy_division', targetRank: 'division' } as const;
    expect(codes(facts({ ...division, currentRankSince: '2022-03-02' }))).toEqual(['years_at_lower_level']);
    expect(codes(facts({ ...division, currentRankSince: '2022-03-01' }))).toEqual([]);
    const bureau = { currentRank: 'deputy_bureau', targetRank: 'bureau' } as const;
    expect(codes(facts({ ...bureau, currentRankSince: '2022-03-02' }))).toEqual(['years_at_lower_level']);
  });

  it('years at lower level counted from 29 February are full on 1 March two years later', () => {
    expect(codes(facts({ currentRankSince: '2020-02-29', asOf: '2022-02-28' }))).toEqual([
      'years_at_lower_level',
    ]);
    expect(codes(facts({ currentRankSince: '2020-02-29', asOf: '2022-03-01' }))).toEqual([]);
  });

  it('years at lower level come from the policy: a stricter 3 years fails 2', () => {
    expect(codes(facts(), { ...policy, minYearsAsDeputyBeforeHead: 3 })).toEqual(['years_at_lower_level']);
  });
});

describe("qualification: a lower level's head → the upper level's deputy needs 3 years as head", () => {
  const up = { currentRank: 'section', targetRank: 'deputy_division' } as const;

  it('years at lower level of exactly 3 years as head qualifies (正科 since 2021-03-01 → 副处)', () => {
    expect(codes(facts({ ...up, currentRankSince: '2021-03-01' }))).toEqual([]);
  });

  it('years at lower level one day short of 3 years as head fails', () => {
    const result = review(facts({ ...up, currentRankSince: '2021-03-02' }));
    expect(result.failures.map((f) => f.code)).toEqual(['years_at_lower_level']);
    expect(result.failures[0]?.messageZh).toContain('由下级正职提任上级副职');
  });

  it('years at lower level (3) come from the policy: a stricter 4 years fails 3', () => {
    const stricter = { ...policy, minYearsAsLowerHeadBeforeUpperDeputy: 4 };
    expect(codes(facts({ ...up, currentRankSince: '2021-03-01' }), stricter)).toEqual([
      'years_at_lower_level',
    ]);
  });

  it('years at lower level: 科员 → 副科 has no such rule', () => {
    expect(
      codes(facts({ currentRank: 'clerk', targetRank: 'deputy_section', currentRankSince: '2024-01-01' })),
    ).toEqual([]);
  });

  it('years at lower level do not apply to a lateral move or a move down', () => {
    expect(codes(facts({ targetRank: 'deputy_section', currentRankSince: '2024-02-01' }))).toEqual([]);
    expect(codes(facts({ targetRank: 'clerk', currentRankSince: '2024-02-01' }))).toEqual([]);
  });
});

describe('qualification: years of work before a division-level (县处级) post', () => {
  const up = {
    currentRank: 'section',
    targetRank: 'deputy_division',
    currentRankSince: '2021-03-01',
  } as const;

  it('years of work of exactly 5 years qualifies for 副处', () => {
    expect(codes(facts({ ...up, workStartDate: '2019-03-01', currentRankSince: '2019-03-01' }))).toEqual([]);
  });

  it('years of work one day short of 5 years fails with years_of_work', () => {
    const result = review(facts({ ...up, workStartDate: '2019-03-02', currentRankSince: '2019-03-02' }));
    expect(result.failures.map((f) => f.code)).toEqual(['years_of_work']);
    expect(result.failures[0]?.message).toContain('reached on 2024-03-02');
  });

  it('years of work are not checked for section-level (科级) promotions', () => {
    expect(codes(facts({ workStartDate: '2022-03-01' }))).toEqual([]);
  });

  it('years of work come from the policy: a stricter 8 years fails 7', () => {
    expect(
      codes(facts({ ...up, workStartDate: '2017-03-01' }), { ...policy, minYearsOfWorkForDivisionLevel: 8 }),
    ).toEqual(['years_of_work']);
  });
});

describe('qualification: skipping levels (越级)', () => {
  it('skipping one level (正科 → 正处) fails as skips_level unless an exceptional promotion', () => {
    const result = review(
      facts({ currentRank: 'section', targetRank: 'division', currentRankSince: '2020-01-01' }),
    );
    expect(result.failures.map((f) => f.code)).toEqual(['skips_level']);
  });

  it('skipping two levels (正科 → 副局) is never allowed, even with consent on record', () => {
    const result = review(
      facts({
        currentRank: 'section',
        targetRank: 'deputy_bureau',
        currentRankSince: '2020-01-01',
        exceptional: { superiorConsentOnRecord: true },
      }),
    );
    expect(result.qualified).toBe(false);
    expect(result.failures.map((f) => f.code)).toEqual(['skips_two_levels']);
    expect(result.failures[0]?.messageZh).toContain('不得越两级提拔');
  });

  it('skipping three levels (副科 → 副局) also reports skips_two_levels', () => {
    expect(codes(facts({ targetRank: 'deputy_bureau' }))).toContain('skips_two_levels');
  });
});

describe('qualification: exceptional promotion (破格) needs superior consent on record', () => {
  const skip = { currentRank: 'section', targetRank: 'division', currentRankSince: '2020-01-01' } as const;

  it('exceptional promotion with consent waives a one-level skip and records the waiver', () => {
    const result = review(facts({ ...skip, exceptional: { superiorConsentOnRecord: true } }));
    expect(result.qualified).toBe(true);
    expect(result.waived.map((w) => w.code)).toEqual(['skips_level']);
  });

  it('exceptional promotion with consent waives years at the lower level and years of work', () => {
    const result = review(
      facts({
        currentRank: 'section',
        targetRank: 'deputy_division',
        workStartDate: '2021-01-01',
        currentRankSince: '2022-01-01',
        exceptional: { superiorConsentOnRecord: true },
      }),
    );
    expect(result.qualified).toBe(true);
    expect(result.waived.map((w) => w.code)).toEqual(['years_of_work', 'years_at_lower_level']);
  });

  it('exceptional promotion without consent on record fails, and waives nothing', () => {
    const result = review(facts({ ...skip, exceptional: { superiorConsentOnRecord: false } }));
    expect(result.failures.map((f) => f.code)).toEqual(['skips_level', 'exceptional_without_consent']);
    expect(result.waived).toEqual([]);
  });

  it('exceptional promotion without consent fails even when nothing needed waiving', () => {
    expect(codes(facts({ exceptional: { superiorConsentOnRecord: false } }))).toEqual([
      'exceptional_without_consent',
    ]);
  });

  it('exceptional promotion within a year of taking the current rank is too soon (one day short); a full year is not', () => {
    const consent = { exceptional: { superiorConsentOnRecord: true } };
    expect(codes(facts({ ...skip, ...consent, currentRankSince: '2023-03-02' }))).toEqual([
      'skips_level',
      'exceptional_too_soon',
    ]);
    expect(codes(facts({ ...skip, ...consent, currentRankSince: '2023-03-01' }))).toEqual([]);
  });

  it('exceptional promotion while on probation is too soon', () => {
    expect(
      codes(facts({ ...skip, exceptional: { superiorConsentOnRecord: true }, onProbation: true })),
    ).toEqual(['skips_level', 'exceptional_too_soon']);
  });

  it('exceptional promotion may not waive the years at the lower level twice in a row', () => {
    const short = { asOf: '2024-02-29', exceptional: { superiorConsentOnRecord: true } };
    expect(codes(facts({ ...short, previousPromotionWaivedYears: true }))).toEqual([
      'years_at_lower_level',
      'exceptional_consecutive_years_waiver',
    ]);
    expect(codes(facts({ ...short, previousPromotionWaivedYears: false }))).toEqual([]);
    // A level skip is not a years waiver.
    expect(
      codes(
        facts({
          ...skip,
          exceptional: { superiorConsentOnRecord: true },
          previousPromotionWaivedYears: true,
        }),
      ),
    ).toEqual([]);
  });

  it('exceptional promotion never waives the appraisal, an influence period or the naked-official rule', () => {
    const result = review(
      facts({
        ...skip,
        exceptional: { superiorConsentOnRecord: true },
        lastAnnualAppraisal: 'basically_competent',
        measures: [{ kind: 'admonishment', effectiveDate: '2024-01-01', rankAtMeasure: 'section' }],
        family: { spouse: 'emigrated', children: 0, childrenEmigrated: 0 },
      }),
    );
    expect(result.failures.map((f) => f.code)).toEqual([
      'annual_appraisal',
      'influence_period',
      'naked_official',
    ]);
    expect(result.waived.map((w) => w.code)).toEqual(['skips_level']);
  });
});

describe('qualification: last annual appraisal at least 称职', () => {
  it('annual appraisal of 优秀 or 称职 qualifies', () => {
    expect(codes(facts({ lastAnnualAppraisal: 'excellent' }))).toEqual([]);
    expect(codes(facts({ lastAnnualAppraisal: 'competent' }))).toEqual([]);
  });

  it('annual appraisal of 基本称职 fails', () => {
    const result = review(facts({ lastAnnualAppraisal: 'basically_competent' }));
    expect(result.failures.map((f) => f.code)).toEqual(['annual_appraisal']);
    expect(result.failures[0]?.messageZh).toBe('上一年度考核结果为基本称职,应为称职以上等次');
  });

  it('annual appraisal of 不称职 fails', () => {
    expect(codes(facts({ lastAnnualAppraisal: 'incompetent' }))).toEqual(['annual_appraisal']);
  });
});

describe('qualification: not inside an influence period (影响期)', () => {
  const admonished = (effectiveDate: string) => ({
    measures: [{ kind: 'admonishment' as const, effectiveDate, rankAtMeasure: 'deputy_section' as const }],
  });

  it('influence period of an admonishment 6 months minus a day ago fails', () => {
    const result = review(facts(admonished('2023-09-02')));
    expect(result.failures.map((f) => f.code)).toEqual(['influence_period']);
    expect(result.failures[0]?.message).toContain('through 2024-03-01');
  });

  it('influence period of an admonishment exactly 6 months ago is over', () => {
    expect(codes(facts(admonished('2023-09-01')))).toEqual([]);
  });

  it('influence period after 免职 bars even a first leading post (科员 → 副科) within the year', () => {
    expect(
      codes(
        facts({
          currentRank: 'clerk',
          targetRank: 'deputy_section',
          measures: [{ kind: 'removal', effectiveDate: '2023-06-01', rankAtMeasure: 'deputy_section' }],
        }),
      ),
    ).toEqual(['influence_period']);
  });
});

describe('qualification: not a naked official (裸官)', () => {
  const family = (spouse: 'none' | 'domestic' | 'emigrated', children: number, childrenEmigrated: number) =>
    facts({ family: { spouse, children, childrenEmigrated } });

  it('naked official: a spouse who has emigrated fails', () => {
    const result = review(family('emigrated', 1, 0));
    expect(result.failures.map((f) => f.code)).toEqual(['naked_official']);
    expect(result.failures[0]?.messageZh).toBe('配偶已移居国(境)外');
  });

  it('naked official: a spouse and all children emigrated fails', () => {
    expect(codes(family('emigrated', 2, 2))).toEqual(['naked_official']);
  });

  it('naked official: no spouse and all children emigrated fails', () => {
    expect(codes(family('none', 2, 2))).toEqual(['naked_official']);
  });

  it('naked official: no spouse and one of two children emigrated qualifies', () => {
    expect(codes(family('none', 2, 1))).toEqual([]);
  });

  it('naked official: a spouse at home with all children emigrated qualifies', () => {
    expect(codes(family('domestic', 2, 2))).toEqual([]);
  });

  it('naked official: no spouse and no children qualifies', () => {
    expect(codes(family('none', 0, 0))).toEqual([]);
  });
});

describe('qualification: all failures are returned at once', () => {
  it('every failed rule is listed with a code, an English and a Chinese message', () => {
    const result = review(
      facts({
        asOf: '2024-02-29',
        lastAnnualAppraisal: 'incompetent',
        measures: [{ kind: 'gov_warning', effectiveDate: '2024-01-01', rankAtMeasure: 'deputy_section' }],
        family: { spouse: 'none', children: 1, childrenEmigrated: 1 },
      }),
    );
    expect(result.failures.map((f) => f.code)).toEqual([
      'years_at_lower_level',
      'annual_appraisal',
      'influence_period',
      'naked_official',
    ]);
    for (const f of result.failures) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('qualification: facts that do not add up are refused', () => {
  it('more emigrated children than children is refused', () => {
    expect(
      refused(
        reviewQualification(facts({ family: { spouse: 'none', children: 1, childrenEmigrated: 2 } }), policy),
      ),
    ).toMatch(/2 children emigrated out of 1/);
  });

  it('dates out of order are refused', () => {
    expect(refused(reviewQualification(facts({ currentRankSince: '2024-03-02' }), policy))).toMatch(
      /after the review date/,
    );
    expect(refused(reviewQualification(facts({ workStartDate: '2023-01-01' }), policy))).toMatch(
      /cannot start before work did/,
    );
    expect(
      refused(
        reviewQualification(
          facts({
            measures: [{ kind: 'admonishment', effectiveDate: '2024-03-02', rankAtMeasure: 'section' }],
          }),
          policy,
        ),
      ),
    ).toMatch(/after the review date/);
  });

  it('an exceptional promotion that is not a promotion is refused', () => {
    expect(
      refused(
        reviewQualification(
          facts({ targetRank: 'deputy_section', exceptional: { superiorConsentOnRecord: true } }),
          policy,
        ),
      ),
    ).toMatch(/must be a promotion/);
  });

  it('unknown appraisal grades and ranks, and malformed dates, are refused', () => {
    expect(refused(reviewQualification(facts({ lastAnnualAppraisal: '称职' as never }), policy))).toMatch(
      /lastAnnualAppraisal/,
    );
    expect(refused(reviewQualification(facts({ targetRank: '正科' as never }), policy))).toMatch(
      /targetRank/,
    );
    expect(refused(reviewQualification(facts({ asOf: '2024-02-30' }), policy))).toMatch(/asOf/);
  });

  it('a malformed policy section is refused', () => {
    expect(refused(reviewQualification(facts(), { ...policy, minYearsAsDeputyBeforeHead: -1 }))).toMatch(
      /policy\.qualification/,
    );
  });

  it('the zod schema refuses the same facts at the edge', () => {
    expect(
      qualificationFactsSchema.safeParse(
        facts({ family: { spouse: 'none', children: 1, childrenEmigrated: 2 } }),
      ).success,
    ).toBe(false);
    expect(qualificationFactsSchema.safeParse(facts()).success).toBe(true);
  });
});
