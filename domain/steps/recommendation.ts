import { z } from 'zod';
import { eventEnvelope } from '../case';
import { participationSchema, recommendationTalliesSchema } from '../facts/recommendation';

/**
 * Democratic recommendation (民主推荐), by talks and/or a meeting. At least two thirds (policy) of the
 * listed participants must take part: a meeting short of that is recorded as insufficient and must be
 * held again. A sufficient one's tallies are combined by channel weights into a ranking of the qualified
 * nominees — stored as a reference for the collective decision, not an election result.
 */
const recommendationMethods = ['talks', 'meeting', 'talks_and_meeting'] as const;

export const recommendationRecordedEventSchema = z.object({
  type: z.literal('RECOMMENDATION_RECORDED'),
  ...eventEnvelope,
  method: z.enum(recommendationMethods).describe('个别谈话推荐, 会议推荐, or both'),
  participation: participationSchema,
  channels: recommendationTalliesSchema.shape.channels.describe(
    'Tallies per channel, for qualified nominees',
  ),
});
export type RecommendationRecorded = z.infer<typeof recommendationRecordedEventSchema>;
