import { getStateNodes } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, initialTransition, transition } from 'xstate';
import type { ZodType } from 'zod';
import { boundedPolicySchema, DEFAULT_POLICY } from '../../domain/policy';
import { calendarUpdatedEventSchema } from '../../domain/steps/publicity';
import { withdrawnEventSchema } from '../../domain/steps/withdrawal';
import { demotionEventSchema } from '../../domain/tracks/demotion';
import { probationEventSchema } from '../../domain/tracks/probation';
import { promotionEventSchema } from '../../domain/tracks/promotion';
import { rotationEventSchema } from '../../domain/tracks/rotation';
import { type VoteSlice, voteOutcomeOf } from '../../machines/fragments/committee-vote';
import { evaluationGuards, holdsLeadingPost } from '../../machines/fragments/evaluation';
import { eventOf } from '../../machines/fragments/events';
import { channelRuleMet } from '../../machines/fragments/nomination';
import {
  applyCalendarUpdate,
  closePublicity,
  type PublicitySlice,
  publicityGuards,
  startPublicity,
} from '../../machines/fragments/publicity';
import {
  clearsLastPending,
  clearsOneOfSeveral,
  recordHoldingReport,
  reportAcceptable,
  resolveReport,
  type SupervisionSlice,
  verifiesPendingReport,
} from '../../machines/fragments/supervision';
import { machinesByTrack } from '../../machines/index';
import type { StateMeta } from '../../machines/meta';
import { type ProbationInput, probationMachine } from '../../machines/probation';
import { promotionTimerEvents } from '../../machines/promotion';
import { passingProbationReview, probationStart } from '../support/cases';

type Actor = { id: string; role: string };
const at = '2026-02-11T02:00:00.000Z';
const org = { id: 'od', role: 'organization_department' };
const dept = { id: 'unit', role: 'department' };
const committee = { id: 'sc', role: 'committee' };

describe('every track (machines/index.ts)', () => {
  const tracks = Object.entries(machinesByTrack) as [string, AnyStateMachine][];
  const callerSchemas: Record<string, ZodType> = {
    promotion: promotionEventSchema,
    rotation: rotationEventSchema,
    demotion: demotionEventSchema,
    probation: probationEventSchema,
  };
  const optionsOf = (schema: ZodType) =>
    (schema as unknown as { options: { shape: { type: { value: string } } }[] }).options;

  it.each(tracks)('%s: every state says what it is in 中文 and English', (_track, machine) => {
    for (const node of getStateNodes(machine)) {
      if (node === machine.root) continue;
      const meta = node.meta as StateMeta | undefined;
      expect(meta?.label.zh, node.id).toBeTruthy();
      expect(meta?.label.en, node.id).toBeTruthy();
    }
  });

  it.each(tracks)('%s: every caller event is one the machine handles somewhere', (track, machine) => {
    const handled = new Set(getStateNodes(machine).flatMap((node) => node.ownEvents));
    const callerTypes = optionsOf(callerSchemas[track] as ZodType).map((o) => o.shape.type.value);
    expect(callerTypes.filter((type) => !handled.has(type))).toEqual([]);
  });

  it('timer events are never caller events', () => {
    const callerTypes = optionsOf(promotionEventSchema).map((o) => o.shape.type.value);
    for (const type of promotionTimerEvents) expect(callerTypes).not.toContain(type);
  });

  it('an event type shared by tracks has one schema, so all tracks can share one caller union', () => {
    const byType = new Map<string, Set<unknown>>();
    for (const schema of Object.values(callerSchemas)) {
      for (const option of optionsOf(schema)) {
        const seen = byType.get(option.shape.type.value) ?? new Set();
        seen.add(option);
        byType.set(option.shape.type.value, seen);
      }
    }
    expect([...byType].filter(([, schemas]) => schemas.size > 1).map(([type]) => type)).toEqual([]);
  });
});

describe('eventOf: an event narrowed by its domain schema', () => {
  const withdrawal = { type: 'WITHDRAWN', at, actor: org, reason: '动议撤回' };

  it('returns the parsed event with the host’s stamp, unknown keys dropped', () => {
    expect(eventOf({ ...withdrawal, extra: 1 }, withdrawnEventSchema)).toEqual(withdrawal);
  });

  it('takes the system as actor, which a caller may not claim', () => {
    const holidays = ['2030-01-01', '2030-05-01', '2030-10-01'];
    const schedules = [{ year: 2030, holidays, makeUpWorkdays: [], source: 't' }];
    const fromHost = { type: 'CALENDAR_UPDATED', at, actor: { id: 't', role: 'system' }, schedules };
    expect(calendarUpdatedEventSchema.safeParse(fromHost).success).toBe(false);
    expect(eventOf(fromHost, calendarUpdatedEventSchema)?.actor.role).toBe('system');
  });

  it('refuses another type, a malformed or blank payload, and never throws', () => {
    expect(eventOf({ ...withdrawal, type: 'NOMINATED' }, withdrawnEventSchema)).toBeUndefined();
    expect(eventOf({ ...withdrawal, reason: '   ' }, withdrawnEventSchema)).toBeUndefined();
    expect(eventOf({ ...withdrawal, at: undefined }, withdrawnEventSchema)).toBeUndefined();
    expect(eventOf({ ...withdrawal, actor: { role: 'organization_department' } }, withdrawnEventSchema)).toBe(
      undefined,
    );
    expect(eventOf(null, withdrawnEventSchema)).toBeUndefined();
    const hostile = {
      ...withdrawal,
      get reason(): string {
        throw new Error('boom');
      },
    };
    expect(eventOf(hostile, withdrawnEventSchema)).toBeUndefined();
  });

  it('parses an event object once per schema: the guards of a transition share the result', () => {
    const event = { ...withdrawal };
    const first = eventOf(event, withdrawnEventSchema);
    expect(eventOf(event, withdrawnEventSchema)).toBe(first);
    expect(eventOf({ ...withdrawal }, withdrawnEventSchema)).not.toBe(first);
  });
});

describe('committee vote fragment (常委会票决)', () => {
  const context: VoteSlice = {
    policy: DEFAULT_POLICY,
    voteSubjects: [
      { id: 'A', relatives: [{ id: 'm1', relation: 'spouse' }] },
      { id: 'B', relatives: [] },
    ],
  };
  const event = (extra: Record<string, unknown> = {}) => ({
    type: 'VOTE_RECORDED',
    at,
    actor: committee,
    candidateId: 'B',
    shouldAttend: 9,
    present: 6,
    recused: 0,
    for: 5,
    against: 1,
    defer: 0,
    presentMemberIds: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'],
    recusedMemberIds: [],
    ...extra,
  });

  it('applies committeeVoteOutcome: a quorum of exactly two thirds is valid; 5 of 9 in favour passes', () => {
    expect(voteOutcomeOf({ context, event: event() })).toMatchObject({ outcome: 'passed', quorumNeeded: 6 });
  });

  it('names the subject when several were put to the vote; refuses a record of someone else', () => {
    expect(voteOutcomeOf({ context, event: event({ candidateId: undefined }) })).toBeUndefined();
    expect(voteOutcomeOf({ context, event: event({ candidateId: 'Z' }) })).toBeUndefined();
    const single = { ...context, voteSubjects: [{ id: 'B', relatives: [] }] };
    expect(voteOutcomeOf({ context: single, event: event({ candidateId: undefined }) })?.subject.id).toBe(
      'B',
    );
  });

  it('refuses a record counting a relative of the subject, or the subject, as present (回避)', () => {
    expect(voteOutcomeOf({ context, event: event({ candidateId: 'A' }) })).toBeUndefined();
    expect(
      voteOutcomeOf({ context, event: event({ presentMemberIds: ['B', 'm2', 'm3', 'm4', 'm5', 'm6'] }) }),
    ).toBeUndefined();
    const recused = event({
      candidateId: 'A',
      present: 5,
      for: 5,
      against: 0,
      recused: 1,
      presentMemberIds: ['m2', 'm3', 'm4', 'm5', 'm6'],
      recusedMemberIds: ['m1'],
    });
    // Recusal costs the quorum: 5 present of 9 is short of two thirds.
    expect(voteOutcomeOf({ context, event: recused })?.outcome).toBe('void_no_quorum');
  });

  // That only the committee records a vote is the sender guard's (test/machines/roles-matrix.test.ts).
  it('refuses a record whose figures do not add up', () => {
    expect(voteOutcomeOf({ context, event: event({ for: 6 }) })).toBeUndefined();
    expect(voteOutcomeOf({ context, event: event({ presentMemberIds: ['m2'] }) })).toBeUndefined();
  });
});

describe('supervision fragment (监督)', () => {
  const empty: SupervisionSlice = { reports: [] };
  const filed = (reportId: string, actor: Actor = dept) => ({
    type: 'REPORT_FILED',
    at,
    actor,
    reportId,
    channel: 'mailbox',
    summary: '反映问题',
  });
  const verified = (type: string, reportId: string, actor: Actor = org) => ({
    type,
    at,
    actor,
    reportId,
    findings: '核查结论',
  });

  // Who may file or verify is the sender guard's (test/machines/roles-matrix.test.ts).
  it('accepts a report once per id', () => {
    expect(reportAcceptable({ context: empty, event: filed('R1') })).toBe(true);
    expect(reportAcceptable({ context: empty, event: filed('R1', org) })).toBe(true);
    const one = { reports: recordHoldingReport(empty, filed('R1')).reports ?? [] };
    expect(reportAcceptable({ context: one, event: filed('R1') })).toBe(false);
  });

  it('the hold lasts until the last pending report is cleared', () => {
    let context: SupervisionSlice = { reports: recordHoldingReport(empty, filed('R1')).reports ?? [] };
    context = { reports: recordHoldingReport(context, filed('R2')).reports ?? [] };
    const clearR1 = verified('VERIFICATION_CLEARED', 'R1');
    expect(clearsOneOfSeveral({ context, event: clearR1 })).toBe(true);
    expect(clearsLastPending({ context, event: clearR1 })).toBe(false);
    context = { reports: resolveReport(context, clearR1).reports ?? [] };
    expect(verifiesPendingReport({ context, event: clearR1 })).toBe(false);
    expect(clearsLastPending({ context, event: verified('VERIFICATION_CLEARED', 'R2') })).toBe(true);
  });
});

describe('publicity fragment (任前公示)', () => {
  const slice = (extra: Partial<PublicitySlice> = {}): PublicitySlice => ({
    policy: DEFAULT_POLICY,
    deadlines: {},
    specialPost: false,
    calendarSchedules: [],
    reports: [],
    decidedAt: at,
    ...extra,
  });
  const started = (publishedAt: string) => ({
    type: 'PUBLICITY_STARTED',
    at: publishedAt,
    actor: org,
    publishedAt,
    venues: ['media', 'proposed_unit', 'original_unit'],
  });

  it('arms the window at the end of its fifth working day across the Spring Festival', () => {
    const update = startPublicity(slice(), started('2026-02-12T01:00:00.000Z'));
    expect(update.deadlines).toEqual({ publicityWindow: '2026-02-25T16:00:00.000Z' });
  });

  it('a publication on a holiday does not count its own day: Sun 2026-02-15 → five working days from Tue 24', () => {
    const update = startPublicity(slice(), started('2026-02-15T01:00:00.000Z'));
    expect(update.publicity).toMatchObject({
      workingDaysCounted: ['2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28'],
    });
    // Sat 2026-02-28 is a make-up working day (调休).
    expect(update.deadlines?.publicityWindow).toBe('2026-02-28T16:00:00.000Z');
  });

  it('a loaded schedule replaces an earlier one for the same year, and the window is recomputed from it', () => {
    const context = slice({
      ...startPublicity(slice(), started('2030-06-03T01:00:00.000Z')),
    } as PublicitySlice);
    expect(context.publicity).toMatchObject({ provisional: true, uncoveredYears: [2030] });
    const year = (holidays: string[]) => ({
      year: 2030,
      holidays: ['2030-01-01', '2030-05-01', '2030-10-01', ...holidays],
      makeUpWorkdays: [],
      source: 't',
    });
    const load = (holidays: string[]) => ({
      type: 'CALENDAR_UPDATED',
      at,
      actor: org,
      schedules: [year(holidays)],
    });
    // Mon 2030-06-03 published; with 06-04 and 06-05 off, the fifth working day is Tue 06-11.
    const first = { ...context, ...applyCalendarUpdate(context, load(['2030-06-04', '2030-06-05'])) };
    expect(first.deadlines.publicityWindow).toBe('2030-06-11T16:00:00.000Z');
    const second = { ...first, ...applyCalendarUpdate(first, load([])) };
    expect(second.calendarSchedules).toHaveLength(1);
    expect(second.deadlines.publicityWindow).toBe('2030-06-07T16:00:00.000Z');
  });

  it('closing disarms the timer and records whether reports still held the case', () => {
    const open = slice({ ...startPublicity(slice(), started('2026-02-12T01:00:00.000Z')) } as PublicitySlice);
    const closed = closePublicity(
      { ...open, reports: [{ id: 'R1', status: 'pending' } as PublicitySlice['reports'][number]] },
      { type: 'PUBLICITY_CLOSED', at: '2026-02-25T16:00:00.000Z', actor: { id: 't', role: 'system' } },
    );
    expect(closed.deadlines).toEqual({});
    expect(closed.publicity).toMatchObject({ closedAt: '2026-02-25T16:00:00.000Z', closedWhileHeld: true });
  });

  it('a publicity shorter than the rules can never be set up: the policy bound refuses it at start', () => {
    expect(boundedPolicySchema.safeParse({ publicity: { workingDays: 4 } }).success).toBe(false);
    expect(
      boundedPolicySchema.safeParse({ publicity: { workingDays: 5, publicationDayCounts: false } }).success,
    ).toBe(true);
    expect(boundedPolicySchema.parse(undefined)).toEqual({});
  });

  it('a waiver needs a special post and a basis', () => {
    const waiver = { type: 'PUBLICITY_WAIVED', at, actor: org, basis: '涉密岗位' };
    expect(publicityGuards.waiverAcceptable({ context: slice({ specialPost: true }), event: waiver })).toBe(
      true,
    );
    expect(publicityGuards.waiverAcceptable({ context: slice(), event: waiver })).toBe(false);
  });
});

describe('evaluation and nomination fragments', () => {
  const post = (rank: string) => ({
    unit: 'u',
    title: 't',
    rank,
    leadershipTeam: false,
    carriesProbation: false,
  });

  it('an incumbent holds a leading post; 科员 does not; an unknown rank counts as leading', () => {
    expect(holdsLeadingPost(post('正科'))).toBe(true);
    expect(holdsLeadingPost(post('科员'))).toBe(false);
    expect(holdsLeadingPost(post('主任科员'))).toBe(true);
  });

  it('dissatisfaction exactly at 20% or 50% is not above the line', () => {
    const guards = evaluationGuards<{ policy: typeof DEFAULT_POLICY }>(
      () => true,
      () => true,
    );
    const evaluated = (dissatisfied: number) => ({
      context: { policy: DEFAULT_POLICY },
      event: {
        type: 'EVALUATION_RECORDED',
        at,
        actor: org,
        candidateId: 'A',
        counts: { total: 100, satisfied: 100 - dissatisfied, basicallySatisfied: 0, dissatisfied },
      },
    });
    expect(guards.evaluationClears(evaluated(20))).toBe(true);
    expect(guards.evaluationAdmonishes(evaluated(21))).toBe(true);
    expect(guards.evaluationAdmonishes(evaluated(50))).toBe(true);
    expect(guards.evaluationAdjustsIncumbent(evaluated(51))).toBe(true);
  });

  it('channel rules: individual leaders sign with material, self-nomination is by oneself, joint needs two', () => {
    const nominee = { id: 'A', name: '甲', currentPost: post('正科') };
    const one = [{ id: 'L' }];
    expect(
      channelRuleMet({
        channel: 'individual_leader',
        nominators: one,
        nominee,
        signed: true,
        writtenMaterial: '材料',
      }),
    ).toBe(true);
    expect(
      channelRuleMet({
        channel: 'individual_leader',
        nominators: one,
        nominee,
        signed: false,
        writtenMaterial: '材料',
      }),
    ).toBe(false);
    expect(
      channelRuleMet({ channel: 'self_nomination', nominators: [{ id: 'A' }], nominee, signed: false }),
    ).toBe(true);
    expect(channelRuleMet({ channel: 'deputies_joint', nominators: one, nominee, signed: false })).toBe(
      false,
    );
    expect(channelRuleMet({ channel: 'mass_recommendation', nominators: one, nominee, signed: false })).toBe(
      true,
    );
  });
});

describe('probation with the supervision hold (试用期 · 监督)', () => {
  const input: ProbationInput = probationStart({ caseId: '2026-017', startsOn: '2026-03-02' });

  const later = '2026-09-01T02:00:00.000Z';
  const e = {
    report: {
      type: 'REPORT_FILED',
      at: later,
      actor: dept,
      reportId: 'R1',
      channel: 'online',
      summary: '反映问题',
    },
    cleared: { type: 'VERIFICATION_CLEARED', at: later, actor: org, reportId: 'R1', findings: '不属实' },
    substantiated: {
      type: 'VERIFICATION_SUBSTANTIATED',
      at: later,
      actor: org,
      reportId: 'R1',
      findings: '属实',
    },
    expired: {
      type: 'PROBATION_EXPIRED',
      at: '2027-03-01T16:00:00.000Z',
      actor: { id: 't', role: 'system' },
    },
    passed: { type: 'REVIEW_PASSED', at: '2027-03-10T02:00:00.000Z', actor: org, ...passingProbationReview },
  };
  const run = (...events: object[]) => {
    let [s] = initialTransition(probationMachine, input);
    for (const event of events) [s] = transition(probationMachine, s, event as never);
    return s;
  };

  it('a report holds confirmation, not the clock: the review opens, but passing it waits for verification', () => {
    const held = run(e.report, e.expired);
    expect(held.value).toBe('review');
    expect(held.context.reports).toEqual([expect.objectContaining({ id: 'R1', status: 'pending' })]);
    expect(transition(probationMachine, held, e.passed as never)[0]).toBe(held);
    expect(run(e.report, e.expired, e.cleared, e.passed).value).toBe('confirmed');
  });

  it('a substantiated report ends probation early, returning the cadre with the findings', () => {
    const [s, actions] = transition(probationMachine, run(e.report), e.substantiated as never);
    expect(s.value).toBe('returned');
    expect(s.context).toMatchObject({ outcome: 'ended_early', findings: '属实' });
    expect(actions.map((a) => a.type)).toContain('restorePreProbationPost');
  });

  it('verification is the organization department’s, for a pending report only', () => {
    const held = run(e.report);
    for (const event of [
      { ...e.cleared, actor: dept },
      { ...e.cleared, reportId: 'R2' },
    ]) {
      expect(transition(probationMachine, held, event as never)[0]).toBe(held);
    }
    const closed = run(e.report, e.expired, e.cleared, e.passed);
    expect(transition(probationMachine, closed, e.report as never)[0]).toBe(closed);
  });
});
