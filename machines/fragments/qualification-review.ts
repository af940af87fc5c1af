import { z } from 'zod';
import { eventEnvelope, type Post } from '../../domain/case';
import type { Policy } from '../../domain/policy';
import { type AvoidanceInput, avoidanceConflicts, relativeSchema } from '../rules/avoidance';
import { compareDates } from '../rules/dates';
import { qualificationFactsSchema, reviewQualification } from '../rules/qualification';
import { rankFromLabel } from '../rules/ranks';
import { byOrganizationDepartment } from './actors';
import { type CandidatePoolSlice, candidateById, withCandidate, withStatus } from './candidates';
import { type AnyStamped, dayOf, eventOf } from './events';

/**
 * Qualification review (资格审查), one nominee at a time: the department system supplies the facts, the
 * rule (reviewQualification) says which requirement fails, and a nominee who fails leaves the pool with
 * the failures named. Avoidance (回避) applies to every appointment (DOMAIN.md), so the nominee's
 * relatives come with the facts and a post that would put them under a relative fails the review too.
 *
 * The facts must be about this case: the target rank is the post's, the current rank the nominee's, and
 * the review is as of a day that has come (the event's China date at the latest).
 */
export const qualificationReviewedEventSchema = z.object({
  type: z.literal('QUALIFICATION_REVIEWED'),
  ...eventEnvelope,
  nomineeId: z.string().min(1).max(64),
  facts: qualificationFactsSchema,
  relatives: z
    .array(relativeSchema)
    .default([])
    .describe("The nominee's spouse and close relatives in service"),
});
type QualificationReviewed = z.infer<typeof qualificationReviewedEventSchema>;

/** Who the post reports to and works with: the avoidance rule's view of the post. */
export type ReportingLines = AvoidanceInput['post'];

export interface ReviewSlice extends CandidatePoolSlice {
  policy: Policy;
  post: Post;
  reportingLines: ReportingLines;
}

/** Enough candidates left to inspect competitively (差额): more than the case's one post. */
export const POSTS_PER_CASE = 1;

function reviewOf({ context, event }: { context: ReviewSlice; event: AnyStamped }) {
  const e = eventOf<QualificationReviewed>(event, 'QUALIFICATION_REVIEWED');
  if (!e || !byOrganizationDepartment({ event })) return undefined;
  const candidate = candidateById(context, e.nomineeId);
  if (candidate?.status !== 'nominated') return undefined;
  const facts = qualificationFactsSchema.safeParse(e.facts);
  if (!facts.success) return undefined;
  const f = facts.data;
  const currentRank = rankFromLabel(candidate.currentPost.rank);
  if (f.nomineeId !== undefined && f.nomineeId !== candidate.id) return undefined;
  if (f.targetRank !== rankFromLabel(context.post.rank)) return undefined;
  if (currentRank !== undefined && f.currentRank !== currentRank) return undefined;
  if (compareDates(f.asOf, dayOf(e)) > 0) return undefined;
  const relatives = e.relatives ?? [];
  const result = reviewQualification(f, context.policy.qualification);
  const avoidance = avoidanceConflicts({ cadreId: candidate.id, post: context.reportingLines, relatives });
  if (!result.ok || !avoidance.ok) return undefined;
  return { event: e, candidate, asOf: f.asOf, relatives, result: result.value, avoidance: avoidance.value };
}

export const qualificationReviewAcceptable = (args: { context: ReviewSlice; event: AnyStamped }) =>
  reviewOf(args) !== undefined;

export function recordQualificationReview(context: ReviewSlice, event: AnyStamped): Partial<ReviewSlice> {
  const review = reviewOf({ context, event });
  if (!review) return {};
  const { candidate, result, avoidance, relatives, asOf } = review;
  const qualified = result.qualified && avoidance.length === 0;
  return {
    candidates: withCandidate(context, {
      ...candidate,
      relatives,
      status: qualified ? 'qualified' : 'disqualified',
      qualification: {
        asOf,
        failures: result.failures,
        avoidance,
        waived: result.waived,
        at: event.at,
        by: event.actor,
      },
    }),
  };
}

/** Every nominee reviewed, and enough qualified to inspect competitively. */
export function qualificationReviewComplete({
  context,
  event,
}: {
  context: CandidatePoolSlice;
  event: AnyStamped;
}) {
  return (
    byOrganizationDepartment({ event }) &&
    withStatus(context, 'nominated').length === 0 &&
    withStatus(context, 'qualified').length > POSTS_PER_CASE
  );
}
