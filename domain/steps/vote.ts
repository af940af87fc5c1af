import { z } from 'zod';
import { eventEnvelope } from '../case';
import { countSchema } from '../counts';
/**
 * Committee vote (常委会票决). The rule is committeeVoteOutcome's: valid only with two thirds present;
 * passes only with more than half of the members who should attend in favour; otherwise deferred or
 * failed. A void vote (no quorum) decided nothing: the case stays and must vote again; a deferred one
 * (缓议) stays awaiting a later vote. Only the committee records a vote.
 *
 * Recusal (回避): a member who is the candidate or the candidate's relative must not vote. The record
 * names the members present (and those who recused), and one that counts such a member as present is
 * refused — it is not a valid record of a vote, whatever its figures.
 */
export const voteRecordedEventSchema = z
  .object({
    type: z.literal('VOTE_RECORDED'),
    ...eventEnvelope,
    candidateId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('Whom the vote is on; required when the case put more than one person to the vote'),
    shouldAttend: countSchema.describe('Members who should attend (应到会成员)'),
    present: countSchema.describe('Members present and voting; recused members are not counted'),
    recused: countSchema.default(0),
    for: countSchema,
    against: countSchema,
    defer: countSchema.describe('Votes to defer (缓议)'),
    presentMemberIds: z
      .array(z.string().min(1).max(64))
      .describe('Who was present, one id per member present'),
    recusedMemberIds: z.array(z.string().min(1).max(64)).default([]),
    deferred: z
      .boolean()
      .optional()
      .describe('暂缓: the committee decided to defer (rules edition 2 reads this, not the counts)'),
  })
  // Tallies that cannot be true are invalid input (422, with the field), not an illegal step (DOMAIN.md).
  .superRefine((v, ctx) => {
    if (v.present + v.recused > v.shouldAttend) {
      ctx.addIssue({
        code: 'custom',
        path: ['present'],
        message: `present ${v.present} + recused ${v.recused} is more than the ${v.shouldAttend} members who should attend`,
      });
    }
    const cast = v.for + v.against + v.defer;
    if (cast > v.present) {
      ctx.addIssue({
        code: 'custom',
        path: ['for'],
        message: `for ${v.for} + against ${v.against} + defer ${v.defer} = ${cast} votes from ${v.present} members present`,
      });
    }
  });
export type VoteRecorded = z.infer<typeof voteRecordedEventSchema>;
