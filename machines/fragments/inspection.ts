import { addDays, chinaDateOf, endOfChinaDay } from '../../domain/dates';
import type { Policy } from '../../domain/policy';
import {
  type Chosen,
  type Concluded,
  inspectionReportedEventSchema,
  type NoticePublished,
  type Presented,
  type Reported,
} from '../../domain/steps/inspection';
import type { Deadlines, Stamped, TimerSpec } from '../meta';
import { byOrganizationDepartment } from './actors';
import {
  type Candidate,
  type CandidatePoolSlice,
  candidateById,
  withCandidate,
  withStatus,
} from './candidates';
import type { VoteSubject } from './committee-vote';
import { evaluationRecordOf } from './evaluation';
import { type AnyStamped, byWhom, eventOf, hasDuplicates, instantMs } from './events';
import { POSTS_PER_CASE } from './qualification-review';

type Who = { at: string; by: Stamped['actor'] };

export const FINALISTS = 3;

export interface InspectionSlice extends CandidatePoolSlice {
  caseId: string;
  policy: Policy;
  deadlines: Deadlines;
  openSelection: boolean;
  inspectionChoice?: { candidateIds: string[]; decision: string } & Who;
  inspectionNotice?: Omit<NoticePublished, 'type' | 'actor' | 'reason' | 'at'> & { closesAt: string } & Who;
  proposal?: { proposedIds: string[]; decision: string } & Who;
  finalists?: { finalistIds: string[]; question: string } & Who;
  voteSubjects: VoteSubject[];
}

type Args = { context: InspectionSlice; event: AnyStamped };
const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const distinctStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') && !hasDuplicates(value);

export const inspectionNoticeTimer: TimerSpec = {
  name: 'inspectionNotice',
  event: 'INSPECTION_NOTICE_ELAPSED',
  label: { zh: '考察预告期满，开始考察', en: 'The inspection notice period ends; inspection begins' },
};

export function inspectionNoticeClosesAt(policy: Policy, publishedAt: string): string {
  return endOfChinaDay(addDays(chinaDateOf(publishedAt), policy.inspectionNotice.days));
}

// ---- choosing whom to inspect ----

function choiceOf({ context, event }: Args) {
  const e = eventOf<Chosen>(event, 'INSPECTION_CANDIDATES_CHOSEN');
  if (!e || !byOrganizationDepartment({ event }) || !nonEmpty(e.decision) || !distinctStrings(e.candidateIds))
    return undefined;
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

function noticeOf({ context, event }: Args) {
  const e = eventOf<NoticePublished>(event, 'INSPECTION_NOTICE_PUBLISHED');
  if (!e || !byOrganizationDepartment({ event })) return undefined;
  const published = instantMs(e.publishedAt);
  const stamped = instantMs(e.at);
  const chosen = context.inspectionChoice ? instantMs(context.inspectionChoice.at) : undefined;
  if (published === undefined || stamped === undefined || published > stamped) return undefined;
  if (chosen !== undefined && published < chosen) return undefined;
  const sixOpen = [e.time, e.content, e.procedure, e.standard, e.requirements].every(nonEmpty);
  return sixOpen && e.numberOfPosts === POSTS_PER_CASE ? e : undefined;
}

export const inspectionNoticeAcceptable = (args: Args) => noticeOf(args) !== undefined;

export function recordInspectionNotice(
  context: InspectionSlice,
  event: AnyStamped,
): Partial<InspectionSlice> {
  const e = noticeOf({ context, event });
  if (!e) return {};
  const { type: _type, actor: _actor, reason: _reason, at: _at, ...notice } = e;
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

/** Evaluation is the organization department's, once per candidate still under inspection. */
export function mayEvaluate({ context, event }: Args): boolean {
  const candidate = underInspection(context, (event as { candidateId?: unknown }).candidateId);
  return byOrganizationDepartment({ event }) && candidate !== undefined && candidate.evaluation === undefined;
}

export function recordCandidateEvaluation(
  context: InspectionSlice,
  event: AnyStamped,
): Partial<InspectionSlice> {
  const candidate = underInspection(context, (event as { candidateId?: unknown }).candidateId);
  const evaluation = evaluationRecordOf(context.policy, event);
  if (!candidate || !evaluation) return {};
  const consequence = evaluation.outcome.consequence;
  const status =
    consequence === 'adjustment'
      ? 'adjusted'
      : consequence === 'admonishment'
        ? 'admonished'
        : candidate.status;
  return { candidates: withCandidate(context, { ...candidate, evaluation, status }) };
}

function reportOf({ context, event }: Args) {
  const e = eventOf<Reported>(event, 'INSPECTION_REPORTED');
  if (!e || !byOrganizationDepartment({ event })) return undefined;
  const candidate = underInspection(context, e.candidateId);
  if (!candidate || candidate.inspection !== undefined) return undefined;
  const parsed = inspectionReportedEventSchema.shape.talks.safeParse(e.talks);
  const scores = inspectionReportedEventSchema.shape.scores.safeParse(e.scores);
  return parsed.success && scores.success
    ? { candidate, talks: parsed.data, scores: scores.data, e }
    : undefined;
}

export const inspectionReportAcceptable = (args: Args) => reportOf(args) !== undefined;

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
  const e = eventOf<Concluded>(event, 'INSPECTION_CONCLUDED');
  if (!e || !byOrganizationDepartment({ event }) || !nonEmpty(e.decision) || !distinctStrings(e.proposedIds))
    return undefined;
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
  const e = eventOf<Presented>(event, 'FINALISTS_PRESENTED');
  if (!e || !byOrganizationDepartment({ event }) || !nonEmpty(e.question) || !distinctStrings(e.finalistIds))
    return undefined;
  const proposed = context.proposal?.proposedIds ?? [];
  const same =
    e.finalistIds.length === FINALISTS &&
    [...e.finalistIds].sort().join('\u0000') === proposed.join('\u0000');
  return same ? e : undefined;
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
