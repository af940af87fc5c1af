import { z } from 'zod';
import { countSchema, idSchema } from '../counts';
import { type NominationChannel, nominationChannelSchema } from '../policy';
/**
 * Democratic recommendation (民主推荐). Two rules:
 * - participation: at least two thirds (policy) of the listed participants must take part;
 * - the tallies of each channel are combined by channel weights (按权重量化) into a ranked score — a
 *   reference for the collective decision, not an election result.
 */

export const participationSchema = z
  .object({
    /** People listed to take part in the talks or meeting. */
    listed: countSchema,
    /** People who actually took part. */
    tookPart: countSchema,
  })
  .superRefine((p, ctx) => {
    if (p.listed === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['listed'],
        message: 'a recommendation needs at least one listed participant',
      });
    } else if (p.tookPart > p.listed) {
      ctx.addIssue({
        code: 'custom',
        path: ['tookPart'],
        message: `${p.tookPart} took part but only ${p.listed} were listed`,
      });
    }
  });
export type Participation = z.input<typeof participationSchema>;

const channelTallySchema = z.object({
  channel: nominationChannelSchema,
  /** People who could recommend in this channel (its ballots); each may name a nominee at most once. */
  participants: countSchema,
  /** Recommendations received per nominee id. */
  tallies: z.record(idSchema, countSchema),
});

export const recommendationTalliesSchema = z
  .object({
    /** Optional full list of nominees: those named in no tally then rank with score 0. */
    nomineeIds: z.array(idSchema).optional(),
    channels: z.array(channelTallySchema).min(1),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<NominationChannel>();
    const listed = input.nomineeIds ? new Set(input.nomineeIds) : undefined;
    if (input.nomineeIds && listed && listed.size !== input.nomineeIds.length) {
      ctx.addIssue({ code: 'custom', path: ['nomineeIds'], message: 'a nominee is listed twice' });
    }
    input.channels.forEach((c, i) => {
      if (seen.has(c.channel)) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', i, 'channel'],
          message: `channel ${c.channel} appears twice`,
        });
      }
      seen.add(c.channel);
      if (c.participants === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['channels', i, 'participants'],
          message: `channel ${c.channel} has no participants, so its tallies cannot be normalised`,
        });
      }
      for (const [nomineeId, votes] of Object.entries(c.tallies)) {
        if (votes > c.participants) {
          ctx.addIssue({
            code: 'custom',
            path: ['channels', i, 'tallies', nomineeId],
            message: `${votes} recommendations for ${nomineeId} from only ${c.participants} participants`,
          });
        }
        if (listed && !listed.has(nomineeId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['channels', i, 'tallies', nomineeId],
            message: `${nomineeId} is not among the listed nominees`,
          });
        }
      }
    });
  });
export type RecommendationTallies = z.input<typeof recommendationTalliesSchema>;
