import { describe, expect, it } from 'vitest';
import {
  type AvoidanceInput,
  avoidanceInputSchema,
  type PostFunction,
  type Relative,
} from '../../../domain/facts/avoidance';
import { avoidanceConflicts, recusals } from '../../../machines/rules/avoidance';
import { accepted, refused } from './expect-result';

const family: Relative[] = [
  { id: 'w-1', relation: 'spouse' },
  { id: 'b-1', relation: 'collateral' },
];

/** Cadre c-1 moving into a post of unit u-1 reporting to boss; wife w-1, brother b-1. */
function input(
  overrides: Partial<AvoidanceInput['post']> = {},
  relatives: Relative[] = family,
): AvoidanceInput {
  return {
    cadreId: 'c-1',
    post: {
      unitId: 'u-1',
      function: 'other',
      directSuperiorId: 'boss',
      unitLeaderIds: ['boss', 'deputy'],
      ...overrides,
    },
    relatives,
  };
}
const conflicts = (i: AvoidanceInput) => accepted(avoidanceConflicts(i));

describe('avoidance: nobody may report directly to a spouse or close relative', () => {
  it('avoidance allows a post whose superior and leaders are unrelated', () => {
    expect(conflicts(input())).toEqual([]);
  });

  it('avoidance refuses a post reporting directly to the spouse', () => {
    const found = conflicts(input({ directSuperiorId: 'w-1', unitLeaderIds: ['w-1'] }));
    expect(found).toEqual([
      {
        code: 'reports_to_relative',
        relativeId: 'w-1',
        relation: 'spouse',
        message: 'the post reports directly to w-1, a relative (spouse)',
        messageZh: '拟任职务的直接上级w-1与本人有夫妻关系,应当回避',
      },
    ]);
  });

  it('avoidance covers every close relation: lineal, collateral within three generations, close in-law', () => {
    for (const relation of ['lineal', 'collateral', 'in_law'] as const) {
      const found = conflicts(input({ directSuperiorId: 'r' }, [{ id: 'r', relation }]));
      expect(found.map((c) => [c.code, c.relation])).toEqual([['reports_to_relative', relation]]);
    }
  });

  it('avoidance refuses a post where a relative would report directly to the cadre', () => {
    expect(conflicts(input({ directReportIds: ['x', 'b-1'] })).map((c) => [c.code, c.relativeId])).toEqual([
      ['relative_reports_to_cadre', 'b-1'],
    ]);
  });

  it('avoidance refuses a post reporting to the same superior as a relative', () => {
    expect(conflicts(input({ peerIds: ['w-1'] })).map((c) => c.code)).toEqual(['same_superior_as_relative']);
  });

  it('avoidance allows a post with no superior in the system', () => {
    expect(conflicts(input({ directSuperiorId: null }))).toEqual([]);
  });
});

describe('avoidance: no organization, discipline, audit or finance work under a relative', () => {
  const sensitive: PostFunction[] = ['organization', 'discipline', 'audit', 'finance'];

  for (const fn of sensitive) {
    it(`avoidance refuses ${fn} work in a unit a relative leads, even when not the direct superior`, () => {
      const found = conflicts(input({ function: fn, unitLeaderIds: ['boss', 'b-1'] }));
      expect(found.map((c) => [c.code, c.relativeId])).toEqual([['sensitive_work_under_relative', 'b-1']]);
    });
  }

  it('avoidance allows other work in a unit a relative leads (as long as not reporting to them)', () => {
    expect(conflicts(input({ function: 'other', unitLeaderIds: ['boss', 'b-1'] }))).toEqual([]);
  });

  it('avoidance reports both lines when a relative is both the direct superior and a leader of a finance unit', () => {
    const found = conflicts(input({ function: 'finance', directSuperiorId: 'w-1', unitLeaderIds: ['w-1'] }));
    expect(found.map((c) => c.code)).toEqual(['reports_to_relative', 'sensitive_work_under_relative']);
    expect(found[1]?.messageZh).toContain('财务');
  });

  it('avoidance allows finance work when no leader is a relative', () => {
    expect(conflicts(input({ function: 'finance' }))).toEqual([]);
  });
});

describe('avoidance: inputs that do not add up are refused', () => {
  it('the cadre listed as their own relative is refused', () => {
    expect(refused(avoidanceConflicts(input({}, [{ id: 'c-1', relation: 'spouse' }])))).toMatch(
      /own relative/,
    );
  });

  it('the cadre as their own superior is refused', () => {
    expect(refused(avoidanceConflicts(input({ directSuperiorId: 'c-1' })))).toMatch(/report to themself/);
  });

  it('a relative listed twice is refused', () => {
    expect(refused(avoidanceConflicts(input({}, [...family, { id: 'w-1', relation: 'lineal' }])))).toMatch(
      /listed twice/,
    );
  });

  it('unknown relations or functions, and blank ids, are refused', () => {
    expect(refused(avoidanceConflicts(input({}, [{ id: 'x', relation: 'friend' as never }])))).toMatch(
      /relation/,
    );
    expect(refused(avoidanceConflicts(input({ function: 'catering' as never })))).toMatch(/post\.function/);
    expect(refused(avoidanceConflicts(input({ directSuperiorId: ' boss' })))).toMatch(/whitespace/);
    expect(refused(avoidanceConflicts(input({ unitLeaderIds: [''] })))).toMatch(/unitLeaderIds/);
  });

  it('the zod schema refuses the same inputs at the edge', () => {
    expect(avoidanceInputSchema.safeParse(input({ directSuperiorId: 'c-1' })).success).toBe(false);
    expect(avoidanceInputSchema.safeParse(input()).success).toBe(true);
  });
});

describe('avoidance: a committee member recuses from a vote on a relative', () => {
  const members = ['m-1', 'm-2', 'm-3', 'm-4'];

  it('recusal of members who are relatives of the candidate, in member order', () => {
    expect(
      accepted(
        recusals(members, [
          { id: 'm-3', relation: 'in_law' },
          { id: 'outsider', relation: 'spouse' },
          { id: 'm-1', relation: 'lineal' },
        ]),
      ),
    ).toEqual(['m-1', 'm-3']);
  });

  it('recusal of nobody when no member is related', () => {
    expect(accepted(recusals(members, [{ id: 'x', relation: 'spouse' }]))).toEqual([]);
    expect(accepted(recusals(members, []))).toEqual([]);
  });

  it('recusal of the candidate themself when a member', () => {
    expect(accepted(recusals(members, [], 'm-2'))).toEqual(['m-2']);
  });

  it('recusal input with a member listed twice or a relative listed twice is refused', () => {
    expect(refused(recusals(['m-1', 'm-1'], []))).toMatch(/member is listed twice/);
    expect(
      refused(
        recusals(members, [
          { id: 'm-1', relation: 'spouse' },
          { id: 'm-1', relation: 'lineal' },
        ]),
      ),
    ).toMatch(/relative m-1 is listed twice/);
  });
});
