import { z } from 'zod';
import { eventEnvelope } from '../case';
import { nonBlankText } from '../text';
/**
 * Consultation (征求意见): before the vote, committee members (and, for rotation, the units concerned)
 * are consulted. The organization department reports that it is done, how many were consulted and what
 * they said; it is a step of the record, not a vote.
 */
export const consultationConcludedEventSchema = z.object({
  type: z.literal('CONSULTATION_CONCLUDED'),
  ...eventEnvelope,
  consulted: z.number().int().min(1).max(1000).describe('People consulted'),
  summary: nonBlankText(4000).describe('What they said'),
});
