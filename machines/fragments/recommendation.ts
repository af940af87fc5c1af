import type { Policy } from '../../domain/policy';
import {
  type RecommendationRecorded,
  recommendationRecordedEventSchema,
} from '../../domain/steps/recommendation';
import type { Stamped } from '../meta';
import {
  type ParticipationResult,
  participationCheck,
  type RankedNominee,
  rankNominees,
} from '../rules/recommendation';
import { type CandidatePoolSlice, withStatus } from './candidates';
import { type AnyStamped, eventOf } from './events';

export interface RecommendationRecord {
  method: RecommendationRecorded['method'];
  participation: ParticipationResult;
  /** Present only when participation sufficed. */
  ranking?: RankedNominee[];
  at: string;
  by: Stamped['actor'];
}

export interface RecommendationSlice extends CandidatePoolSlice {
  policy: Policy;
  recommendation?: RecommendationRecord;
}

type Args = { context: RecommendationSlice; event: AnyStamped };

/** The rules applied to a recorded recommendation; who records it is the transition's. */
function recommendationOf({ context, event }: Args): RecommendationRecord | undefined {
  const e = eventOf(event, recommendationRecordedEventSchema);
  if (!e) return undefined;
  const participation = participationCheck(e.participation, context.policy.recommendation);
  if (!participation.ok) return undefined;
  const record = { method: e.method, participation: participation.value, at: e.at, by: e.actor };
  if (!participation.value.sufficient) return record;
  const ranking = rankNominees(
    { nomineeIds: withStatus(context, 'qualified').map((c) => c.id), channels: e.channels },
    context.policy.recommendation,
  );
  return ranking.ok ? { ...record, ranking: ranking.value } : undefined;
}

export const recommendationGuards = {
  recommendationRanked: (args: Args) => recommendationOf(args)?.ranking !== undefined,
  recommendationParticipationInsufficient: (args: Args) =>
    recommendationOf(args)?.participation.sufficient === false,
};

export function recordRecommendation(
  context: RecommendationSlice,
  event: AnyStamped,
): Partial<RecommendationSlice> {
  const recommendation = recommendationOf({ context, event });
  return recommendation ? { recommendation } : {};
}
