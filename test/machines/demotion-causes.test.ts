import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Post } from '../../domain/case';
import { type DemotionTrigger, demotionVocabulary } from '../../domain/tracks/demotion';
import { type DemotionInput, demotionMachine } from '../../machines/demotion';

// Demotion and exit as DOMAIN.md "Corrections and additions" has it (second rules edition).
const AT = '2026-03-10T02:00:00.000Z';
const org = { id: 'od', role: 'organization_department' };
const committee = { id: 'sc', role: 'committee' };
const post = (rank: string): Post => ({
  unit: '区财政局',
  title: rank === '正处' ? '局长' : '干部',
  rank,
  leadershipTeam: true,
  carriesProbation: false,
});
const triggers = {
  incompetent: { kind: 'annual_assessment', year: 2025, grade: 'incompetent' },
  evaluation: {
    kind: 'evaluation',
    counts: { total: 100, satisfied: 20, basicallySatisfied: 29, dissatisfied: 51, abstained: 0, invalid: 0 },
  },
  accountability: { kind: 'accountability', incident: '安全生产事故负有领导责任' },
} satisfies Record<string, DemotionTrigger>;
const input = (trigger: DemotionTrigger, extra: Partial<DemotionInput> = {}): DemotionInput => ({
  department: 'district-finance',
  caseId: 'D-1',
  cadre: { id: 'C-1', name: '赵强' },
  currentPost: post('正处'),
  relatives: [],
  nominatedBy: [],
  trigger,
  policy: {},
  ...extra,
});
type Snapshot = AnyMachineSnapshot;
const run = (s: Snapshot, ...events: object[]) => {
  let current = s;
  for (const event of events) [current] = transition(demotionMachine, current as never, event as never);
  return current;
};
const toProposal = (trigger: DemotionTrigger, extra: Partial<DemotionInput> = {}) =>
  run(
    initialTransition(demotionMachine, input(trigger, extra))[0] as Snapshot,
    { type: 'TRIGGER_VERIFIED', at: AT, actor: org, findings: '属实' },
    { type: 'TALK_HELD', at: AT, actor: org, summary: '已谈话' },
  );
const propose = (outcome: string, extra: object = {}) => ({
  type: 'OUTCOME_PROPOSED',
  at: AT,
  actor: org,
  outcome,
  exitSupport: { keepsRank: false },
  ...extra,
});
const passes = {
  type: 'VOTE_RECORDED',
  at: AT,
  actor: committee,
  shouldAttend: 9,
  present: 9,
  for: 7,
  against: 2,
  defer: 0,
  recused: 0,
  presentMemberIds: Array.from({ length: 9 }, (_, i) => `m${i}`),
  recusedMemberIds: [],
};

describe('annual assessment 不称职 → 降职 by exactly one level', () => {
  it('正处 → 副处 is the one outcome; 正科 (two levels), removal or reassignment are refused', () => {
    const s = toProposal(triggers.incompetent);
    for (const refused of [
      propose('demotion', { newPost: post('正科') }),
      propose('removal', { removalGrounds: 'unsuited' }),
      propose('reassignment', { newPost: { ...post('正处'), unit: '区政协' } }),
    ])
      expect(run(s, refused), JSON.stringify(refused)).toBe(s);
    const demoted = run(s, propose('demotion', { newPost: post('副处') }), passes);
    // In effect, and (fourth edition) open to 复核 and 申诉.
    expect(demoted.value).toBe('openToReview');
    expect(demoted.context.influence.measure.kind).toBe('demotion');
  });

  it('the first edition allowed a deeper fall', () => {
    const s = toProposal(triggers.incompetent, { rulesEdition: 1 });
    expect(run(s, propose('demotion', { newPost: post('正科') })).value).toBe('committeeVote');
  });
});

describe('influence periods follow their cause', () => {
  it('removal as unsuited (不适宜, after an evaluation above 50%) → 1 year without promotion', () => {
    const s = toProposal(triggers.evaluation);
    expect(run(s, propose('removal', { removalGrounds: 'accountability' }))).toBe(s);
    expect(run(s, propose('removal'))).toBe(s);
    const removed = run(s, propose('removal', { removalGrounds: 'unsuited' }), passes);
    expect(removed.context.influence.measure.kind).toBe('unsuited_removal');
    expect(removed.context.influence.periods).toEqual([
      {
        restriction: 'no_promotion',
        from: '2026-03-10',
        lastBlockedDate: '2027-03-09',
        freeFrom: '2027-03-10',
      },
    ]);
  });

  it('removal for accountability (问责) → 1 year no leading post, 2 years nothing above the former level', () => {
    const s = toProposal(triggers.accountability);
    expect(run(s, propose('removal', { removalGrounds: 'unsuited' }))).toBe(s);
    const removed = run(s, propose('removal', { removalGrounds: 'accountability' }), passes);
    expect(
      removed.context.influence.periods.map((p: { restriction: string; freeFrom: string }) => p),
    ).toEqual([
      expect.objectContaining({ restriction: 'no_leading_post', freeFrom: '2027-03-10' }),
      expect.objectContaining({ restriction: 'not_above_former_rank', freeFrom: '2028-03-10' }),
    ]);
  });

  it('the first edition gave every removal the accountability period', () => {
    const s = toProposal(triggers.evaluation, { rulesEdition: 1 });
    const removed = run(s, propose('removal'), passes);
    expect(removed.context.influence.measure.kind).toBe('removal');
  });

  it('grounds that are no measure against the cadre start no influence period', () => {
    const other = run(
      initialTransition(
        demotionMachine,
        input({ kind: 'failed_probation', probationCaseId: 'P-1', findings: '不合格' }),
      )[0] as Snapshot,
      { type: 'TRIGGER_VERIFIED', at: AT, actor: org, findings: '属实' },
      { type: 'TALK_HELD', at: AT, actor: org, summary: '已谈话' },
      propose('removal', { removalGrounds: 'work_needs' }),
      passes,
    );
    expect(other.value).toBe('openToReview');
    expect(other.context.influence).toBeUndefined();
  });
});

describe('a demotion started by an evaluation counts shares of valid ballots (DOMAIN.md "Evaluation")', () => {
  const start = (counts: object) =>
    demotionVocabulary.startSchema.safeParse({
      department: 'district-org',
      caseId: 'dem-valid-ballots',
      cadre: { id: 'C-9', name: '赵' },
      currentPost: { unit: '区某局', title: '副局长', rank: '副处' },
      trigger: { kind: 'evaluation', counts },
    }).success;

  it('100 ballots, 10 invalid, 46 dissatisfied: 46/90 = 51.1% calls for adjustment (46/100 would not)', () => {
    expect(start({ total: 100, satisfied: 30, basicallySatisfied: 14, dissatisfied: 46, invalid: 10 })).toBe(
      true,
    );
  });

  it('45 of 90 valid ballots dissatisfied is exactly 50%: no adjustment, the start is refused', () => {
    expect(start({ total: 100, satisfied: 30, basicallySatisfied: 15, dissatisfied: 45, invalid: 10 })).toBe(
      false,
    );
  });
});
