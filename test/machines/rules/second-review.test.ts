import { describe, expect, it } from 'vitest';
import type { QualificationFacts } from '../../../domain/facts/qualification';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { voteRecordedEventSchema } from '../../../domain/steps/vote';
import { evaluationOutcome } from '../../../machines/rules/evaluation';
import { type ReviewOptions, reviewQualification } from '../../../machines/rules/qualification';
import { committeeVoteOutcome } from '../../../machines/rules/vote';
import { accepted } from './expect-result';

/** Issue 10's rules, each at its boundary, under the second rules edition (and the first, unchanged). */
const second: ReviewOptions = { secondReview: true };

/** A 正科 since 2020, working since 2010, proposed for 副处 on 2026-02-11, with the second edition's facts. */
function facts(overrides: Partial<QualificationFacts> = {}): QualificationFacts {
  return {
    asOf: '2026-02-11',
    workStartDate: '2010-07-01',
    currentRank: 'section',
    currentRankSince: '2020-01-01',
    targetRank: 'deputy_division',
    lastAnnualAppraisal: 'competent',
    measures: [],
    family: { spouse: 'domestic', children: 1, childrenEmigrated: 0 },
    grassRootsYears: 2,
    postsAtLevelBelow: 2,
    ...overrides,
  };
}
const codes = (f: QualificationFacts, options: ReviewOptions = second) =>
  accepted(reviewQualification(f, DEFAULT_POLICY.qualification, options)).failures.map((x) => x.code);

describe('eligibility facts (条例 2019 art. 9; DOMAIN.md "Corrections and additions")', () => {
  it('two years of grass-roots experience suffice for a 县处级 post; fewer, or none stated, fail', () => {
    expect(codes(facts())).toEqual([]);
    expect(codes(facts({ grassRootsYears: 1.9 }))).toEqual(['grass_roots_experience']);
    expect(codes(facts({ grassRootsYears: undefined }))).toEqual(['grass_roots_experience']);
    // Below 县处级 the rule does not apply.
    expect(
      codes(
        facts({
          currentRank: 'deputy_section',
          targetRank: 'section',
          grassRootsYears: undefined,
          postsAtLevelBelow: undefined,
        }),
      ),
    ).toEqual([]);
  });

  it('five years of work for a 县处级 post: one day short fails', () => {
    expect(codes(facts({ workStartDate: '2021-02-12', currentRankSince: '2021-02-12' }))).toContain(
      'years_of_work',
    );
    expect(codes(facts({ workStartDate: '2021-02-11', currentRankSince: '2021-02-11' }))).not.toContain(
      'years_of_work',
    );
  });

  it('posts at the level below: the policy setting (2, from memory) is met at 2 and missed at 1', () => {
    expect(codes(facts({ postsAtLevelBelow: 1 }))).toEqual(['posts_at_level_below']);
    const lenient = { ...DEFAULT_POLICY.qualification, minPostsAtLevelBelow: 1 };
    expect(accepted(reviewQualification(facts({ postsAtLevelBelow: 1 }), lenient, second)).qualified).toBe(
      true,
    );
  });

  it('education and party age where the post requires them', () => {
    const requirements = { minEducation: 'bachelor', minPartyYears: 3 } as const;
    const at = (f: Partial<QualificationFacts>) => codes(facts(f), { ...second, requirements });
    expect(at({ education: 'bachelor', partyJoinedOn: '2023-02-11' })).toEqual([]);
    expect(at({ education: 'junior_college', partyJoinedOn: '2023-02-12' })).toEqual([
      'education',
      'party_age',
    ]);
    expect(at({})).toEqual(['education', 'party_age']);
  });

  it('not under investigation (审查调查) or suspended (停职检查)', () => {
    expect(codes(facts({ underInvestigation: true }))).toEqual(['under_investigation']);
    expect(codes(facts({ suspended: true }))).toEqual(['under_investigation']);
  });

  it('the first edition checks none of them', () => {
    const bare = facts({
      grassRootsYears: undefined,
      postsAtLevelBelow: undefined,
      underInvestigation: true,
    });
    expect(codes(bare, {})).toEqual([]);
  });
});

describe('职务 and 职级: a rank holder moving into a leading post of the same level is a promotion', () => {
  const rankHolder = facts({
    currentRank: 'section',
    targetRank: 'section',
    currentHolding: 'rank',
    currentRankSince: '2025-01-01',
    measures: [{ kind: 'party_warning', effectiveDate: '2025-06-01', rankAtMeasure: 'section' }],
  });

  it('under a party 警告 a 正科 职级 holder cannot become a 正科 leading post holder', () => {
    expect(codes(rankHolder)).toContain('influence_period');
    // The years at the level below apply: 正科 held since 2025 is short of the deputy → head years.
    expect(codes(rankHolder)).toContain('years_at_lower_level');
    // Under the first edition the two were folded together and nothing was checked.
    expect(codes(rankHolder, {})).toEqual([]);
  });

  it('a leading post holder at the same level moves laterally: no promotion rule applies', () => {
    expect(codes({ ...rankHolder, currentHolding: 'leading_post' })).toEqual([]);
  });
});

describe('破格: not during an unfinished probation nor within a year of the last promotion (条例 art. 11)', () => {
  const exceptional = (lastPromotedOn: string) =>
    facts({
      currentRank: 'deputy_section',
      currentRankSince: '2020-01-01',
      lastPromotedOn,
      exceptional: { superiorConsentOnRecord: true },
    });
  it('a year to the day after the last promotion is allowed; a day short is refused', () => {
    expect(codes(exceptional('2025-02-11'))).not.toContain('exceptional_too_soon');
    expect(codes(exceptional('2025-02-12'))).toContain('exceptional_too_soon');
    expect(codes({ ...exceptional('2020-01-01'), onProbation: true })).toContain('exceptional_too_soon');
  });
});

describe('evaluation shares are of valid ballots (DOMAIN.md "Evaluation")', () => {
  const counts = (dissatisfied: number) => ({
    total: 100,
    satisfied: 80 - dissatisfied,
    basicallySatisfied: 10,
    dissatisfied,
    invalid: 10,
  });
  const consequence = (d: number, validBallotsOnly: boolean) =>
    accepted(evaluationOutcome(counts(d), DEFAULT_POLICY.evaluation, { validBallotsOnly })).consequence;

  it('100 ballots, 10 invalid, 19 dissatisfied: 19/90 = 21.1%, admonished', () => {
    const outcome = accepted(
      evaluationOutcome(counts(19), DEFAULT_POLICY.evaluation, { validBallotsOnly: true }),
    );
    expect(outcome.consequence).toBe('admonishment');
    expect(outcome.dissatisfactionPercent.toFixed(1)).toBe('21.1');
    // Of all ballots it was 19%: the first edition did not admonish.
    expect(consequence(19, false)).toBe('none');
  });

  it('18 of 90 valid ballots is exactly 20%: not above it, no admonishment', () => {
    expect(consequence(18, true)).toBe('none');
  });
});

describe('the committee’s tallies', () => {
  const v = { shouldAttend: 9, present: 7, recused: 0, for: 3, against: 1, defer: 3 };

  it('deferral (暂缓) is the committee’s recorded decision, not computed from the counts', () => {
    const outcome = (deferralDecided?: boolean) =>
      accepted(committeeVoteOutcome(v, DEFAULT_POLICY.vote, { deferralDecided })).outcome;
    expect(outcome(undefined)).toBe('deferred'); // first edition: defer 3 > against 1
    expect(outcome(false)).toBe('failed');
    expect(outcome(true)).toBe('deferred');
    const passing = { ...v, for: 6, against: 0, defer: 1 };
    expect(
      accepted(committeeVoteOutcome(passing, DEFAULT_POLICY.vote, { deferralDecided: true })).outcome,
    ).toBe('passed');
  });

  it('tallies that cannot be true are invalid input, with the field path', () => {
    const event = (figures: object) => ({
      type: 'VOTE_RECORDED',
      actor: { id: 'c', role: 'committee' },
      presentMemberIds: [],
      ...v,
      ...figures,
    });
    const paths = (figures: object) => {
      const r = voteRecordedEventSchema.safeParse(event(figures));
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ for: 4 })).toEqual(['for']); // 8 votes from 7 present
    expect(paths({ present: 10, for: 6 })).toEqual(['present']); // 10 present of 9 who should attend
    expect(paths({ recused: 3 })).toEqual(['present']);
    expect(paths({})).toEqual([]);
  });
});
