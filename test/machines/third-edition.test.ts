import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { promotionMachine } from '../../machines/promotion';
import { rotationMachine } from '../../machines/rotation';
import { avoidanceConflicts } from '../../machines/rules/avoidance';
import { failedConditions } from '../../workflows/session/machine-view';
import {
  counts,
  e,
  evaluate,
  inspected,
  nominate,
  input as promotionInput,
  review,
} from '../support/promotion-fixtures';
import { reportingLines, rotation, rotationStart } from '../support/track-fixtures';

/**
 * Rules edition 3 (issue 11, "Rotation and avoidance"), each rule at its boundary, and the second edition
 * unchanged: rotation checks influence periods and 裸官 status as promotion does; avoidance of the
 * reverse line; inspection-team recusal.
 */
const AT = '2026-03-02T02:00:00.000Z';
const at = <E extends object>(event: E) => ({ ...event, at: AT });
const domestic = { spouse: 'domestic', children: 1, childrenEmigrated: 0 };

describe('rotation checks influence periods and 裸官 status (edition 3)', () => {
  const motion = (rulesEdition: 1 | 2 | 3) =>
    initialTransition(rotationMachine, {
      ...rotationStart({ caseId: 'rot-e3', inPostSince: '2016-02-11' }),
      rulesEdition,
    } as never)[0] as AnyMachineSnapshot;
  const propose = (eligibility?: object) => {
    const { eligibility: _default, ...rest } = rotation.propose();
    return at(eligibility ? { ...rest, eligibility } : rest);
  };

  it('a proposal with clear facts moves on; without them it is refused, naming the rule', () => {
    expect(motion(3).can(propose({ measures: [], family: domestic }) as never)).toBe(true);
    const bare = propose();
    expect(motion(3).can(bare as never)).toBe(false);
    expect(failedConditions(motion(3), bare)).toContain('rotationEligibilityStated');
    // The second edition did not ask.
    expect(motion(2).can(bare as never)).toBe(true);
  });

  it('a 降职 two years old to the day no longer bars; a day short it does (2 years no promotion does not bar a lateral move, 问责 免职 does)', () => {
    // 免职 for accountability: 1 year without a leading post (the proposed post leads), 2 years nothing above.
    const removal = (effectiveDate: string) => ({
      measures: [{ kind: 'removal', effectiveDate, rankAtMeasure: 'deputy_division' }],
      family: domestic,
    });
    expect(motion(3).can(propose(removal('2025-03-03')) as never)).toBe(false);
    expect(failedConditions(motion(3), propose(removal('2025-03-03')))).toContain(
      'noInfluencePeriodBarsTheMove',
    );
    expect(motion(3).can(propose(removal('2025-03-02')) as never)).toBe(true);
  });

  it('a 裸官 may not be moved: spouse emigrated, or no spouse and every child emigrated', () => {
    const family = (f: object) => ({ measures: [], family: f });
    expect(
      motion(3).can(propose(family({ spouse: 'emigrated', children: 0, childrenEmigrated: 0 })) as never),
    ).toBe(false);
    expect(
      motion(3).can(propose(family({ spouse: 'none', children: 2, childrenEmigrated: 2 })) as never),
    ).toBe(false);
    expect(
      motion(3).can(propose(family({ spouse: 'none', children: 2, childrenEmigrated: 1 })) as never),
    ).toBe(true);
    expect(
      failedConditions(
        motion(3),
        propose(family({ spouse: 'emigrated', children: 0, childrenEmigrated: 0 })),
      ),
    ).toContain('notNakedOfficial');
  });
});

describe('avoidance: the reverse line (edition 3)', () => {
  const lines = { ...reportingLines(null, ['L-head']), leadsUnit: true, sensitiveStaffIds: ['L-zhao'] };
  const relatives = [{ id: 'L-zhao', relation: 'spouse' as const }];

  it('a cadre may not lead a unit where a close relative does organization, discipline, audit or finance work', () => {
    const conflicts = avoidanceConflicts({ cadreId: 'C-1', post: lines, relatives }, { reverseLine: true });
    expect(conflicts).toEqual({
      ok: true,
      value: [expect.objectContaining({ code: 'leads_relative_in_sensitive_work', relativeId: 'L-zhao' })],
    });
    // Not a leading post, or the relative not in such work: no conflict. Before edition 3: not checked.
    for (const [post, options] of [
      [{ ...lines, leadsUnit: false }, { reverseLine: true }],
      [{ ...lines, sensitiveStaffIds: ['L-other'] }, { reverseLine: true }],
      [lines, {}],
    ] as [typeof lines, { reverseLine?: boolean }][]) {
      expect(avoidanceConflicts({ cadreId: 'C-1', post, relatives }, options)).toEqual({
        ok: true,
        value: [],
      });
    }
  });

  it('a rotation that would create the reverse line is refused under edition 3 only', () => {
    const start = (rulesEdition: 2 | 3) =>
      initialTransition(rotationMachine, {
        ...rotationStart({ caseId: 'rot-rev', inPostSince: '2016-02-11' }),
        rulesEdition,
      } as never)[0] as AnyMachineSnapshot;
    const proposal = at(rotation.propose({ reportingLines: lines }));
    expect(start(3).can(proposal as never)).toBe(false);
    expect(failedConditions(start(3), proposal)).toContain('createsNoLineToRelative');
    expect(start(2).can(proposal as never)).toBe(true);
  });
});

describe('inspection-team recusal (edition 3)', () => {
  const toInspection = (rulesEdition: 2 | 3) => {
    let [s] = initialTransition(promotionMachine, { ...promotionInput, rulesEdition } as never) as [
      AnyMachineSnapshot,
      unknown,
    ];
    for (const event of [
      e.motion,
      nominate('A'),
      nominate('B'),
      nominate('C'),
      e.closeNominations,
      review('A', {}, [{ id: 'T-cousin', relation: 'collateral' }]),
      review('B'),
      review('C'),
      e.concludeReview,
      e.recommendation(),
      e.choose('A', 'B'),
      e.notice,
      e.noticeElapsed,
      evaluate('A', counts.clear),
    ])
      [s] = transition(promotionMachine, s, event as never);
    expect(s.value).toBe('inspection');
    return s;
  };

  it("a member of the inspection team recuses from a relative's inspection; the team must be named", () => {
    const withTeam = (teamMemberIds?: string[]) => {
      const { teamMemberIds: _t, ...report } = inspected('A');
      return teamMemberIds ? { ...report, teamMemberIds } : report;
    };
    const s = toInspection(3);
    expect(s.can(withTeam(['T-li', 'T-wang']) as never)).toBe(true);
    expect(s.can(withTeam(['T-li', 'T-cousin']) as never)).toBe(false);
    expect(s.can(withTeam(['A']) as never)).toBe(false); // nor the candidate
    expect(s.can(withTeam() as never)).toBe(false);
    expect(failedConditions(s, withTeam(['T-cousin']))).toEqual(['inspectionTeamRecused']);
    // The second edition did not check.
    expect(toInspection(2).can(withTeam(['T-cousin']) as never)).toBe(true);
  });
});
