import { z } from 'zod';
import {
  type NominationChannel,
  nominationChannelSchema,
  type Policy,
  recommendationPolicySchema,
} from '../../domain/policy';
import { countSchema, idSchema } from './counts';
import {
  addRational,
  compareRational,
  decimalToRational,
  multiplyRational,
  type Rational,
  rational,
  rationalToNumber,
  reachesShare,
  smallestReaching,
  ZERO,
} from './ratio';
import { ok, parseWith, type Result } from './result';

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

export interface ParticipationResult {
  /** Participation reaches the policy minimum (exactly the minimum passes). */
  sufficient: boolean;
  /** The smallest number of participants that would have sufficed. */
  minimumNeeded: number;
  /** For display only. */
  participationPercent: number;
}

export function participationCheck(
  participation: Participation,
  policy: Policy['recommendation'],
): Result<ParticipationResult> {
  const parsedPolicy = parseWith(recommendationPolicySchema, policy, 'policy.recommendation');
  if (!parsedPolicy.ok) return parsedPolicy;
  const parsed = parseWith(participationSchema, participation, 'participation');
  if (!parsed.ok) return parsed;
  const { listed, tookPart } = parsed.value;
  const { minParticipation } = parsedPolicy.value;
  return ok({
    sufficient: reachesShare(tookPart, listed, minParticipation),
    minimumNeeded: smallestReaching(listed, minParticipation),
    participationPercent: (tookPart * 100) / listed,
  });
}

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

export interface RankedNominee {
  /** 1-based position; ties are ordered by nominee id, and flagged. */
  rank: number;
  nomineeId: string;
  /** Σ weight × (recommendations ÷ channel participants). For display; ranking uses the exact value. */
  score: number;
  /** Whether another nominee has exactly the same score. */
  tied: boolean;
  /** Each channel's share (recommendations ÷ participants), before weighting. For display. */
  shares: Partial<Record<NominationChannel, number>>;
}

export function rankNominees(
  input: RecommendationTallies,
  policy: Policy['recommendation'],
): Result<RankedNominee[]> {
  const parsedPolicy = parseWith(recommendationPolicySchema, policy, 'policy.recommendation');
  if (!parsedPolicy.ok) return parsedPolicy;
  const parsed = parseWith(recommendationTalliesSchema, input, 'recommendation');
  if (!parsed.ok) return parsed;
  const { channels, nomineeIds } = parsed.value;
  const weights = parsedPolicy.value.channelWeights;

  // Scores only rank if some channel that was held carries weight.
  if (channels.every((c) => weights[c.channel] === 0)) {
    return {
      ok: false,
      reason: 'recommendation: every channel supplied has weight 0 in the policy, so no ranking is possible',
    };
  }

  const scores = new Map<string, { exact: Rational; shares: Partial<Record<NominationChannel, number>> }>();
  const entry = (id: string) => {
    let e = scores.get(id);
    if (!e) {
      e = { exact: ZERO, shares: {} };
      scores.set(id, e);
    }
    return e;
  };
  for (const id of nomineeIds ?? []) entry(id);
  for (const c of channels) {
    // Normalising by participants makes a 30-person meeting and a 200-person meeting comparable.
    const weight = decimalToRational(weights[c.channel]);
    for (const [id, votes] of Object.entries(c.tallies)) {
      const share = rational(BigInt(votes), BigInt(c.participants));
      const e = entry(id);
      e.exact = addRational(e.exact, multiplyRational(weight, share));
      e.shares[c.channel] = votes / c.participants;
    }
  }

  const ordered = [...scores.entries()].sort(
    ([idA, a], [idB, b]) => compareRational(b.exact, a.exact) || (idA < idB ? -1 : idA > idB ? 1 : 0),
  );
  // Sorted, so an equal score can only sit next door.
  const sameScore = (i: number, j: number) => {
    const a = ordered[i]?.[1].exact;
    const b = ordered[j]?.[1].exact;
    return a !== undefined && b !== undefined && compareRational(a, b) === 0;
  };
  return ok(
    ordered.map(([nomineeId, e], i) => ({
      rank: i + 1,
      nomineeId,
      score: rationalToNumber(e.exact),
      tied: sameScore(i, i - 1) || sameScore(i, i + 1),
      shares: e.shares,
    })),
  );
}
