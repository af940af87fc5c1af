import { z } from 'zod';
import { eventEnvelope } from '../case';
import { evaluationCountsSchema } from '../facts/evaluation';
/**
 * Democratic evaluation (民主测评). The rule is evaluationOutcome's, with the case policy's thresholds:
 * below the satisfaction bar → not eligible for "excellent"; dissatisfaction above the admonishment line →
 * an admonishment talk (诫勉谈话, effect `scheduleAdmonishmentTalk`); above the adjustment line → adjustment
 * (调整): the candidate is out of the case and, when they hold a leading post now, a demotion case opens
 * for that post (effect `openDemotionCase`). Every result is fed back to the person evaluated.
 */
export const evaluationRecordedEventSchema = z.object({
  type: z.literal('EVALUATION_RECORDED'),
  ...eventEnvelope,
  candidateId: z.string().min(1).max(64),
  counts: evaluationCountsSchema,
});
