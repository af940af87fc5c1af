import { z } from 'zod';
import { eventEnvelope } from '../case';
import { relativeSchema } from '../facts/avoidance';
import { qualificationFactsSchema } from '../facts/qualification';
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
