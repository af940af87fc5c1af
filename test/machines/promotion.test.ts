import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { promotionEventSchema, promotionStartSchema } from '../../domain/tracks/promotion';
import type { Candidate } from '../../machines/fragments/candidates';
import type { StateMeta } from '../../machines/meta';
import { type PromotionInput, promotionMachine } from '../../machines/promotion';
import {
  committee,
  counts,
  dept,
  e,
  evaluate,
  input,
  inspected,
  members,
  nominate,
  org,
  PUBLICITY_CLOSES_AT,
  post,
  readyForVote,
  review,
  sectionHead,
  T0,
  timer,
  vote,
  votes,
} from '../support/promotion-fixtures';
import { checkMachineExhaustively } from './support/exhaustive';

// ---- driving the machine ----

type Snapshot = AnyMachineSnapshot;
type Action = { type: string; params?: unknown };

const start = (overrides: Partial<PromotionInput> = {}) =>
  initialTransition(promotionMachine, { ...input, ...overrides })[0] as Snapshot;

function send(snapshot: Snapshot, ...events: object[]): [Snapshot, Action[]] {
  let current = snapshot;
  let actions: Action[] = [];
  for (const event of events)
    [current, actions] = transition(promotionMachine, current as never, event as never);
  return [current, actions];
}
const run = (snapshot: Snapshot, ...events: object[]) => send(snapshot, ...events)[0];
const kinds = (actions: Action[]) =>
  actions.map((a) => (a.type === 'notify' ? `notify:${(a.params as { kind: string }).kind}` : a.type));
function candidate(s: Snapshot, id: string): Candidate {
  const found = (s.context.candidates as Candidate[]).find((c) => c.id === id);
  if (!found) throw new Error(`no candidate ${id}`);
  return found;
}

// Each helper may start from any earlier snapshot: the steps already taken are refused there, unchanged.
const toNomination = (s = start()) => run(s, e.motion);
const toReview = (s = start()) =>
  run(toNomination(s), nominate('A'), nominate('B'), nominate('C'), e.closeNominations);
const toRecommendation = (s = start()) =>
  run(toReview(s), review('A'), review('B'), review('C'), e.concludeReview);
const toChoosing = (s = start()) => run(toRecommendation(s), e.recommendation());
const toInspection = (s = start()) => run(toChoosing(s), e.choose('A', 'B'), e.notice, e.noticeElapsed);
const toConclusion = (s = start()) =>
  run(
    toInspection(s),
    evaluate('A', counts.clear),
    inspected('A'),
    evaluate('B', counts.clear),
    inspected('B'),
  );
const toVote = (s = start()) => run(toConclusion(s), e.conclude('A'), e.consulted, ...readyForVote('A'));
const toPublicity = (s = start()) => run(toVote(s), votes.passes);
const toOpenPublicity = (s = start()) => run(toPublicity(s), e.publicity);

/** Refused: XState hands back the very same snapshot, so nothing about the case changed. */
function expectRefused(snapshot: Snapshot, ...events: object[]) {
  for (const event of events) {
    expect(snapshot.can(event as never), JSON.stringify(event).slice(0, 120)).toBe(false);
    expect(send(snapshot, event)[0]).toBe(snapshot);
  }
}

// ---- tests ----

describe('promotion machine (提拔任职): motion and nomination', () => {
  it('the motion (动议) is the organization department’s; adopted, it opens nomination', () => {
    const s = start();
    expect(s.value).toBe('motion');
    expectRefused(s, { ...e.motion, actor: dept }, { ...e.motion, conditions: ' ' }, nominate('A'));
    const nomination = run(s, e.motion);
    expect(nomination.value).toBe('nomination');
    expect(nomination.context.motion).toMatchObject({ conditions: e.motion.conditions, by: org });
  });

  it('every nomination records its channel and nominators: whoever nominates is accountable (谁提名谁负责)', () => {
    const s = run(toNomination(), nominate('A'), nominate('A', { channel: 'mass_recommendation' }));
    expect(candidate(s, 'A').nominations).toEqual([
      expect.objectContaining({
        channel: 'organizational',
        nominators: [{ id: 'party-group-fin', name: '局党组' }],
      }),
      expect.objectContaining({ channel: 'mass_recommendation', by: dept, at: T0 }),
    ]);
  });

  it('an individual leader’s nomination without signature or written material is refused', () => {
    const s = toNomination();
    const individual = { channel: 'individual_leader', nominators: [{ id: 'L-wang', name: '王副区长' }] };
    expectRefused(
      s,
      nominate('A', individual),
      nominate('A', { ...individual, signed: true }),
      nominate('A', { ...individual, writtenMaterial: '推荐材料' }),
      nominate('A', { ...individual, signed: true, writtenMaterial: '   ' }),
    );
    const signed = run(s, nominate('A', { ...individual, signed: true, writtenMaterial: '推荐理由及材料' }));
    expect(candidate(signed, 'A').nominations).toEqual([
      expect.objectContaining({
        channel: 'individual_leader',
        signed: true,
        writtenMaterial: '推荐理由及材料',
      }),
    ]);
  });

  it('self-nomination is by the nominee; a joint nomination by deputies needs at least two', () => {
    const s = toNomination();
    expectRefused(
      s,
      nominate('A', { channel: 'self_nomination', nominators: [{ id: 'B' }] }),
      nominate('A', { channel: 'deputies_joint', nominators: [{ id: 'deputy-1' }] }),
      nominate('A', { nominators: [{ id: 'x' }, { id: 'x' }] }),
      nominate('A', { channel: 'by_rumour' }),
    );
    expect(
      run(s, nominate('A', { channel: 'self_nomination', nominators: [{ id: 'A' }] })).context.candidates,
    ).toHaveLength(1);
    expect(
      run(
        s,
        nominate('A', { channel: 'deputies_joint', nominators: [{ id: 'deputy-1' }, { id: 'cppcc-2' }] }),
      ).context.candidates,
    ).toHaveLength(1);
  });

  it('nominations come from a department or the organization department, never the committee', () => {
    const s = toNomination();
    expectRefused(s, nominate('A', { actor: committee }));
    expect(run(s, nominate('A', { actor: org })).context.candidates).toHaveLength(1);
  });

  it('the same nomination twice, or a second one describing the person differently, is refused', () => {
    const s = run(toNomination(), nominate('A'));
    expectRefused(
      s,
      nominate('A'),
      nominate('A', {
        channel: 'mass_recommendation',
        nominee: { id: 'A', name: '另一人', currentPost: sectionHead('A科') },
      }),
    );
  });

  it('closing nominations needs more nominees than the one post (competition, 差额)', () => {
    const one = run(toNomination(), nominate('A'));
    expectRefused(one, e.closeNominations);
    const two = run(one, nominate('B'));
    expectRefused(two, { ...e.closeNominations, actor: dept });
    expect(run(two, e.closeNominations).value).toBe('qualificationReview');
  });
});

describe('promotion machine: qualification review (资格审查)', () => {
  it('a nominee who fails leaves the pool with the failing rules named', () => {
    const s = run(
      toReview(),
      review('A', { lastAnnualAppraisal: 'basically_competent', currentRankSince: '2024-01-01' }),
    );
    const a = candidate(s, 'A');
    expect(a.status).toBe('disqualified');
    expect(a.qualification?.failures.map((f) => f.code)).toEqual([
      'years_at_lower_level',
      'annual_appraisal',
    ]);
  });

  it('a nominee whose post would report to a relative fails on avoidance (回避)', () => {
    const s = run(toReview(), review('A', {}, [{ id: 'L-director', relation: 'spouse' }]));
    expect(candidate(s, 'A').status).toBe('disqualified');
    const { failures, avoidance } = candidate(s, 'A').qualification ?? { failures: [], avoidance: [] };
    expect(failures).toEqual([]);
    // Reporting to a spouse, and finance work in a unit the spouse leads.
    expect(avoidance.map((a) => a.code)).toEqual(['reports_to_relative', 'sensitive_work_under_relative']);
  });

  it('facts for another rank, for another person, or as of a day not yet come are refused', () => {
    const s = toReview();
    expectRefused(
      s,
      review('A', { targetRank: 'division' }),
      review('A', { currentRank: 'deputy_section' }),
      review('A', { nomineeId: 'B' }),
      review('A', { asOf: '2026-02-12' }),
      review('Z'),
      { ...review('A'), actor: dept },
      review('A', { family: { spouse: 'domestic', children: 1, childrenEmigrated: 2 } }),
    );
  });

  it('each nominee is reviewed once; the review concludes when all are reviewed and more than one qualified', () => {
    const s = run(toReview(), review('A'), review('B'));
    expectRefused(s, review('A'), e.concludeReview);
    const oneQualified = run(
      toReview(),
      review('A'),
      review('B', { lastAnnualAppraisal: 'incompetent' }),
      review('C', { lastAnnualAppraisal: 'incompetent' }),
    );
    expectRefused(oneQualified, e.concludeReview);
    expect(run(s, review('C'), e.concludeReview).value).toBe('democraticRecommendation');
  });
});

describe('promotion machine: democratic recommendation (民主推荐)', () => {
  it('participation below two thirds is recorded as insufficient; the recommendation must be held again', () => {
    const [s, actions] = send(toRecommendation(), e.recommendation(59));
    expect(s.value).toBe('democraticRecommendation');
    expect(s.context.recommendation).toMatchObject({
      participation: { sufficient: false, minimumNeeded: 60 },
    });
    expect(s.context.recommendation.ranking).toBeUndefined();
    expect(kinds(actions)).toEqual(['notify:recommendation_participation_insufficient']);
  });

  it('exactly two thirds suffices; tallies are combined by channel weights into a ranking kept as a reference', () => {
    const s = run(toRecommendation(), e.recommendation(60));
    expect(s.value).toBe('choosingCandidates');
    const ranking = s.context.recommendation.ranking as { nomineeId: string; rank: number }[];
    // A: 0.3×40/60 + 0.2×1/5 = 0.24; B: 0.3×30/60 + 0.2×4/5 = 0.31; C: 0.3×20/60 = 0.1
    expect(ranking.map((r) => r.nomineeId)).toEqual(['B', 'A', 'C']);
  });

  it('tallies naming someone outside the qualified pool, or inconsistent participation, are refused', () => {
    const s = toRecommendation();
    expectRefused(s, e.recommendation(60, ['A', 'B', 'D']), e.recommendation(91), {
      ...e.recommendation(),
      actor: dept,
    });
  });
});

describe('promotion machine: choosing, notice and inspection (确定考察对象、考察预告、考察)', () => {
  it('inspection is competitive: one candidate for the one post is refused; only qualified nominees may be chosen', () => {
    const s = toChoosing();
    expectRefused(s, e.choose('A'), e.choose('A', 'Z'), e.choose('A', 'A'), {
      ...e.choose('A', 'B'),
      actor: dept,
    });
    expect(run(s, e.choose('A', 'B')).value).toBe('awaitingInspectionNotice');
  });

  it('open selection (公开选拔) inspects at least its three finalists', () => {
    const s = toChoosing(start({ openSelection: true }));
    expectRefused(s, e.choose('A', 'B'));
    expect(run(s, e.choose('A', 'B', 'C')).value).toBe('awaitingInspectionNotice');
  });

  it('the notice states the six items (六公开) and arms the notice period from the policy', () => {
    const s = run(toChoosing(), e.choose('A', 'B'), e.notice);
    expect(s.value).toBe('inspectionNotice');
    expect(s.context.deadlines).toEqual({ inspectionNotice: '2026-02-14T16:00:00.000Z' });
    const longer = run(
      toChoosing(start({ policy: { inspectionNotice: { days: 5 } } })),
      e.choose('A', 'B'),
      e.notice,
    );
    expect(longer.context.deadlines).toEqual({ inspectionNotice: '2026-02-16T16:00:00.000Z' });
  });

  it('a notice missing one of the six items, for another number of posts, or dated in the future is refused', () => {
    const s = run(toChoosing(), e.choose('A', 'B'));
    expectRefused(
      s,
      { ...e.notice, standard: '' },
      { ...e.notice, numberOfPosts: 2 },
      { ...e.notice, publishedAt: '2026-02-12T00:00:00.000Z' },
    );
  });

  it('inspection begins only when the notice period ends (its timer)', () => {
    const s = run(toChoosing(), e.choose('A', 'B'), e.notice);
    expectRefused(s, evaluate('A', counts.clear), inspected('A'));
    const inspection = run(s, e.noticeElapsed);
    expect(inspection.value).toBe('inspection');
    expect(inspection.context.deadlines).toEqual({});
  });

  it('evaluation results are fed back to the candidate', () => {
    const [s, actions] = send(toInspection(), evaluate('A', counts.notExcellent));
    expect(actions).toEqual([
      expect.objectContaining({
        type: 'notify',
        params: { kind: 'evaluation_feedback', to: 'candidate', cadreId: 'A', cadreName: '甲' },
      }),
    ]);
    // Satisfaction below 75% → not eligible for excellent; nothing more.
    expect(candidate(s, 'A')).toMatchObject({
      status: 'inspection',
      evaluation: { outcome: { excellentEligible: false, consequence: 'none' } },
    });
  });

  it('dissatisfaction above 50% takes the candidate out and, for an incumbent, opens a demotion case', () => {
    const [s, actions] = send(toInspection(), evaluate('B', counts.adjustment));
    expect(candidate(s, 'B').status).toBe('adjusted');
    expect(kinds(actions)).toEqual(['notify:evaluation_feedback', 'openDemotionCase']);
    // The demotion case's start, built from these params (domain/effects.ts), carries the evaluation.
    expect(actions[1]?.params).toMatchObject({
      cadre: { id: 'B', name: '乙' },
      currentPost: candidate(s, 'B').currentPost,
      counts: counts.adjustment,
      sourceCaseId: '2026-021',
    });
    expectRefused(s, inspected('B'), evaluate('B', counts.clear));
  });

  it('a candidate who holds no leading post (科员) is adjusted out with no demotion case', () => {
    const clerk = (id: string) =>
      nominate(id, { nominee: { id, name: id, currentPost: sectionHead(`${id}科`, '科员') } });
    const clerkReview = (id: string) => review(id, { currentRank: 'clerk', targetRank: 'deputy_section' });
    const s = run(
      start({ post: { ...post, rank: '副科' } }),
      e.motion,
      clerk('A'),
      clerk('B'),
      clerk('C'),
      e.closeNominations,
      clerkReview('A'),
      clerkReview('B'),
      clerkReview('C'),
      e.concludeReview,
      e.recommendation(),
      e.choose('A', 'B'),
      e.notice,
      e.noticeElapsed,
    );
    const [out, actions] = send(s, evaluate('A', counts.adjustment));
    expect(candidate(out, 'A').status).toBe('adjusted');
    expect(kinds(actions)).toEqual(['notify:evaluation_feedback']);
  });

  it('dissatisfaction above 20% schedules an admonishment talk (诫勉谈话); its influence period keeps them from this post', () => {
    const [s, actions] = send(toInspection(), evaluate('B', counts.admonishment));
    expect(kinds(actions)).toEqual(['notify:evaluation_feedback', 'scheduleAdmonishmentTalk']);
    expect(actions[1]?.params).toMatchObject({ cadreId: 'B', measure: { kind: 'admonishment' } });
    expect(candidate(s, 'B').status).toBe('admonished');
    expectRefused(run(s, evaluate('A', counts.clear), inspected('A')), e.conclude('B'));
  });

  it('evaluation is the organization department’s, once per candidate under inspection', () => {
    const s = toInspection();
    expectRefused(
      s,
      evaluate('A', counts.clear, dept),
      evaluate('C', counts.clear),
      evaluate('A', { total: 10, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1 }),
    );
    expectRefused(run(s, evaluate('A', counts.clear)), evaluate('A', counts.clear));
  });

  it('the conclusion needs every candidate still in evaluated and reported on, and proposes one of them', () => {
    const s = run(toInspection(), evaluate('A', counts.clear), inspected('A'), evaluate('B', counts.clear));
    expectRefused(s, e.conclude('A'));
    const complete = run(s, inspected('B'));
    expectRefused(complete, e.conclude('A', 'B'), e.conclude('C'), { ...e.conclude('A'), actor: dept });
    const proposed = run(complete, e.conclude('A'));
    expect(proposed.context.proposal).toMatchObject({ proposedIds: ['A'] });
    expect(proposed.context.voteSubjects).toEqual([{ id: 'A', relatives: [] }]);
  });

  it('an adjusted candidate leaves the others to conclude without them', () => {
    const s = run(
      toInspection(),
      evaluate('A', counts.clear),
      inspected('A'),
      evaluate('B', counts.adjustment),
    );
    expectRefused(s, e.conclude('B'));
    expect(run(s, e.conclude('A')).value).toBe('consultation');
  });
});

describe('promotion machine: consultation, open selection and the vote (征求意见、公开选拔、常委会票决)', () => {
  it('an important post is consulted before the vote; an ordinary one goes straight to the vote', () => {
    expect(run(toConclusion(), e.conclude('A')).value).toBe('consultation');
    const ordinary = start({ post: { ...post, leadershipTeam: false } });
    expect(run(toConclusion(ordinary), e.conclude('A')).value).toBe('committeeVote');
    const flagged = start({ post: { ...post, leadershipTeam: false }, important: true });
    expect(run(toConclusion(flagged), e.conclude('A')).value).toBe('consultation');
    expectRefused(
      run(toConclusion(), e.conclude('A')),
      { ...e.consulted, actor: dept },
      { ...e.consulted, consulted: 0 },
    );
  });

  it('open selection: exactly the three proposed finalists appear and answer the same question before the vote', () => {
    const open = start({ openSelection: true });
    const s = run(
      toChoosing(open),
      e.choose('A', 'B', 'C'),
      e.notice,
      e.noticeElapsed,
      ...['A', 'B', 'C'].flatMap((id) => [evaluate(id, counts.clear), inspected(id)]),
    );
    expectRefused(s, e.conclude('A'));
    const presenting = run(s, e.conclude('A', 'B', 'C'), e.consulted);
    expect(presenting.value).toBe('finalistsPresentation');
    expectRefused(presenting, votes.passes, e.finalists('A', 'B'), {
      ...e.finalists('A', 'B', 'C'),
      question: '',
    });
    const voting = run(presenting, e.finalists('C', 'A', 'B'));
    expect(voting.value).toBe('committeeVote');
    // Three are before the committee: the record must say whom the vote is on.
    expectRefused(voting, votes.passes);
    const passed = run(voting, ...readyForVote('A', 'B', 'C'), { ...votes.passes, candidateId: 'B' });
    expect(passed.context.vote).toMatchObject({ subjectId: 'B', outcome: 'passed' });
  });

  it('a vote before inspection is out of order and refused', () => {
    expectRefused(toInspection(), votes.passes);
    expectRefused(toChoosing(), votes.passes);
  });

  it('only the committee records a vote', () => {
    expectRefused(toVote(), { ...votes.passes, actor: org });
  });

  it('more than half of the members who should attend in favour passes, and publicity follows', () => {
    const [s, actions] = send(toVote(), votes.passes);
    expect(s.value).toEqual({ publicity: 'pending' });
    expect(s.context.vote).toMatchObject({ outcome: 'passed', votesNeededToPass: 6, quorumNeeded: 8 });
    expect(s.context.decidedAt).toBe(T0);
    expect(kinds(actions)).toEqual(['notify:vote_passed']);
  });

  it('a vote of exactly half of should-attend in favour fails, and the case ends not approved', () => {
    const s = run(toVote(), votes.exactlyHalfFor);
    expect(s.value).toBe('notApproved');
    expect(s.status).toBe('done');
    expect(s.context.outcome).toBe('not_approved');
  });

  it('a quorum of exactly two thirds is valid', () => {
    expect(run(toVote(), votes.exactlyTwoThirdsPresent).value).toEqual({ publicity: 'pending' });
  });

  it('a vote without quorum is void, never counted as passed: the case waits for another vote', () => {
    const [s, actions] = send(toVote(), votes.belowQuorumAllFor);
    expect(s.value).toBe('committeeVote');
    expect(s.context.vote).toMatchObject({ outcome: 'void_no_quorum', quorumMet: false });
    expect(s.context.decidedAt).toBeUndefined();
    expect(kinds(actions)).toEqual(['notify:vote_void_no_quorum']);
    expect(run(s, votes.passes).value).toEqual({ publicity: 'pending' });
  });

  it('a deferred vote (缓议) stays awaiting a later vote', () => {
    const s = run(toVote(), votes.deferred);
    expect(s.value).toBe('committeeVote');
    expect(s.context.vote.outcome).toBe('deferred');
    expect(run(s, votes.passes).value).toEqual({ publicity: 'pending' });
  });

  it('a record counting the candidate’s relative as present is refused; with the relative recused the vote stands', () => {
    const withRelative = run(
      toReview(),
      review('A', {}, [{ id: 'm3', relation: 'in_law' }]),
      review('B'),
      review('C'),
      e.concludeReview,
    );
    const s = toVote(withRelative);
    expectRefused(s, votes.passes);
    const recused = vote(
      { shouldAttend: 11, present: 8, for: 6, against: 1, defer: 1 },
      {
        presentMemberIds: ['m1', 'm2', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'],
        recused: 1,
        recusedMemberIds: ['m3'],
      },
    );
    expect(run(s, recused).context.vote).toMatchObject({ outcome: 'passed', recusedMemberIds: ['m3'] });
  });

  it('a record whose named members do not match its figures is refused', () => {
    const s = toVote();
    expectRefused(
      s,
      { ...votes.passes, presentMemberIds: members(8) },
      { ...votes.passes, recused: 1 },
      { ...votes.passes, presentMemberIds: [...members(8), 'm1'] },
      { ...votes.passes, for: 7 },
      { ...votes.passes, candidateId: 'B' },
    );
  });
});

describe('promotion machine: pre-appointment publicity (任前公示)', () => {
  it('5 working days across the 2026 Spring Festival: published Thu 2026-02-12, it closes at the end of Wed 2026-02-25 China time', () => {
    const [s, actions] = send(toPublicity(), e.publicity);
    expect(s.value).toEqual({ publicity: 'open' });
    expect(s.context.deadlines).toEqual({ publicityWindow: '2026-02-25T16:00:00.000Z' });
    expect(s.context.publicity).toMatchObject({
      workingDaysCounted: ['2026-02-12', '2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25'],
      provisional: false,
      uncoveredYears: [],
    });
    expect(kinds(actions)).toEqual(['notify:publicity_started']);
    const closed = run(s, e.publicityClosed);
    expect(closed.value).toBe('awaitingAppointment');
    expect(closed.context.deadlines).toEqual({});
    expect(closed.context.publicity).toMatchObject({ closedAt: PUBLICITY_CLOSES_AT, closedWhileHeld: false });
  });

  it('a stricter policy lengthens the window; the day of publication may be set not to count', () => {
    const seven = run(toPublicity(start({ policy: { publicity: { workingDays: 7 } } })), e.publicity);
    expect(seven.context.deadlines.publicityWindow).toBe('2026-02-27T16:00:00.000Z');
    const notCounted = run(
      toPublicity(start({ policy: { publicity: { publicationDayCounts: false } } })),
      e.publicity,
    );
    expect(notCounted.context.deadlines.publicityWindow).toBe('2026-02-26T16:00:00.000Z');
  });

  it('publicity must be in the original unit, the proposed unit and the media, by the organization department', () => {
    expectRefused(
      toPublicity(),
      { ...e.publicity, venues: ['original_unit', 'proposed_unit'] },
      { ...e.publicity, actor: dept },
    );
  });

  it('publicity dated before the vote, or in the future, is refused', () => {
    expectRefused(
      toPublicity(),
      { ...e.publicity, publishedAt: '2026-02-10T02:00:00.000Z' },
      { ...e.publicity, publishedAt: '2026-02-13T02:00:00.000Z' },
      { ...e.publicity, publishedAt: 'next Thursday' },
    );
  });

  it('no caller can close publicity early: PUBLICITY_CLOSED is a timer event, not in the caller schema', () => {
    const parsed = promotionEventSchema.safeParse({ type: 'PUBLICITY_CLOSED', actor: org });
    expect(parsed.success).toBe(false);
    expect(promotionEventSchema.safeParse({ type: 'INSPECTION_NOTICE_ELAPSED', actor: org }).success).toBe(
      false,
    );
  });

  it('a window over a year the calendar lacks is provisional and operators are told; loading the schedule corrects the running timer', () => {
    // 2030 is far past the built-in notices, so this stays uncovered after package upgrades. Under the
    // first rules edition, which reads such a year as weekends only (the second skips the law's holidays
    // too: test/machines/statutory-calendar.test.ts).
    const [s, actions] = send(toPublicity(start({ rulesEdition: 1 })), {
      ...e.publicity,
      at: '2030-12-27T02:00:00.000Z',
      publishedAt: '2030-12-27T01:00:00.000Z',
    });
    expect(kinds(actions)).toEqual(['notify:publicity_started', 'notify:publicity_deadline_provisional']);
    expect(s.context.publicity).toMatchObject({ provisional: true, uncoveredYears: [2030, 2031] });
    // A weekends-only guess: Fri 27, Mon 30, Tue 31, Wed 1, Thu 2 → end of Thu 2031-01-02.
    expect(s.context.deadlines.publicityWindow).toBe('2031-01-02T16:00:00.000Z');
    const schedules = [
      {
        year: 2030,
        holidays: ['2030-01-01', '2030-05-01', '2030-10-01'],
        makeUpWorkdays: [],
        source: 'test',
      },
      {
        year: 2031,
        holidays: ['2031-01-01', '2031-05-01', '2031-10-01'],
        makeUpWorkdays: [],
        source: 'test',
      },
    ];
    const calendar = { type: 'CALENDAR_UPDATED', at: '2030-12-28T02:00:00.000Z', actor: org, schedules };
    const [updated, updateActions] = send(s, calendar);
    expect(updated.value).toEqual({ publicity: 'open' });
    // New Year's Day is a holiday now: the fifth working day is Fri 2031-01-03.
    expect(updated.context.deadlines.publicityWindow).toBe('2031-01-03T16:00:00.000Z');
    expect(updated.context.publicity).toMatchObject({ provisional: false, uncoveredYears: [] });
    expect(kinds(updateActions)).toEqual(['notify:publicity_deadline_recomputed']);
    // The system (an operator's load through the host) may send it too; a department may not.
    expect(run(s, { ...calendar, actor: timer }).context.deadlines.publicityWindow).toBe(
      '2031-01-03T16:00:00.000Z',
    );
    expectRefused(
      s,
      { ...calendar, actor: dept },
      { ...calendar, schedules: [{ year: 2031, holidays: [], makeUpWorkdays: [], source: 'x' }] },
    );
  });

  it('calendar data before publicity starts is refused: there is no window to correct', () => {
    expectRefused(toPublicity(), {
      type: 'CALENDAR_UPDATED',
      at: T0,
      actor: org,
      schedules: [
        { year: 2026, holidays: ['2026-01-01', '2026-05-01', '2026-10-01'], makeUpWorkdays: [], source: 'x' },
      ],
    });
  });

  it('a report in the window holds the case for verification; cleared, the window runs on', () => {
    const [held, actions] = send(toOpenPublicity(), e.report('R1'));
    expect(held.value).toEqual({ publicity: 'held' });
    expect(held.context.reports).toEqual([
      expect.objectContaining({ id: 'R1', status: 'pending', filedBy: dept }),
    ]);
    expect(held.context.deadlines.publicityWindow).toBe(PUBLICITY_CLOSES_AT);
    expect(kinds(actions)).toEqual(['notify:held_for_verification']);
    expectRefused(held, e.appoint, { ...e.cleared('R1'), actor: dept }, e.cleared('R2'));
    const cleared = run(held, e.cleared('R1'));
    expect(cleared.value).toEqual({ publicity: 'open' });
    expect(cleared.context.reports[0]).toMatchObject({
      status: 'cleared',
      findings: '经核查，反映问题不属实',
    });
    expect(run(cleared, e.publicityClosed).value).toBe('awaitingAppointment');
  });

  it('a substantiated report ends the case, not appointed, with the findings', () => {
    const s = run(toOpenPublicity(), e.report('R1'), e.substantiated('R1'));
    expect(s.value).toBe('notAppointed');
    expect(s.status).toBe('done');
    expect(s.context).toMatchObject({
      outcome: 'not_appointed',
      findings: '经核查，反映问题属实',
      deadlines: {},
    });
  });

  it('verification that outlasts the window: the close is recorded, and clearing leads straight to appointment', () => {
    const s = run(toOpenPublicity(), e.report('R1'), e.publicityClosed);
    expect(s.value).toEqual({ publicity: 'closedWhileHeld' });
    expect(s.context.publicity).toMatchObject({ closedAt: PUBLICITY_CLOSES_AT, closedWhileHeld: true });
    expect(s.context.deadlines).toEqual({});
    expectRefused(s, e.appoint);
    expect(run(s, e.cleared('R1', '2026-02-27T02:00:00.000Z')).value).toBe('awaitingAppointment');
    expect(run(s, e.substantiated('R1', '2026-02-27T02:00:00.000Z')).value).toBe('notAppointed');
  });

  it('several reports: the hold lasts until the last is cleared, and any one substantiated ends the case', () => {
    const s = run(toOpenPublicity(), e.report('R1'), e.report('R2'));
    expectRefused(s, e.report('R1'));
    const one = run(s, e.cleared('R1'));
    expect(one.value).toEqual({ publicity: 'held' });
    expect(run(one, e.cleared('R2')).value).toEqual({ publicity: 'open' });
    expect(run(one, e.substantiated('R2')).value).toBe('notAppointed');
  });

  it('after a close while held, official data showing the window still open reopens it', () => {
    // Published on a guess for 2030; it "closed" on Thu 2031-01-02, but 2031-01-01 turns out a holiday.
    const published = run(toPublicity(), {
      ...e.publicity,
      at: '2030-12-27T02:00:00.000Z',
      publishedAt: '2030-12-27T01:00:00.000Z',
    });
    const closed = run(published, e.report('R1', '2030-12-30T02:00:00.000Z'), {
      type: 'PUBLICITY_CLOSED',
      at: '2031-01-02T16:00:00.000Z',
      actor: timer,
    });
    expect(closed.value).toEqual({ publicity: 'closedWhileHeld' });
    const schedules = [
      {
        year: 2030,
        holidays: ['2030-01-01', '2030-05-01', '2030-10-01'],
        makeUpWorkdays: [],
        source: 'test',
      },
      {
        year: 2031,
        holidays: ['2031-01-01', '2031-05-01', '2031-10-01'],
        makeUpWorkdays: [],
        source: 'test',
      },
    ];
    const reopened = run(closed, {
      type: 'CALENDAR_UPDATED',
      at: '2031-01-03T01:00:00.000Z',
      actor: org,
      schedules,
    });
    expect(reopened.value).toEqual({ publicity: 'held' });
    expect(reopened.context.deadlines.publicityWindow).toBe('2031-01-03T16:00:00.000Z');
    expect(reopened.context.publicity.closedAt).toBeUndefined();
    // Loaded after the corrected end too: recorded, and the case stays waiting for verification.
    const late = run(closed, {
      type: 'CALENDAR_UPDATED',
      at: '2031-01-05T01:00:00.000Z',
      actor: org,
      schedules,
    });
    expect(late.value).toEqual({ publicity: 'closedWhileHeld' });
    expect(late.context.publicity).toMatchObject({
      provisional: false,
      closesAt: '2031-01-03T16:00:00.000Z',
    });
    expect(late.context.deadlines).toEqual({});
  });

  it('a report outside publicity is recorded and notified, without holding', () => {
    const [s, actions] = send(toInspection(), e.report('R1'));
    expect(s.value).toBe('inspection');
    expect(s.context.reports).toEqual([expect.objectContaining({ id: 'R1', status: 'recorded' })]);
    expect(kinds(actions)).toEqual(['notify:report_recorded']);
    expectRefused(s, e.cleared('R1'), { ...e.report('R9'), actor: committee });
    // Awaiting publicity is not yet publicity.
    expect(run(toPublicity(), e.report('R1')).value).toEqual({ publicity: 'pending' });
  });

  it('a special post (特殊岗位) may waive publicity, by the organization department on the record; other posts may not', () => {
    expectRefused(toPublicity(), e.waived);
    const special = toPublicity(start({ specialPost: true }));
    expectRefused(special, { ...e.waived, actor: dept }, { ...e.waived, basis: '' });
    const [s, actions] = send(special, e.waived);
    expect(s.value).toBe('awaitingAppointment');
    expect(s.context.publicity).toMatchObject({ exempt: true, basis: e.waived.basis, by: org });
    expect(kinds(actions)).toEqual(['notify:publicity_waived']);
    // Without publicity the notice may follow the vote at once (then the appointment talk, edition 2).
    expect(run(s, { ...e.appoint, noticeDate: '2026-02-11' }, e.talk).value).toBe('appointedOnProbation');
  });
});

describe('promotion machine: appointment (任职) and withdrawal', () => {
  const awaiting = () => run(toOpenPublicity(), e.publicityClosed);

  // Issue 10 (rules edition 2): the appointment talk (任职谈话) follows the notice as a recorded step, and
  // the time in post counts from the committee's decision (2026-02-11), while probation runs from the notice.
  it('appointment to a post with probation starts the probation track from the appointment notice’s date', () => {
    const [s, actions] = send(awaiting(), e.appoint, e.talk);
    expect(s.value).toBe('appointedOnProbation');
    expect(s.status).toBe('done');
    expect(s.context.outcome).toBe('appointed_on_probation');
    expect(kinds(actions)).toEqual(['appointToPost', 'startProbation', 'notify:appointed_on_probation']);
    expect(actions[0]?.params).toEqual({ cadreId: 'A', post, since: '2026-02-11' });
    expect(actions[1]?.params).toMatchObject({
      cadre: { id: 'A', name: '甲' },
      trialPost: post,
      previousPost: sectionHead('A科'),
      startsOn: '2026-03-02',
      nominatedBy: ['party-group-fin'],
    });
  });

  it('an appointee already at the post’s rank moves in without probation: probation is for promotion (提拔)', () => {
    const lateral = (id: string) =>
      nominate(id, {
        nominee: { id, name: id, currentPost: { ...sectionHead(`${id}科`, '副处'), title: '副主任' } },
      });
    const s = run(
      start(),
      e.motion,
      lateral('A'),
      nominate('B'),
      nominate('C'),
      e.closeNominations,
      review('A', { currentRank: 'deputy_division' }),
      review('B'),
      review('C'),
      e.concludeReview,
    );
    const [done, actions] = send(run(toOpenPublicity(s), e.publicityClosed), e.appoint, e.talk);
    expect(done.value).toBe('appointed');
    expect(done.context.outcome).toBe('appointed');
    expect(kinds(actions)).toEqual(['appointToPost', 'notify:appointed']);
  });

  it('appointment to a post without probation is done', () => {
    const s = start({ post: { ...post, carriesProbation: false } });
    const [done, actions] = send(run(toOpenPublicity(s), e.publicityClosed), e.appoint, e.talk);
    expect(done.value).toBe('appointed');
    expect(kinds(actions)).toEqual(['appointToPost', 'notify:appointed']);
  });

  it('an appointment notice dated before publicity ends, or in the future, or not from the organization department, is refused', () => {
    expectRefused(
      awaiting(),
      { ...e.appoint, noticeDate: '2026-02-25' },
      { ...e.appoint, noticeDate: '2026-03-03' },
      { ...e.appoint, noticeDate: '2026-02-30' },
      { ...e.appoint, actor: dept },
    );
    expect(run(awaiting(), { ...e.appoint, noticeDate: '2026-02-26' }).value).toBe('appointmentTalk');
  });

  it('the organization department may withdraw at any step before appointment, saying why', () => {
    for (const s of [
      start(),
      toReview(),
      toInspection(),
      toVote(),
      toPublicity(),
      toOpenPublicity(),
      awaiting(),
    ]) {
      const [withdrawn, actions] = send(s, e.withdraw);
      expect(withdrawn.value).toBe('withdrawn');
      expect(withdrawn.context).toMatchObject({
        outcome: 'withdrawn',
        deadlines: {},
        withdrawal: { reason: e.withdraw.reason, by: org },
      });
      expect(kinds(actions)).toEqual(['notify:withdrawn']);
    }
  });

  it('withdrawal by a department, or without a reason, is refused', () => {
    expectRefused(toInspection(), { ...e.withdraw, actor: dept }, { ...e.withdraw, reason: '' });
  });

  it('a closed case refuses every event', () => {
    const appointed = run(awaiting(), e.appoint, e.talk);
    const all = [
      e.talk,
      e.withdraw,
      e.report('R9'),
      e.appoint,
      votes.passes,
      e.publicity,
      e.motion,
      nominate('Z'),
    ];
    expectRefused(appointed, ...all);
    expectRefused(run(start(), e.withdraw), ...all);
  });
});

describe('promotion start schema and caller events', () => {
  const body = {
    department: 'district-finance',
    caseId: '2026-021',
    post,
    reportingLines: input.reportingLines,
  };

  it('a policy looser than the rules is refused at start; a stricter one is accepted', () => {
    for (const policy of [
      { publicity: { workingDays: 4 } },
      { vote: { quorum: { numerator: 1, denominator: 2 } } },
      { evaluation: { adjustmentAboveDissatisfactionPercent: 60 } },
      { inspectionNotice: { days: 2 } },
    ]) {
      const parsed = promotionStartSchema.safeParse({ ...body, policy });
      expect(parsed.success, JSON.stringify(policy)).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/looser than the rules/);
    }
    expect(
      promotionStartSchema.safeParse({ ...body, policy: { publicity: { workingDays: 7 } } }).success,
    ).toBe(true);
    expect(promotionStartSchema.parse(body)).toMatchObject({
      policy: {},
      important: false,
      openSelection: false,
      specialPost: false,
    });
  });

  it('the post’s rank must be on the rank ladder', () => {
    expect(promotionStartSchema.safeParse({ ...body, post: { ...post, rank: '处长级别' } }).success).toBe(
      false,
    );
  });

  it('caller events are validated, and a caller cannot claim the system role', () => {
    expect(promotionEventSchema.safeParse({ ...votes.passes, at: undefined }).success).toBe(true);
    expect(promotionEventSchema.safeParse({ ...e.publicity, actor: timer }).success).toBe(false);
    expect(promotionEventSchema.safeParse({ ...e.withdraw, reason: undefined }).success).toBe(false);
    expect(promotionEventSchema.safeParse(nominate('A', { channel: 'rumour' })).success).toBe(false);
  });
});

describe('promotion machine: generated check', () => {
  it('every state is reachable, and every state × event is a transition or a refusal that changes nothing', () => {
    // Open selection on an important post, so that one input reaches every state. Samples are chosen so
    // that failing branches end early (D's failing review leaves tallies naming D invalid), which keeps
    // the walk small.
    // Covers: every snapshot (state value and context) these samples reach from this input, 2,610 of
    // them over the 21 state values below when this was written, each × every sample event (54): about
    // 141,000 pairs, each a legal transition or a refusal that changes nothing. A few seconds on 2 cores.
    // The first rules edition: the second edition's gates before the vote multiply the snapshots by every
    // order of their steps, so they have a walk of their own (test/machines/promotion-rules.test.ts).
    const exhaustiveInput = { ...input, openSelection: true, important: true, rulesEdition: 1 as const };
    const samples = [
      e.motion,
      { ...e.motion, actor: dept },
      nominate('A'),
      // B already holds the post's rank: appointed without probation (both final states are reachable).
      nominate('B', {
        nominee: { id: 'B', name: '乙', currentPost: { ...sectionHead('B科', '副处'), title: '副主任' } },
      }),
      nominate('C'),
      nominate('D'),
      nominate('F', { channel: 'individual_leader', nominators: [{ id: 'L-1' }] }),
      e.closeNominations,
      review('A', {}, [{ id: 'm12', relation: 'spouse' }]),
      review('B', { currentRank: 'deputy_division' }),
      review('C'),
      review('D'),
      review('D', { lastAnnualAppraisal: 'basically_competent' }),
      review('A', { targetRank: 'division' }),
      e.concludeReview,
      e.recommendation(60, ['A', 'B', 'C', 'D']),
      e.recommendation(59, ['A', 'B', 'C', 'D']),
      e.choose('A', 'B', 'C', 'D'),
      e.choose('A'),
      e.notice,
      { ...e.notice, numberOfPosts: 2 },
      e.noticeElapsed,
      evaluate('A', counts.clear),
      evaluate('B', counts.clear),
      evaluate('C', counts.clear),
      evaluate('D', counts.adjustment),
      inspected('A'),
      inspected('B'),
      inspected('C'),
      e.conclude('A', 'B', 'C'),
      e.conclude('A'),
      e.consulted,
      e.finalists('A', 'B', 'C'),
      e.finalists('A', 'B', 'D'),
      { ...votes.passes, candidateId: 'A' },
      { ...votes.passes, candidateId: 'B' },
      { ...votes.exactlyHalfFor, candidateId: 'A' },
      { ...votes.deferred, candidateId: 'A' },
      { ...votes.belowQuorumAllFor, candidateId: 'A' },
      vote({ shouldAttend: 12, present: 12, for: 12, against: 0, defer: 0 }, { candidateId: 'A' }),
      e.publicity,
      { ...e.publicity, venues: ['original_unit'] },
      e.waived,
      e.publicityClosed,
      {
        type: 'CALENDAR_UPDATED',
        at: '2026-02-20T02:00:00.000Z',
        actor: org,
        schedules: [
          {
            year: 2026,
            holidays: ['2026-01-01', '2026-05-01', '2026-10-01'],
            makeUpWorkdays: [],
            source: 't',
          },
        ],
      },
      { type: 'CALENDAR_UPDATED', at: T0, actor: dept, schedules: [] },
      e.report('R1'),
      { ...e.report('R1'), actor: committee },
      e.cleared('R1'),
      e.substantiated('R1'),
      e.appoint,
      { ...e.appoint, noticeDate: '2026-02-20' },
      e.withdraw,
      { ...e.withdraw, actor: dept },
    ];
    // The appointment talk is the second edition's; so is this walk's way to no candidate left.
    const reached = checkMachineExhaustively(promotionMachine, exhaustiveInput, samples, [
      'promotion.appointmentTalk',
      'promotion.noCandidate',
    ]);
    expect(new Set(reached.map((s) => JSON.stringify(s.value)))).toEqual(
      new Set(
        [
          'motion',
          'nomination',
          'qualificationReview',
          'democraticRecommendation',
          'choosingCandidates',
          'awaitingInspectionNotice',
          'inspectionNotice',
          'inspection',
          'consultation',
          'finalistsPresentation',
          'committeeVote',
          { publicity: 'pending' },
          { publicity: 'open' },
          { publicity: 'held' },
          { publicity: 'closedWhileHeld' },
          'awaitingAppointment',
          'appointedOnProbation',
          'appointed',
          'notAppointed',
          'notApproved',
          'withdrawn',
        ].map((v) => JSON.stringify(v)),
      ),
    );
    // Every armed deadline belongs to a timer an active state declares: the host arms only those.
    for (const s of reached) {
      const metas = Object.values(s.getMeta()) as StateMeta[];
      const timers = new Set(metas.flatMap((m) => m.timers ?? []).map((t) => t.name));
      const armed = Object.entries(s.context.deadlines as Record<string, string | undefined>)
        .filter(([, when]) => when !== undefined)
        .map(([name]) => name);
      expect(
        armed.filter((name) => !timers.has(name)),
        JSON.stringify(s.value),
      ).toEqual([]);
    }
  });
});
