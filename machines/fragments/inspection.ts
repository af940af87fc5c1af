import { addDays, chinaDateOf, endOfChinaDay, instantMs } from '../../domain/dates';
import type { Policy } from '../../domain/policy';
import type { RulesEdition } from '../../domain/rules-edition';
import {
  finalistsPresentedEventSchema,
  inspectionCandidatesChosenEventSchema,
  inspectionConcludedEventSchema,
  inspectionNoticePublishedEventSchema,
  inspectionReportedEventSchema,
  type NoticePublished,
} from '../../domain/steps/inspection';
import type { Deadlines, Stamped, TimerSpec } from '../meta';
import { recusals } from '../rules/avoidance';
import {
  type Candidate,
  type CandidatePoolSlice,
  candidateById,
  withCandidate,
  withStatus,
} from './candidates';
import type { VoteSubject } from './committee-vote';
import { evaluationEvent, evaluationRecordOf } from './evaluation';
import { type AnyStamped, byWhom, eventOf, hasDuplicates } from './events';
import { POSTS_PER_CASE } from './qualification-review';

type Who = { at: string; by: Stamped['actor'] };

const FINALISTS = 3;

export interface InspectionSlice extends CandidatePoolSlice {
  caseId: string;
  policy: Policy;
  rulesEdition?: RulesEdition;
  deadlines: Deadlines;
  openSelection: boolean;
  inspectionChoice?: { candidateIds: string[]; decision: string } & Who;
  inspectionNotice?: Omit<NoticePublished, 'type' | 'actor' | 'reason' | 'at'> & { closesAt: string } & Who;
  proposal?: { proposedIds: string[]; decision: string } & Who;
  finalists?: { finalistIds: string[]; question: string } & Who;
  voteSubjects: VoteSubject[];
}

/**
 * Each step's guard is its rule over the parsed event (the schema has checked the payload: ids, the 六公开
 * texts, scores); who may take the step (the organization department) is composed at the transition.
 */
type Args = { context: InspectionSlice; event: AnyStamped };

export const inspectionNoticeTimer: TimerSpec = {
  name: 'inspectionNotice',
  event: 'INSPECTION_NOTICE_ELAPSED',
  label: { zh: '考察预告期满，开始考察', en: 'The inspection notice period ends; inspection begins' },
};

function inspectionNoticeClosesAt(policy: Policy, publishedAt: string): string {
  return endOfChinaDay(addDays(chinaDateOf(publishedAt), policy.inspectionNotice.days));
}

// ---- choosing whom to inspect ----

function choiceOf({ context, event }: Args) {
  const e = eventOf(event, inspectionCandidatesChosenEventSchema);
  if (!e || hasDuplicates(e.candidateIds)) return undefined;
  const minimum = Math.max(POSTS_PER_CASE + 1, context.openSelection ? FINALISTS : 0);
  const allQualified = e.candidateIds.every((id) => candidateById(context, id)?.status === 'qualified');
  return allQualified && e.candidateIds.length >= minimum ? e : undefined;
}

export const inspectionChoiceAcceptable = (args: Args) => choiceOf(args) !== undefined;

export function recordInspectionChoice(
  context: InspectionSlice,
  event: AnyStamped,
): Partial<InspectionSlice> {
  const e = choiceOf({ context, event });
  if (!e) return {};
  const chosen = new Set(e.candidateIds);
  return {
    candidates: context.candidates.map((c) =>
      chosen.has(c.id) ? { ...c, status: 'inspection' as const } : c,
    ),
    inspectionChoice: { candidateIds: [...e.candidateIds].sort(), decision: e.decision, ...byWhom(e) },
  };
}

// ---- the inspection notice ----

/** Not dated in the future, nor before the choice it announces; for the case's one post. */
function noticeOf({ context, event }: Args) {
  const parsed = eventOf(event, inspectionNoticePublishedEventSchema);
  if (!parsed) return undefined;
  // Without its own publishedAt, the notice went up when the step happened (its occurredAt).
  const e = { ...parsed, publishedAt: parsed.publishedAt ?? parsed.at };
  const published = instantMs(e.publishedAt);
  // "Not in the future" is the service's clock (a step dated by day may name the hour it went up).
  const stamped = instantMs(e.recordedAt ?? e.at);
  const chosen = context.inspectionChoice ? instantMs(context.inspectionChoice.at) : undefined;
  if (published === undefined || stamped === undefined || published > stamped) return undefined;
  if (chosen !== undefined && published < chosen) return undefined;
  return e.numberOfPosts === POSTS_PER_CASE ? e : undefined;
}

export const inspectionNoticeAcceptable = (args: Args) => noticeOf(args) !== undefined;

export function recordInspectionNotice(
  context: InspectionSlice,
  event: AnyStamped,
): Partial<InspectionSlice> {
  const e = noticeOf({ context, event });
  if (!e) return {};
  const {
    type: _type,
    actor: _actor,
    reason: _reason,
    at: _at,
    recordedAt: _recordedAt,
    occurredAt: _occurredAt,
    ...notice
  } = e;
  const closesAt = inspectionNoticeClosesAt(context.policy, e.publishedAt);
  return {
    inspectionNotice: { ...notice, closesAt, ...byWhom(e) },
    deadlines: { ...context.deadlines, inspectionNotice: closesAt },
  };
}

export function closeInspectionNotice(context: InspectionSlice): Partial<InspectionSlice> {
  const { inspectionNotice: _closed, ...deadlines } = context.deadlines;
  return { deadlines };
}

// ---- inspecting each candidate ----

/** The candidate an inspection event is about, when they are still being inspected. */
const underInspection = (context: InspectionSlice, id: unknown): Candidate | undefined => {
  const c = candidateById(context, id);
  return c?.status === 'inspection' ? c : undefined;
};

/** Evaluation is once per candidate still under inspection (the organization department's: domain/senders.ts). */
export function mayEvaluate({ context, event }: Args): boolean {
  const candidate = underInspection(context, evaluationEvent(event)?.candidateId);
  return candidate !== undefined && candidate.evaluation === undefined;
}

export function recordCandidateEvaluation(
  context: InspectionSlice,
  event: AnyStamped,
): Partial<InspectionSlice> {
  const candidate = underInspection(context, evaluationEvent(event)?.candidateId);
  const evaluation = evaluationRecordOf(context, event);
  if (!candidate || !evaluation) return {};
  const consequence = evaluation.outcome.consequence;
  const status =
    consequence === 'adjustment'
      ? 'adjusted'
      : consequence === 'admonishment'
        ? 'admonished'
        : candidate.status;
  const out = outOfCase(context.policy, consequence, evaluation.outcome.dissatisfactionPercent);
  return {
    candidates: withCandidate(context, { ...candidate, evaluation, status, ...(out ? { out } : {}) }),
  };
}

/**
 * The rule that takes an evaluated candidate out of the case, in words for the record. 诫勉 bars promotion
 * for `policy.admonishment.barsPromotionMonths` (six by default, a figure from memory: domain/policy.ts),
 * so the candidate cannot be appointed in this case.
 */
function outOfCase(policy: Policy, consequence: string, dissatisfaction: number): Candidate['out'] {
  const share = `${dissatisfaction.toFixed(1)}%`;
  if (consequence === 'admonishment') {
    const line = policy.evaluation.admonishmentAboveDissatisfactionPercent;
    const months = policy.admonishment.barsPromotionMonths;
    return {
      rule: 'admonishment_bars_promotion',
      zh: `民主测评不满意率${share}，超过${line}%，予以诫勉；诫勉${months}个月内不得提拔，本案不再作为人选`,
      en: `dissatisfaction ${share} is above ${line}%: admonished (诫勉), which bars promotion for ${months} months, so not a candidate in this case`,
    };
  }
  if (consequence === 'adjustment') {
    const line = policy.evaluation.adjustmentAboveDissatisfactionPercent;
    return {
      rule: 'adjustment',
      zh: `民主测评不满意率${share}，超过${line}%，予以调整，本案不再作为人选`,
      en: `dissatisfaction ${share} is above ${line}%: adjusted (调整), so not a candidate in this case`,
    };
  }
  return undefined;
}

/** One report per candidate still under inspection. */
function reportOf({ context, event }: Args) {
  const e = eventOf(event, inspectionReportedEventSchema);
  const candidate = e && underInspection(context, e.candidateId);
  if (!e || !candidate || candidate.inspection !== undefined) return undefined;
  return { candidate, talks: e.talks, scores: e.scores, e };
}

export const inspectionReportAcceptable = (args: Args) => reportOf(args) !== undefined;

/**
 * Rules edition 3 (DOMAIN.md "Corrections and additions", Avoidance): the inspection team is named, and
 * none of its members is the candidate or a relative of theirs (the relatives the qualification review
 * recorded) — the vote's recusal rule, applied to the team.
 */
export function inspectionTeamRecused(args: Args): boolean {
  const r = reportOf(args);
  const team = r?.e.teamMemberIds;
  if (!r || !team) return false;
  const mustRecuse = recusals(team, r.candidate.relatives, r.candidate.id);
  return mustRecuse.ok && mustRecuse.value.length === 0;
}

export function recordInspectionReport(
  context: InspectionSlice,
  event: AnyStamped,
): Partial<InspectionSlice> {
  const r = reportOf({ context, event });
  if (!r) return {};
  const inspection = { talks: r.talks, scores: r.scores, ...byWhom(r.e) };
  return { candidates: withCandidate(context, { ...r.candidate, inspection }) };
}

// ---- the conclusion and the finalists ----

function conclusionOf({ context, event }: Args) {
  const e = eventOf(event, inspectionConcludedEventSchema);
  if (!e || hasDuplicates(e.proposedIds)) return undefined;
  const remaining = withStatus(context, 'inspection');
  const complete = remaining.every((c) => c.evaluation !== undefined && c.inspection !== undefined);
  const wanted = context.openSelection ? FINALISTS : POSTS_PER_CASE;
  const proposed = e.proposedIds.map((id) => remaining.find((c) => c.id === id));
  if (!complete || e.proposedIds.length !== wanted || proposed.some((c) => c === undefined)) return undefined;
  return { e, proposed: proposed as Candidate[] };
}

export const inspectionConclusionAcceptable = (args: Args) => conclusionOf(args) !== undefined;

export function recordInspectionConclusion(
  context: InspectionSlice,
  event: AnyStamped,
): Partial<InspectionSlice> {
  const c = conclusionOf({ context, event });
  if (!c) return {};
  return {
    proposal: { proposedIds: [...c.e.proposedIds].sort(), decision: c.e.decision, ...byWhom(c.e) },
    voteSubjects: c.proposed.map((p) => ({ id: p.id, relatives: p.relatives })),
  };
}

function presentationOf({ context, event }: Args) {
  const e = eventOf(event, finalistsPresentedEventSchema);
  if (!e || hasDuplicates(e.finalistIds)) return undefined;
  const proposed = context.proposal?.proposedIds ?? [];
  // The schema says three; they must be the three the conclusion proposed.
  return [...e.finalistIds].sort().join('\u0000') === proposed.join('\u0000') ? e : undefined;
}

export const finalistsPresentationAcceptable = (args: Args) => presentationOf(args) !== undefined;

export function recordFinalistsPresentation(
  context: InspectionSlice,
  event: AnyStamped,
): Partial<InspectionSlice> {
  const e = presentationOf({ context, event });
  return e
    ? { finalists: { finalistIds: [...e.finalistIds].sort(), question: e.question, ...byWhom(e) } }
    : {};
}
