import { z } from 'zod';
import { eventEnvelope, isoInstantSchema } from '../../domain/case';
import type { Policy } from '../../domain/policy';
import { addDays, chinaDateOf, endOfChinaDay } from '../calendar/china-time';
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

/**
 * From the collective choice of whom to inspect to the proposal put to the committee:
 * - choosing (确定考察对象): decided by the organization department's meeting (部务会议), competitively
 *   (差额: more candidates than posts; open selection needs at least its three finalists);
 * - the inspection notice (考察预告) states the 六公开 — time, content, procedure, standard, number of posts,
 *   requirements — and runs `policy.inspectionNotice.days` full China days after the day it went up,
 *   closing at the end of the last (the same end-of-day convention as publicity);
 * - inspection (考察): for each candidate a democratic evaluation (evaluation.ts) and a report of the talks
 *   and the comprehensive score from superiors, peers, subordinates and the public;
 * - the conclusion proposes one candidate (open selection: the three finalists) from those still in, and
 *   only once every one of them is fully inspected;
 * - open selection (公开选拔): the three finalists each appear and answer the same question before the vote.
 */
const ids = z.array(z.string().min(1).max(64));
const text = (max: number) => z.string().min(1).max(max);

export const inspectionCandidatesChosenEventSchema = z.object({
  type: z.literal('INSPECTION_CANDIDATES_CHOSEN'),
  ...eventEnvelope,
  candidateIds: ids.min(2).max(50),
  decision: text(2000).describe('The 部务会议 decision (minutes reference)'),
});
export const inspectionNoticePublishedEventSchema = z.object({
  type: z.literal('INSPECTION_NOTICE_PUBLISHED'),
  ...eventEnvelope,
  publishedAt: isoInstantSchema,
  time: text(500).describe('When the inspection takes place'),
  content: text(4000),
  procedure: text(4000),
  standard: text(4000),
  numberOfPosts: z.number().int().min(1).max(100),
  requirements: text(4000),
});
const score = z.number().min(0).max(100);
export const inspectionReportedEventSchema = z.object({
  type: z.literal('INSPECTION_REPORTED'),
  ...eventEnvelope,
  candidateId: z.string().min(1).max(64),
  talks: z.object({ held: z.number().int().min(1).max(10000), summary: text(8000) }),
  scores: z.object({
    superiors: score,
    peers: score,
    subordinates: score,
    public: score,
    comprehensive: score.describe('The quantified comprehensive score, as the department computed it'),
  }),
});
export const inspectionConcludedEventSchema = z.object({
  type: z.literal('INSPECTION_CONCLUDED'),
  ...eventEnvelope,
  proposedIds: ids
    .min(1)
    .max(3)
    .describe('Whom to put to the vote: one, or the three finalists of an open selection'),
  decision: text(2000).describe('The 部务会议 decision (minutes reference)'),
});
export const finalistsPresentedEventSchema = z.object({
  type: z.literal('FINALISTS_PRESENTED'),
  ...eventEnvelope,
  finalistIds: ids.length(3),
  question: text(2000).describe('The one question every finalist answered'),
});

type Chosen = z.infer<typeof inspectionCandidatesChosenEventSchema>;
type NoticePublished = z.infer<typeof inspectionNoticePublishedEventSchema>;
type Reported = z.infer<typeof inspectionReportedEventSchema>;
type Concluded = z.infer<typeof inspectionConcludedEventSchema>;
type Presented = z.infer<typeof finalistsPresentedEventSchema>;
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
