import { chinaDateOf, compareDates } from '../../domain/dates';
import type { InfluenceMeasure } from '../../domain/facts/influence';
import { isLeadingRank, type Rank, rankSchema } from '../../domain/ranks';
import {
  measureRecordedEventSchema,
  type PreVoteCheck,
  preVoteCheckRecordedEventSchema,
  proposalDeliberatedEventSchema,
  voteBriefingFiledEventSchema,
} from '../../domain/steps/pre-vote';
import { reportFiledEventSchema, verificationSubstantiatedEventSchema } from '../../domain/steps/supervision';
import type { Stamped } from '../meta';
import { blockingInfluencePeriods } from '../rules/influence-period';
import { type Candidate, type CandidatePoolSlice, candidateById, withCandidate } from './candidates';
import { type VoteSlice, voteSubjectOf } from './committee-vote';
import { type AnyStamped, dayOf, eventOf } from './events';
import { pendingReports, type SupervisionSlice } from './supervision';

/**
 * The gates before a promotion's vote (DOMAIN.md "Promotion: the gates before the decision"), all from
 * the second rules edition; the machine composes each with `rulesOfSecondReview`:
 * - the second 酝酿 of the proposed appointment (《党政领导干部选拔任用工作条例》2019 art. 34);
 * - 凡提四必: the personnel file, the personal-matters report, the discipline commission's opinion and
 *   every report with a specific lead, each checked, by whom, when, with a conclusion. Outstanding or
 *   adverse: not put to the vote ("没有核实清楚的不上会"), and the refusal names the check;
 * - a report filed at any stage before the vote holds its candidate until verified. The vote waits for
 *   every pending report (a report about one candidate holds the decision between them too);
 * - the vote briefing: recommendation, inspection and appointment reasons, and for 破格 its grounds and
 *   the superior department's consent (条例 art. 11);
 * - eligibility again at the vote and at appointment: a measure reported after the qualification review
 *   (MEASURE_RECORDED) whose influence period runs on that day bars the candidate.
 */
type Who = { at: string; by: Stamped['actor'] };

export interface Deliberation extends Who {
  candidateId: string;
  participants: string[];
  heldOn: string;
  summary: string;
}

export interface PreVoteSlice extends CandidatePoolSlice, VoteSlice, SupervisionSlice {
  proposal?: { proposedIds: string[] } & Who;
  deliberations: Deliberation[];
}

type Args = { context: PreVoteSlice; event: AnyStamped };
/** What the records below change. */
type Update = Partial<Pick<PreVoteSlice, 'candidates' | 'deliberations'>>;

const subject = (context: PreVoteSlice, candidateId: string | undefined) =>
  voteSubjectOf(context, { candidateId });
const subjectCandidate = (context: PreVoteSlice, candidateId: string | undefined) =>
  candidateById(context, subject(context, candidateId)?.id);

// ---- the second deliberation ----

function deliberationOf({ context, event }: Args) {
  const e = eventOf(event, proposalDeliberatedEventSchema);
  const s = e && subject(context, e.candidateId);
  if (!e || !s || compareDates(e.heldOn, dayOf(e)) > 0) return undefined;
  // Once per candidate: the record holds the deliberation the vote rests on.
  if (context.deliberations.some((d) => d.candidateId === s.id)) return undefined;
  const proposedOn = context.proposal && chinaDateOf(context.proposal.at);
  if (proposedOn && compareDates(e.heldOn, proposedOn) < 0) return undefined;
  return { e, subjectId: s.id };
}

export function recordDeliberation(context: PreVoteSlice, event: AnyStamped): Update {
  const d = deliberationOf({ context, event });
  if (!d) return {};
  const { participants, heldOn, summary, at, actor } = d.e;
  return {
    deliberations: [
      ...context.deliberations,
      { candidateId: d.subjectId, participants, heldOn, summary, at, by: actor },
    ],
  };
}

// ---- 凡提四必 ----

function checkOf({ context, event }: Args) {
  const e = eventOf(event, preVoteCheckRecordedEventSchema);
  const candidate = e && subjectCandidate(context, e.candidateId);
  if (!e || !candidate || candidate.id !== e.candidateId || compareDates(e.checkedOn, dayOf(e)) > 0)
    return undefined;
  // The discipline opinion comes with the 廉洁自律 conclusion signed by both secretaries.
  if (
    e.check === 'discipline_opinion' &&
    !(e.integrity?.signedByPartySecretary && e.integrity.signedByDisciplineSecretary)
  )
    return undefined;
  return { e, candidate };
}

export function recordPreVoteCheck(context: PreVoteSlice, event: AnyStamped): Update {
  const c = checkOf({ context, event });
  if (!c) return {};
  const { checkedBy, checkedOn, conclusion, summary, integrity, at, actor } = c.e;
  const record = {
    checkedBy,
    checkedOn,
    conclusion,
    summary,
    ...(integrity ? { integrity } : {}),
    at,
    by: actor,
  };
  return {
    candidates: withCandidate(context, {
      ...c.candidate,
      preVoteChecks: { ...c.candidate.preVoteChecks, [c.e.check]: record },
    }),
  };
}

// ---- the vote briefing ----

function briefingOf({ context, event }: Args) {
  const e = eventOf(event, voteBriefingFiledEventSchema);
  const candidate = e && subjectCandidate(context, e.candidateId);
  if (!e || !candidate || candidate.id !== e.candidateId) return undefined;
  // 破格 goes to the vote with its grounds and the superior department's consent.
  if (candidate.qualification?.exceptional && !e.exceptional) return undefined;
  if (e.exceptional && compareDates(e.exceptional.superiorConsent.on, dayOf(e)) > 0) return undefined;
  return { e, candidate };
}

export function recordBriefing(context: PreVoteSlice, event: AnyStamped): Update {
  const b = briefingOf({ context, event });
  if (!b) return {};
  const { recommendation, inspection, appointment, exceptional, at, actor } = b.e;
  return {
    candidates: withCandidate(context, {
      ...b.candidate,
      briefing: {
        recommendation,
        inspection,
        appointment,
        ...(exceptional ? { exceptional } : {}),
        at,
        by: actor,
      },
    }),
  };
}

// ---- measures after the review ----

const inTheRunning = (c: Candidate | undefined) =>
  c !== undefined && (c.status === 'nominated' || c.status === 'qualified' || c.status === 'inspection');

function measureOf({ context, event }: Args) {
  const e = eventOf(event, measureRecordedEventSchema);
  const candidate = e && candidateById(context, e.cadreId);
  if (!e || !candidate || candidate.status === 'disqualified') return undefined;
  if (compareDates(e.measure.effectiveDate, dayOf(e)) > 0) return undefined;
  return { e, candidate };
}

export function recordLaterMeasure(context: PreVoteSlice, event: AnyStamped): Update {
  const m = measureOf({ context, event });
  if (!m) return {};
  const later: InfluenceMeasure[] = [...(m.candidate.laterMeasures ?? []), m.e.measure];
  return { candidates: withCandidate(context, { ...m.candidate, laterMeasures: later }) };
}

/**
 * Whether a measure reported after the review bars the candidate on `date`. A 职级 holder moving into a
 * leading post at the same level is measured from the level below, as the review measured them.
 */
export function barredByLaterMeasures(candidate: Candidate | undefined, date: string): boolean {
  const q = candidate?.qualification;
  const measures = (candidate?.laterMeasures ?? []).filter((m) => compareDates(m.effectiveDate, date) <= 0);
  if (!candidate || !q?.currentRank || !q.targetRank || measures.length === 0) return false;
  const ladder: readonly Rank[] = rankSchema.options;
  const sameLevelIntoPost = q.holding === 'rank' && q.currentRank === q.targetRank;
  const from = sameLevelIntoPost
    ? (ladder[Math.max(0, ladder.indexOf(q.currentRank) - 1)] as Rank)
    : q.currentRank;
  const blocks = blockingInfluencePeriods({
    measures,
    appointment: {
      date,
      leadingPost: isLeadingRank(q.targetRank),
      currentRank: from,
      targetRank: q.targetRank,
    },
  });
  return !blocks.ok || blocks.value.length > 0;
}

// ---- reports before the vote ----

/** A report that names a candidate still in the running holds them (second edition). */
function reportHoldsCandidate({ context, event }: Args): boolean {
  const e = eventOf(event, reportFiledEventSchema);
  return e?.concerns !== undefined && inTheRunning(candidateById(context, e.concerns));
}

/** A substantiated report takes the candidate it concerns out of the case, saying why. */
export function dropReportedCandidate(context: PreVoteSlice, event: AnyStamped): Update {
  const e = eventOf(event, verificationSubstantiatedEventSchema);
  const report = e && context.reports.find((r) => r.id === e.reportId);
  const candidate = report?.concerns ? candidateById(context, report.concerns) : undefined;
  if (!e || !candidate || !inTheRunning(candidate)) return {};
  return {
    candidates: withCandidate(context, {
      ...candidate,
      status: 'reportSubstantiated',
      out: {
        rule: 'report_substantiated',
        zh: `举报经核查属实：${e.findings}`,
        en: `a report was substantiated: ${e.findings}`,
      },
    }),
  };
}

// ---- the guards ----

/** The vote event's subject, for the vote-time gates. */
const voteSubject = ({ context, event }: Args) =>
  subjectCandidate(context, (event as { candidateId?: unknown }).candidateId as string | undefined);

const checkClear = (check: PreVoteCheck) => (args: Args) =>
  voteSubject(args)?.preVoteChecks?.[check]?.conclusion === 'clear';

export const preVoteGuards = {
  deliberationAcceptable: (args: Args) => deliberationOf(args) !== undefined,
  preVoteCheckAcceptable: (args: Args) => checkOf(args) !== undefined,
  voteBriefingAcceptable: (args: Args) => briefingOf(args) !== undefined,
  measureAcceptable: (args: Args) => measureOf(args) !== undefined,
  reportHoldsCandidate,
  /** 条例 art. 34: the proposed appointment deliberated again before the committee decides. */
  secondDeliberationRecorded: (args: Args) => {
    const s = voteSubject(args);
    return s !== undefined && args.context.deliberations.some((d) => d.candidateId === s.id);
  },
  personnelFileChecked: checkClear('personnel_file'),
  personalMattersChecked: checkClear('personal_matters'),
  disciplineOpinionHeard: checkClear('discipline_opinion'),
  reportsWithLeadsVerified: checkClear('reports'),
  noReportHoldsTheVote: ({ context }: Args) => pendingReports(context).length === 0,
  voteBriefingFiled: (args: Args) => {
    const s = voteSubject(args);
    return (
      s?.briefing !== undefined && (!s.qualification?.exceptional || s.briefing.exceptional !== undefined)
    );
  },
  subjectStillEligible: (args: Args) => !barredByLaterMeasures(voteSubject(args), dayOf(args.event)),
};
