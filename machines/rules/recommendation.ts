import {
  type Participation,
  participationSchema,
  type RecommendationTallies,
  recommendationTalliesSchema,
} from '../../domain/facts/recommendation';
import { type NominationChannel, type Policy, recommendationPolicySchema } from '../../domain/policy';
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
} from '../../domain/ratio';
import { ok, parseWith, type Result } from '../../domain/result';

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
