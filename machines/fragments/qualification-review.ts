import type { Post } from '../../domain/case';
import { compareDates } from '../../domain/dates';
import type { AvoidanceInput } from '../../domain/facts/avoidance';
import type { PostRequirements } from '../../domain/facts/qualification';
import type { Policy } from '../../domain/policy';
import { rankFromLabel } from '../../domain/ranks';
import { qualificationReviewedEventSchema } from '../../domain/steps/qualification-review';
import { avoidanceConflicts } from '../rules/avoidance';
import { reviewQualification } from '../rules/qualification';
import { type CandidatePoolSlice, candidateById, withCandidate, withStatus } from './candidates';
import type { EditionSlice } from './editions';
import { type AnyStamped, dayOf, eventOf } from './events';

/** Who the post reports to and works with: the avoidance rule's view of the post. */
export type ReportingLines = AvoidanceInput['post'];

export interface ReviewSlice extends CandidatePoolSlice, EditionSlice {
  policy: Policy;
  post: Post;
  reportingLines: ReportingLines;
  /** What the post requires of education and party age, when it does. */
  requirements?: PostRequirements;
}

/** Enough candidates left to inspect competitively (差额): more than the case's one post. */
export const POSTS_PER_CASE = 1;

/** A review of a nominee not yet reviewed, on facts about this case; who reviews is the transition's. */
function reviewOf({ context, event }: { context: ReviewSlice; event: AnyStamped }) {
  const e = eventOf(event, qualificationReviewedEventSchema);
  const candidate = e && candidateById(context, e.nomineeId);
  if (!e || candidate?.status !== 'nominated') return undefined;
  const f = e.facts;
  const currentRank = rankFromLabel(candidate.currentPost.rank);
  if (f.nomineeId !== undefined && f.nomineeId !== candidate.id) return undefined;
  if (f.targetRank !== rankFromLabel(context.post.rank)) return undefined;
  if (currentRank !== undefined && f.currentRank !== currentRank) return undefined;
  if (compareDates(f.asOf, dayOf(e)) > 0) return undefined;
  const { relatives } = e;
  const result = reviewQualification(f, context.policy.qualification, {
    secondReview: context.rulesEdition >= 2,
    requirements: context.requirements,
  });
  const avoidance = avoidanceConflicts(
    { cadreId: candidate.id, post: context.reportingLines, relatives },
    { reverseLine: context.rulesEdition >= 3 },
  );
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
        holding: review.event.facts.currentHolding ?? 'leading_post',
        exceptional: review.event.facts.exceptional !== undefined,
        currentRank: review.event.facts.currentRank,
        targetRank: review.event.facts.targetRank,
        at: event.at,
        by: event.actor,
      },
    }),
  };
}

/** Every nominee reviewed, and enough qualified to inspect competitively. */
export function qualificationReviewComplete({ context }: { context: CandidatePoolSlice }) {
  return (
    withStatus(context, 'nominated').length === 0 && withStatus(context, 'qualified').length > POSTS_PER_CASE
  );
}
