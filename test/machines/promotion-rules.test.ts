import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Candidate } from '../../machines/fragments/candidates';
import { type PromotionInput, promotionMachine } from '../../machines/promotion';
import { refusalMessages } from '../../machines/refusals';
import { CaseSession, InvalidEventError } from '../../workflows/session/case-session';
import { failedConditions } from '../../workflows/session/machine-view';
import { promotionTrack } from '../../workflows/tracks/promotion';
import {
  briefed,
  checked,
  counts,
  deliberated,
  e,
  evaluate,
  input,
  inspected,
  nominate,
  org,
  PRE_VOTE_CHECKS,
  readyForVote,
  review,
  sectionHead,
  T0,
  votes,
} from '../support/promotion-fixtures';
import { checkMachineExhaustively } from './support/exhaustive';

/**
 * Issue 10, "Promotion as the rules have it": each gate at its boundary, under the second rules edition
 * (the newest, which a machine driven directly gets), and the first edition unchanged where it differs.
 */
type Snapshot = AnyMachineSnapshot;
const start = (overrides: Partial<PromotionInput> = {}) =>
  initialTransition(promotionMachine, { ...input, ...overrides })[0] as Snapshot;
const run = (s: Snapshot, ...events: object[]) =>
  events.reduce<Snapshot>((cur, ev) => transition(promotionMachine, cur as never, ev as never)[0], s);
const refused = (s: Snapshot, ...events: object[]) => {
  for (const ev of events) expect(s.can(ev as never), JSON.stringify(ev).slice(0, 100)).toBe(false);
};
const candidate = (s: Snapshot, id: string) =>
  (s.context.candidates as Candidate[]).find((c) => c.id === id) as Candidate;

const toInspection = (s = start()) =>
  run(
    s,
    e.motion,
    nominate('A'),
    nominate('B'),
    nominate('C'),
    e.closeNominations,
    review('A'),
    review('B'),
    review('C'),
    e.concludeReview,
    e.recommendation(),
    e.choose('A', 'B'),
    e.notice,
    e.noticeElapsed,
  );
const inspectedBoth = (s = start()) =>
  run(
    toInspection(s),
    evaluate('A', counts.clear),
    inspected('A'),
    evaluate('B', counts.clear),
    inspected('B'),
  );
const toVote = (s = start()) => run(inspectedBoth(s), e.conclude('A'), e.consulted);

describe('酝酿, twice', () => {
  it('the motion records its deliberation (who, when); without it, or dated in the future, it is refused', () => {
    const { deliberation: _, ...bare } = e.motion;
    refused(start(), bare, { ...e.motion, deliberation: { ...e.motion.deliberation, heldOn: '2026-02-12' } });
    expect(run(start(), e.motion).context.motion.deliberation).toEqual(e.motion.deliberation);
    // The first edition adopted a motion without it.
    expect(run(start({ rulesEdition: 1 }), bare).value).toBe('nomination');
  });

  it('a vote without the second 酝酿 before it is refused (条例 art. 34), and the refusal says so', () => {
    const withoutIt = readyForVote('A').filter((ev) => ev.type !== 'PROPOSAL_DELIBERATED');
    refused(run(toVote(), ...withoutIt), votes.passes);
    expect(run(toVote(), ...withoutIt, deliberated()).can(votes.passes as never)).toBe(true);
    // Deliberation is about someone put to the vote, and not in the future.
    refused(toVote(), deliberated('B'), deliberated(undefined, { heldOn: '2026-02-12' }));
    // The first edition voted without it.
    expect(run(toVote(start({ rulesEdition: 1 })), votes.passes).value).toEqual({ publicity: 'pending' });
  });
});

describe('凡提四必: four recorded checks for each candidate put to the vote', () => {
  it.each(PRE_VOTE_CHECKS)(
    '%s outstanding or adverse: not put to the vote, and the refusal names the check',
    (check) => {
      const others = readyForVote('A').filter((ev) => !('check' in ev && ev.check === check));
      refused(run(toVote(), ...others), votes.passes);
      refused(run(toVote(), ...others, checked('A', check, { conclusion: 'adverse' })), votes.passes);
      expect(run(toVote(), ...others, checked('A', check)).can(votes.passes as never)).toBe(true);
    },
  );

  it('the refusal names the check in words, never a guard id', () => {
    const others = readyForVote('A').filter((ev) => !('check' in ev && ev.check === 'personal_matters'));
    const s = run(toVote(), ...others);
    const words = refusalMessages(failedConditions(s, { ...votes.passes }));
    expect(words.map((w) => w.zh)).toEqual([expect.stringContaining('个人有关事项报告必核')]);
    expect(words[0]?.en).toContain('personal-matters report check is outstanding or adverse');
  });

  it('the discipline opinion needs the 廉洁自律 conclusion signed by both secretaries', () => {
    refused(
      toVote(),
      checked('A', 'discipline_opinion', { integrity: undefined }),
      checked('A', 'discipline_opinion', {
        integrity: { signedByPartySecretary: true, signedByDisciplineSecretary: false },
      }),
      checked('B', 'personnel_file'), // B is not put to the vote
    );
  });

  it('a report filed before the vote holds its candidate until verified; substantiated, they are out', () => {
    const report = { ...e.report('R1', T0), concerns: 'A' };
    const held = run(inspectedBoth(), report);
    expect(held.context.reports[0].status).toBe('pending');
    const voting = run(held, e.conclude('A'), e.consulted, ...readyForVote('A'));
    refused(voting, votes.passes);
    expect(run(voting, e.cleared('R1', T0)).can(votes.passes as never)).toBe(true);
    const out = run(held, e.substantiated('R1', T0));
    expect(candidate(out, 'A')).toMatchObject({
      status: 'reportSubstantiated',
      out: { rule: 'report_substantiated' },
    });
    refused(out, e.conclude('A'));
    // The first edition only recorded it.
    const first = run(inspectedBoth(start({ rulesEdition: 1 })), report);
    expect(first.context.reports[0].status).toBe('recorded');
  });
});

describe('eligibility re-checked at the vote and at appointment', () => {
  const warning = (date: string) => ({
    type: 'MEASURE_RECORDED',
    at: T0,
    actor: org,
    cadreId: 'A',
    measure: { kind: 'party_warning', effectiveDate: date, rankAtMeasure: 'section' },
  });

  it('a sanction recorded after the qualification review bars the candidate from the vote', () => {
    const voting = run(toVote(), ...readyForVote('A'));
    refused(run(voting, warning('2026-02-11')), votes.passes);
    refused(voting, warning('2026-02-12')); // not yet in effect: refused as a record
    // An admonishment long expired does not bar.
    expect(
      run(voting, {
        ...warning('2020-01-01'),
        measure: { ...warning('').measure, effectiveDate: '2020-01-01', kind: 'admonishment' },
      }).can(votes.passes as never),
    ).toBe(true);
  });

  it('a measure recorded after the vote bars the appointment', () => {
    const awaiting = run(toVote(), ...readyForVote('A'), votes.passes, e.publicity, e.publicityClosed);
    expect(awaiting.value).toBe('awaitingAppointment');
    expect(awaiting.can(e.appoint as never)).toBe(true);
    refused(run(awaiting, { ...warning('2026-02-11'), at: '2026-03-01T02:00:00.000Z' }), e.appoint);
    // Reported during publicity, it bars the appointment all the same.
    const duringPublicity = run(
      toVote(),
      ...readyForVote('A'),
      votes.passes,
      e.publicity,
      warning('2026-02-11'),
    );
    refused(run(duringPublicity, e.publicityClosed), e.appoint);
  });
});

describe('诫勉 in inspection, and no candidate left', () => {
  it('dissatisfaction above 20%: admonished, out of this case, the record naming the rule and its six months', () => {
    const s = run(toInspection(), evaluate('A', counts.admonishment));
    expect(candidate(s, 'A').status).toBe('admonished');
    expect(candidate(s, 'A').out?.rule).toBe('admonishment_bars_promotion');
    expect(candidate(s, 'A').out?.zh).toContain('诫勉6个月内不得提拔');
    const policy = run(
      toInspection(start({ policy: { admonishment: { barsPromotionMonths: 12 } } })),
      evaluate('A', counts.admonishment),
    );
    expect(candidate(policy, 'A').out?.en).toContain('12 months');
  });

  it('with every candidate out, the organization department ends the case or returns it to nomination', () => {
    const none = run(toInspection(), evaluate('A', counts.adjustment), evaluate('B', counts.admonishment));
    const decision = { at: T0, actor: org, decision: '部务会议纪要〔2026〕5号' };
    const ended = run(none, { type: 'NO_CANDIDATE_PRODUCED', ...decision });
    expect(ended.value).toBe('noCandidate');
    expect(ended.context.outcome).toBe('no_candidate');
    const back = run(none, { type: 'RETURNED_TO_NOMINATION', ...decision });
    expect(back.value).toBe('nomination');
    expect(back.context.returns).toHaveLength(1);
    expect(back.context.proposal).toBeUndefined();
    // A new round: new nominees, more than the post.
    expect(run(back, nominate('D'), nominate('E'), e.closeNominations).value).toBe('qualificationReview');
    // With one still in, neither is open; nor without a decision stated.
    const oneLeft = run(toInspection(), evaluate('A', counts.adjustment));
    refused(
      oneLeft,
      { type: 'NO_CANDIDATE_PRODUCED', ...decision },
      { type: 'RETURNED_TO_NOMINATION', ...decision },
    );
    refused(none, { type: 'NO_CANDIDATE_PRODUCED', ...decision, decision: ' ' });
  });

  it('the legal events say so: offered only once no candidate is left', () => {
    const session = new CaseSession(
      promotionTrack,
      'w',
      promotionTrack.vocabulary.startSchema.parse(input),
      undefined,
      T0,
    );
    expect(session.legalEvents()).not.toContain('NO_CANDIDATE_PRODUCED');
    const spec = promotionTrack.preconditions ?? {};
    expect(spec.NO_CANDIDATE_PRODUCED?.(run(toInspection(), evaluate('A', counts.adjustment)).context)).toBe(
      false,
    );
    const none = run(toInspection(), evaluate('A', counts.adjustment), evaluate('B', counts.adjustment));
    expect(spec.NO_CANDIDATE_PRODUCED?.(none.context)).toBe(true);
    expect(spec.RETURNED_TO_NOMINATION?.(none.context)).toBe(true);
  });
});

describe('the vote briefing', () => {
  it('without the recommendation, inspection and appointment reasons the vote is refused', () => {
    const withoutBriefing = readyForVote('A').filter((ev) => ev.type !== 'VOTE_BRIEFING_FILED');
    refused(run(toVote(), ...withoutBriefing), votes.passes);
    refused(toVote(), { ...briefed('A'), appointment: ' ' }, briefed('B'));
  });

  it('破格 goes to the vote with its grounds and the superior department’s consent', () => {
    // A, a 副科, proposed for 副处 as 破格 (skips 正科), consent on record.
    const s = run(
      start(),
      e.motion,
      nominate('A', { nominee: { id: 'A', name: '甲', currentPost: sectionHead('A科', '副科') } }),
      nominate('B'),
      nominate('C'),
      e.closeNominations,
      review('A', {
        currentRank: 'deputy_section',
        currentRankSince: '2020-01-01',
        exceptional: { superiorConsentOnRecord: true },
      }),
      review('B'),
      review('C'),
      e.concludeReview,
      e.recommendation(),
      e.choose('A', 'B'),
      e.notice,
      e.noticeElapsed,
      evaluate('A', counts.clear),
      inspected('A'),
      evaluate('B', counts.clear),
      inspected('B'),
      e.conclude('A'),
      e.consulted,
    );
    expect(candidate(s, 'A').qualification?.exceptional).toBe(true);
    const checks = readyForVote('A').filter((ev) => ev.type !== 'VOTE_BRIEFING_FILED');
    refused(run(s, ...checks), briefed('A'));
    const grounds = { grounds: 'outstanding', superiorConsent: { by: '市委组织部', on: '2026-02-10' } };
    const ready = run(s, ...checks, briefed('A', { exceptional: grounds }));
    expect(ready.can(votes.passes as never)).toBe(true);
    refused(
      run(s, ...checks),
      briefed('A', { exceptional: { ...grounds, superiorConsent: { by: 'x', on: '2026-02-12' } } }),
    );
  });
});

describe('the committee’s tallies', () => {
  it('deferral is recorded by the committee: defer outnumbering against without that decision fails', () => {
    const voting = run(toVote(), ...readyForVote('A'));
    const undecided = { ...votes.deferred, deferred: undefined };
    expect(run(voting, undecided).value).toBe('notApproved');
    expect(run(voting, votes.deferred).context.vote.outcome).toBe('deferred');
  });

  it('impossible tallies are invalid input (422 with the field path), not an illegal step', () => {
    const session = new CaseSession(
      promotionTrack,
      'w',
      promotionTrack.vocabulary.startSchema.parse(input),
      undefined,
      T0,
    );
    const invalid = (figures: object) => {
      try {
        session.check({ ...votes.passes, ...figures, at: undefined }, T0);
      } catch (error) {
        return error;
      }
    };
    const tooMany = invalid({ for: 9 }) as InvalidEventError;
    expect(tooMany).toBeInstanceOf(InvalidEventError);
    expect(tooMany.issues.map((i) => i.path)).toEqual([['for']]);
    const overfull = invalid({ shouldAttend: 8 }) as InvalidEventError;
    expect(overfull.issues.map((i) => i.path)).toEqual([['present']]);
  });
});

describe('任职谈话, and time in post from the committee’s decision', () => {
  const awaiting = (s = start()) =>
    run(toVote(s), ...readyForVote('A'), votes.passes, e.publicity, e.publicityClosed);

  it('appointment waits for the talk; a talk before the notice or in the future is refused', () => {
    const talking = run(awaiting(), e.appoint);
    expect(talking.value).toBe('appointmentTalk');
    expect(talking.status).toBe('active');
    refused(
      talking,
      { ...e.talk, heldOn: '2026-03-01' },
      { ...e.talk, heldOn: '2026-03-03' },
      { ...e.talk, talkedBy: ' ' },
    );
    const done = run(talking, e.talk);
    expect(done.value).toBe('appointedOnProbation');
    expect(done.context.appointmentTalk).toMatchObject({
      talkedBy: e.talk.talkedBy,
      heldOn: '2026-03-02',
      by: org,
    });
  });

  it('the time in post counts from the decision; the first edition kept the notice date and no talk', () => {
    const [, actions] = transition(promotionMachine, run(awaiting(), e.appoint) as never, e.talk as never);
    expect(actions.find((a) => a.type === 'appointToPost')?.params).toMatchObject({ since: '2026-02-11' });
    const [first, firstActions] = transition(
      promotionMachine,
      run(toVote(start({ rulesEdition: 1 })), votes.passes, e.publicity, e.publicityClosed) as never,
      e.appoint as never,
    );
    expect(first.value).toBe('appointedOnProbation');
    expect(firstActions.find((a) => a.type === 'appointToPost')?.params).toMatchObject({
      since: '2026-03-02',
    });
  });

  it('a 职级 holder moving into a leading post at the same level is promoted: probation applies', () => {
    const rankHolder = (id: string) =>
      nominate(id, {
        nominee: { id, name: id, currentPost: { ...sectionHead(`${id}科`, '副处'), title: '副处级干部' } },
      });
    const s = run(
      start(),
      e.motion,
      rankHolder('A'),
      nominate('B'),
      nominate('C'),
      e.closeNominations,
      review('A', { currentRank: 'deputy_division', currentHolding: 'rank', currentRankSince: '2015-01-01' }),
      review('B'),
      review('C'),
      e.concludeReview,
    );
    expect(candidate(s, 'A').status).toBe('qualified');
    const done = run(awaiting(s), e.appoint, e.talk);
    expect(done.value).toBe('appointedOnProbation');
  });
});

describe('promotion machine under the second edition: generated check', () => {
  it('every new state is reached, and every state × event is a transition or a clean refusal', () => {
    // One post (a leadership-team post: consulted); two inspected so that both may fall out. The pre-vote
    // steps are A's.
    const samples = [
      e.motion,
      nominate('A'),
      nominate('B'),
      nominate('C'),
      e.closeNominations,
      review('A'),
      review('B'),
      review('C'),
      e.concludeReview,
      e.recommendation(),
      e.choose('A', 'B'),
      e.notice,
      e.noticeElapsed,
      evaluate('A', counts.clear),
      evaluate('B', counts.adjustment),
      evaluate('A', counts.adjustment),
      inspected('A'),
      e.conclude('A'),
      e.consulted,
      { type: 'NO_CANDIDATE_PRODUCED', at: T0, actor: org, decision: '部务会议纪要' },
      { type: 'RETURNED_TO_NOMINATION', at: T0, actor: org, decision: '部务会议纪要' },
      ...readyForVote('A'),
      checked('A', 'reports', { conclusion: 'adverse' }),
      votes.passes,
      votes.exactlyHalfFor,
      e.publicity,
      e.publicityClosed,
      e.appoint,
      e.talk,
      e.withdraw,
    ];
    const reached = checkMachineExhaustively(promotionMachine, { ...input, important: false }, samples, [
      'promotion.finalistsPresentation',
      'promotion.publicity.held',
      'promotion.publicity.closedWhileHeld',
      'promotion.notAppointed',
      'promotion.appointed',
    ]);
    const values = new Set(reached.map((s) => JSON.stringify(s.value)));
    for (const state of ['appointmentTalk', 'noCandidate', 'appointedOnProbation']) {
      expect(values).toContain(JSON.stringify(state));
    }
  }, 180_000); // ~25 s alone; a busy 2-core machine has taken over 60
});
