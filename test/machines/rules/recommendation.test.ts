import { describe, expect, it } from 'vitest';
import {
  type RecommendationTallies,
  recommendationTalliesSchema,
} from '../../../domain/facts/recommendation';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { participationCheck, rankNominees } from '../../../machines/rules/recommendation';
import { accepted, refused } from './expect-result';

const policy = DEFAULT_POLICY.recommendation;

describe('democratic recommendation: at least two thirds of listed participants must take part', () => {
  const sufficient = (listed: number, tookPart: number, p = policy) =>
    accepted(participationCheck({ listed, tookPart }, p)).sufficient;

  it('participation of exactly two thirds passes (20 of 30, 2 of 3)', () => {
    expect(sufficient(30, 20)).toBe(true);
    expect(sufficient(3, 2)).toBe(true);
  });

  it('participation one short of two thirds fails (19 of 30, 1 of 3)', () => {
    expect(sufficient(30, 19)).toBe(false);
    expect(sufficient(3, 1)).toBe(false);
  });

  it('participation when two thirds is not whole rounds up: 7 of 10 passes, 6 of 10 fails', () => {
    expect(sufficient(10, 7)).toBe(true);
    expect(sufficient(10, 6)).toBe(false);
    expect(accepted(participationCheck({ listed: 10, tookPart: 7 }, policy)).minimumNeeded).toBe(7);
  });

  it('participation of everyone and of no one', () => {
    expect(sufficient(45, 45)).toBe(true);
    expect(sufficient(45, 0)).toBe(false);
  });

  it('participation minimum comes from the policy: a stricter 4/5 fails 79 of 100', () => {
    const stricter = { ...policy, minParticipation: { numerator: 4, denominator: 5 } };
    expect(sufficient(100, 79, stricter)).toBe(false);
    expect(sufficient(100, 80, stricter)).toBe(true);
  });

  it('participation that does not add up is refused: more took part than were listed, or nobody listed', () => {
    expect(refused(participationCheck({ listed: 30, tookPart: 31 }, policy))).toMatch(
      /31 took part but only 30/,
    );
    expect(refused(participationCheck({ listed: 0, tookPart: 0 }, policy))).toMatch(/at least one listed/);
    expect(refused(participationCheck({ listed: 30, tookPart: -1 }, policy))).toMatch(
      /participation\.tookPart/,
    );
  });
});

describe('democratic recommendation: tallies combined by channel weights into a ranked score', () => {
  const rank = (input: RecommendationTallies, p = policy) => accepted(rankNominees(input, p));

  it('weighted score: each channel share is weighted by the policy (mass 0.3, organizational 0.2)', () => {
    const ranked = rank({
      channels: [
        { channel: 'mass_recommendation', participants: 100, tallies: { A: 60, B: 40 } },
        { channel: 'organizational', participants: 10, tallies: { A: 2, B: 9 } },
      ],
    });
    // A = 0.3·0.6 + 0.2·0.2 = 0.22; B = 0.3·0.4 + 0.2·0.9 = 0.30.
    expect(ranked.map((r) => [r.rank, r.nomineeId])).toEqual([
      [1, 'B'],
      [2, 'A'],
    ]);
    expect(ranked[0]?.score).toBeCloseTo(0.3, 12);
    expect(ranked[1]?.score).toBeCloseTo(0.22, 12);
    expect(ranked[1]?.shares).toEqual({ mass_recommendation: 0.6, organizational: 0.2 });
  });

  it('weighted score normalises each channel by its participants: raw votes do not decide', () => {
    // A has more raw recommendations (62 vs 49) but B has the larger shares.
    const ranked = rank({
      channels: [
        { channel: 'mass_recommendation', participants: 200, tallies: { A: 60, B: 40 } },
        { channel: 'leaders_and_committee', participants: 10, tallies: { A: 2, B: 9 } },
      ],
    });
    expect(ranked.map((r) => r.nomineeId)).toEqual(['B', 'A']);
  });

  it('weighted score: the same share in a small and a large channel of equal weight counts the same', () => {
    const ranked = rank({
      channels: [
        { channel: 'mass_recommendation', participants: 200, tallies: { big: 100 } },
        { channel: 'leaders_and_committee', participants: 10, tallies: { small: 5 } },
      ],
    });
    expect(ranked.map((r) => [r.nomineeId, r.tied])).toEqual([
      ['big', true],
      ['small', true],
    ]);
  });

  it('weighted score ties are exact: 0.1 + 0.2 ties with 0.3 and the tie breaks by nominee id', () => {
    // In floats 0.1 + 0.2 = 0.30000000000000004 would put "b" ahead; exactly, it is a tie and "a" comes first.
    const ranked = rank({
      channels: [
        { channel: 'individual_leader', participants: 1, tallies: { b: 1 } },
        { channel: 'organizational', participants: 1, tallies: { b: 1 } },
        { channel: 'mass_recommendation', participants: 1, tallies: { a: 1 } },
      ],
    });
    expect(ranked.map((r) => [r.rank, r.nomineeId, r.tied])).toEqual([
      [1, 'a', true],
      [2, 'b', true],
    ]);
  });

  it('weighted score ranking is stable whatever order the tallies arrive in', () => {
    const channels = [
      { channel: 'mass_recommendation' as const, participants: 10, tallies: { z: 3, m: 3, a: 3, q: 5 } },
    ];
    expect(rank({ channels }).map((r) => r.nomineeId)).toEqual(['q', 'a', 'm', 'z']);
    expect(rank({ channels }).map((r) => r.tied)).toEqual([false, true, true, true]);
  });

  it('weighted score uses the case policy weights: weighting organizational higher changes the order', () => {
    const input: RecommendationTallies = {
      channels: [
        { channel: 'mass_recommendation', participants: 10, tallies: { A: 8, B: 2 } },
        { channel: 'organizational', participants: 10, tallies: { A: 2, B: 8 } },
      ],
    };
    expect(rank(input).map((r) => r.nomineeId)).toEqual(['A', 'B']);
    const orgHeavy = { ...policy, channelWeights: { ...policy.channelWeights, organizational: 0.5 } };
    expect(rank(input, orgHeavy).map((r) => r.nomineeId)).toEqual(['B', 'A']);
  });

  it('weighted score: a channel of weight 0 does not count', () => {
    const noSelf = { ...policy, channelWeights: { ...policy.channelWeights, self_nomination: 0 } };
    const ranked = rank(
      {
        channels: [
          { channel: 'mass_recommendation', participants: 10, tallies: { A: 5, B: 5 } },
          { channel: 'self_nomination', participants: 1, tallies: { B: 1 } },
        ],
      },
      noSelf,
    );
    expect(ranked.every((r) => r.tied)).toBe(true);
    expect(ranked.map((r) => r.nomineeId)).toEqual(['A', 'B']);
  });

  it('weighted score includes listed nominees nobody recommended, last, with score 0', () => {
    const ranked = rank({
      nomineeIds: ['C', 'A', 'B'],
      channels: [{ channel: 'mass_recommendation', participants: 10, tallies: { B: 4 } }],
    });
    expect(ranked.map((r) => [r.nomineeId, r.score])).toEqual([
      ['B', 0.12],
      ['A', 0],
      ['C', 0],
    ]);
  });
});

describe('democratic recommendation: tallies that do not add up are refused', () => {
  const base = { channel: 'mass_recommendation' as const, participants: 10, tallies: { A: 5 } };

  it('a nominee recommended more often than the channel has participants is refused', () => {
    expect(refused(rankNominees({ channels: [{ ...base, tallies: { A: 11 } }] }, policy))).toMatch(
      /11 recommendations for A from only 10 participants/,
    );
  });

  it('a channel with no participants is refused (it cannot be normalised)', () => {
    expect(refused(rankNominees({ channels: [{ ...base, participants: 0, tallies: {} }] }, policy))).toMatch(
      /no participants/,
    );
  });

  it('a channel reported twice is refused', () => {
    expect(refused(rankNominees({ channels: [base, base] }, policy))).toMatch(/appears twice/);
  });

  it('a tally for a nominee outside the listed nominees is refused', () => {
    expect(refused(rankNominees({ nomineeIds: ['B'], channels: [base] }, policy))).toMatch(/A is not among/);
  });

  it('a nominee listed twice is refused', () => {
    expect(refused(rankNominees({ nomineeIds: ['A', 'A'], channels: [base] }, policy))).toMatch(
      /listed twice/,
    );
  });

  it('an unknown channel, negative tally or no channel at all is refused', () => {
    expect(refused(rankNominees({ channels: [{ ...base, channel: 'lottery' as never }] }, policy))).toMatch(
      /channel/,
    );
    expect(refused(rankNominees({ channels: [{ ...base, tallies: { A: -1 } }] }, policy))).toMatch(
      /tallies\.A/,
    );
    expect(refused(rankNominees({ channels: [] }, policy))).toMatch(/recommendation\.channels/);
  });

  it('a ranking where every channel supplied weighs 0 is refused', () => {
    const zero = { ...policy, channelWeights: { ...policy.channelWeights, mass_recommendation: 0 } };
    expect(refused(rankNominees({ channels: [base] }, zero))).toMatch(/weight 0/);
  });

  it('the zod schema refuses the same inputs at the edge', () => {
    expect(
      recommendationTalliesSchema.safeParse({ channels: [{ ...base, tallies: { A: 11 } }] }).success,
    ).toBe(false);
    expect(recommendationTalliesSchema.safeParse({ channels: [base] }).success).toBe(true);
  });
});
