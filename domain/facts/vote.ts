import { z } from 'zod';
import { countSchema } from '../counts';
/**
 * Committee vote (常委会票决). Valid only with at least two thirds of the members who should attend
 * present; passes only with MORE than half of the members who should attend (应到会成员) in favour — not
 * half of those present. Both shares come from the case policy.
 *
 * Recused members (回避, e.g. a relative of the candidate) stay in `shouldAttend` — recusal does not
 * shrink the committee — but are not counted as present and cast no vote. So a recusal can cost the
 * quorum or the majority; it never makes either easier to reach.
 *
 * Deferral (缓议): when the vote does not pass, it is deferred if more members voted to defer than
 * against — more asked to wait than to reject, so the split is not settled — and fails otherwise
 * (a tie between defer and against fails). A passing vote is never deferred.
 */
export const committeeVoteSchema = z
  .object({
    /** Members who should attend (应到会成员). */
    shouldAttend: countSchema,
    /** Members present and voting; recused members are NOT included. */
    present: countSchema,
    /** Members who recused themselves from this item. */
    recused: countSchema.default(0),
    for: countSchema,
    against: countSchema,
    defer: countSchema,
  })
  .superRefine((v, ctx) => {
    if (v.shouldAttend === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['shouldAttend'],
        message: 'a committee needs at least one member',
      });
      return;
    }
    if (v.present + v.recused > v.shouldAttend) {
      ctx.addIssue({
        code: 'custom',
        path: ['present'],
        message: `present ${v.present} + recused ${v.recused} exceeds the ${v.shouldAttend} members who should attend`,
      });
    }
    const cast = v.for + v.against + v.defer;
    if (cast !== v.present) {
      ctx.addIssue({
        code: 'custom',
        path: ['for'],
        message: `for ${v.for} + against ${v.against} + defer ${v.defer} = ${cast}, not the ${v.present} members present`,
      });
    }
  });
export type CommitteeVote = z.input<typeof committeeVoteSchema>;
