import { describe, expect, it } from 'vitest';
import { type CommitteeVote, committeeVoteSchema } from '../../../domain/facts/vote';
import { DEFAULT_POLICY } from '../../../domain/policy';
import { committeeVoteOutcome } from '../../../machines/rules/vote';
import { accepted, refused } from './expect-result';

const policy = DEFAULT_POLICY.vote;
const outcome = (vote: CommitteeVote, p = policy) => accepted(committeeVoteOutcome(vote, p)).outcome;

/** Everyone present votes; `against` fills the rest unless given. */
function vote(
  shouldAttend: number,
  present: number,
  votes: { for: number; defer?: number; recused?: number },
) {
  const defer = votes.defer ?? 0;
  return {
    shouldAttend,
    present,
    recused: votes.recused ?? 0,
    for: votes.for,
    defer,
    against: present - votes.for - defer,
  };
}

describe('committee vote: valid only with at least two thirds of members present (quorum)', () => {
  it('quorum of exactly two thirds is valid (6 of 9)', () => {
    expect(outcome(vote(9, 6, { for: 6 }))).toBe('passed');
  });

  it('quorum one member short of two thirds is void (5 of 9)', () => {
    expect(outcome(vote(9, 5, { for: 5 }))).toBe('void_no_quorum');
  });

  it('quorum when two thirds is not a whole number rounds up: 7 of 10 valid, 6 of 10 void', () => {
    expect(outcome(vote(10, 7, { for: 7 }))).toBe('passed');
    expect(outcome(vote(10, 6, { for: 6 }))).toBe('void_no_quorum');
  });

  it('quorum failure voids a vote that would otherwise pass unanimously', () => {
    const result = accepted(committeeVoteOutcome(vote(12, 7, { for: 7 }), policy));
    expect(result.outcome).toBe('void_no_quorum');
    expect(result.quorumMet).toBe(false);
  });

  it('quorum of a tiny committee: 2 of 3 valid, 1 of 3 void; 1 of 1 valid', () => {
    expect(outcome(vote(3, 2, { for: 2 }))).toBe('passed');
    expect(outcome(vote(3, 1, { for: 1 }))).toBe('void_no_quorum');
    expect(outcome(vote(1, 1, { for: 1 }))).toBe('passed');
  });

  it('quorum reports the members needed', () => {
    expect(accepted(committeeVoteOutcome(vote(9, 6, { for: 6 }), policy)).quorumNeeded).toBe(6);
    expect(accepted(committeeVoteOutcome(vote(10, 7, { for: 7 }), policy)).quorumNeeded).toBe(7);
    expect(accepted(committeeVoteOutcome(vote(11, 8, { for: 8 }), policy)).quorumNeeded).toBe(8);
  });

  it('quorum comes from the policy: a stricter 3/4 voids 5 of 8 and accepts 6 of 8', () => {
    const stricter = { ...policy, quorum: { numerator: 3, denominator: 4 } };
    expect(outcome(vote(8, 5, { for: 5 }), stricter)).toBe('void_no_quorum');
    expect(outcome(vote(8, 6, { for: 6 }), stricter)).toBe('passed');
  });
});

describe('committee vote: passes only with more than half of the members who should attend in favour', () => {
  it('pass with exactly half of the members who should attend fails (5 of 10)', () => {
    expect(outcome(vote(10, 10, { for: 5 }))).toBe('failed');
  });

  it('pass with one more than half of the members who should attend passes (6 of 10)', () => {
    expect(outcome(vote(10, 10, { for: 6 }))).toBe('passed');
  });

  it('pass with an odd committee: 5 of 9 passes, 4 of 9 fails', () => {
    expect(outcome(vote(9, 9, { for: 5 }))).toBe('passed');
    expect(outcome(vote(9, 9, { for: 4 }))).toBe('failed');
  });

  it('pass counts members who should attend, NOT those present: 5 of 7 present out of 10 fails', () => {
    // 5 is a clear majority of the 7 present, but not more than half of the 10 who should attend.
    expect(outcome(vote(10, 7, { for: 5 }))).toBe('failed');
    expect(outcome(vote(10, 7, { for: 6 }))).toBe('passed');
  });

  it('pass reports the votes needed', () => {
    expect(accepted(committeeVoteOutcome(vote(10, 10, { for: 6 }), policy)).votesNeededToPass).toBe(6);
    expect(accepted(committeeVoteOutcome(vote(9, 9, { for: 5 }), policy)).votesNeededToPass).toBe(5);
  });

  it('pass share comes from the policy: a stricter 2/3 fails 6 of 9 and passes 7 of 9', () => {
    const stricter = { ...policy, passAboveShareOfShouldAttend: { numerator: 2, denominator: 3 } };
    expect(outcome(vote(9, 9, { for: 6 }), stricter)).toBe('failed');
    expect(outcome(vote(9, 9, { for: 7 }), stricter)).toBe('passed');
  });
});

describe('committee vote: recused members (回避) stay in the committee but are not present', () => {
  it('recusal does not reduce the members who should attend: 5 for of 10 with 2 recused still fails', () => {
    expect(outcome(vote(10, 8, { for: 5, recused: 2 }))).toBe('failed');
  });

  it('recusal counts against quorum: 5 present + 1 recused of 9 is void', () => {
    expect(outcome(vote(9, 5, { for: 5, recused: 1 }))).toBe('void_no_quorum');
  });

  it('recusal with quorum still met: 6 present + 1 recused of 9, 5 for, passes', () => {
    expect(outcome(vote(9, 6, { for: 5, recused: 1 }))).toBe('passed');
  });
});

describe('committee vote: a split vote may be deferred (缓议)', () => {
  it('deferral when the vote does not pass and more members voted to defer than against', () => {
    expect(outcome({ shouldAttend: 9, present: 9, recused: 0, for: 4, against: 2, defer: 3 })).toBe(
      'deferred',
    );
  });

  it('deferral does not happen when defer and against are tied: the vote fails', () => {
    expect(outcome({ shouldAttend: 9, present: 9, recused: 0, for: 3, against: 3, defer: 3 })).toBe('failed');
  });

  it('deferral does not happen when more members voted against than to defer', () => {
    expect(outcome({ shouldAttend: 9, present: 9, recused: 0, for: 4, against: 3, defer: 2 })).toBe('failed');
  });

  it('deferral never overrides a vote that passed', () => {
    expect(outcome({ shouldAttend: 9, present: 9, recused: 0, for: 5, against: 0, defer: 4 })).toBe('passed');
  });

  it('deferral never rescues a vote without quorum', () => {
    expect(outcome({ shouldAttend: 9, present: 5, recused: 0, for: 1, against: 0, defer: 4 })).toBe(
      'void_no_quorum',
    );
  });
});

describe('committee vote: inputs that do not add up are refused', () => {
  it('for + against + defer must equal the members present', () => {
    expect(
      refused(committeeVoteOutcome({ shouldAttend: 9, present: 7, for: 5, against: 1, defer: 0 }, policy)),
    ).toMatch(/= 6, not the 7 members present/);
    expect(
      refused(committeeVoteOutcome({ shouldAttend: 9, present: 7, for: 5, against: 2, defer: 1 }, policy)),
    ).toMatch(/= 8/);
  });

  it('present (plus recused) may not exceed the members who should attend', () => {
    expect(
      refused(committeeVoteOutcome({ shouldAttend: 9, present: 10, for: 10, against: 0, defer: 0 }, policy)),
    ).toMatch(/exceeds the 9 members/);
    expect(
      refused(
        committeeVoteOutcome(
          { shouldAttend: 9, present: 9, recused: 1, for: 9, against: 0, defer: 0 },
          policy,
        ),
      ),
    ).toMatch(/recused 1 exceeds/);
  });

  it('a committee of nobody is refused', () => {
    expect(
      refused(committeeVoteOutcome({ shouldAttend: 0, present: 0, for: 0, against: 0, defer: 0 }, policy)),
    ).toMatch(/at least one member/);
  });

  it('negative and fractional counts are refused', () => {
    expect(
      refused(committeeVoteOutcome({ shouldAttend: 9, present: 6, for: 7, against: -1, defer: 0 }, policy)),
    ).toMatch(/vote\.against/);
    expect(
      refused(committeeVoteOutcome({ shouldAttend: 9.5, present: 6, for: 6, against: 0, defer: 0 }, policy)),
    ).toMatch(/vote\.shouldAttend/);
  });

  it('a malformed policy section (zero denominator) is refused', () => {
    const bad = { ...policy, quorum: { numerator: 2, denominator: 0 } };
    expect(refused(committeeVoteOutcome(vote(9, 9, { for: 9 }), bad))).toMatch(/policy\.vote\.quorum/);
  });

  it('the zod schema refuses the same inputs at the edge and defaults recused to 0', () => {
    expect(
      committeeVoteSchema.safeParse({ shouldAttend: 9, present: 7, for: 5, against: 1, defer: 0 }).success,
    ).toBe(false);
    expect(
      committeeVoteSchema.parse({ shouldAttend: 9, present: 6, for: 6, against: 0, defer: 0 }).recused,
    ).toBe(0);
  });
});
