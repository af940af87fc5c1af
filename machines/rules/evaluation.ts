import {
  callsForAdjustment,
  type EvaluationCounts,
  evaluationCountsSchema,
} from '../../domain/facts/evaluation';
import { evaluationPolicySchema, type Policy } from '../../domain/policy';
import { exceedsShare, percentShare, reachesShare } from '../../domain/ratio';
import { ok, parseWith, type Result, refuse } from '../../domain/result';

type EvaluationConsequence = 'none' | 'admonishment' | 'adjustment';

export interface EvaluationOutcome {
  /** Satisfaction reaches the policy minimum (exactly the minimum is eligible). */
  excellentEligible: boolean;
  /** Adjustment supersedes admonishment. */
  consequence: EvaluationConsequence;
  /** For display only; the decisions above are taken in integers. */
  satisfactionPercent: number;
  dissatisfactionPercent: number;
}

/**
 * `validBallotsOnly` (second rules edition, DOMAIN.md "Evaluation"): shares are of valid ballots, so
 * invalid ones leave the denominator; an abstention (不了解/弃权) stays in it. Without it, shares are of
 * every ballot returned, as the first edition had them.
 */
export function evaluationOutcome(
  counts: EvaluationCounts,
  policy: Policy['evaluation'],
  options: { validBallotsOnly?: boolean } = {},
): Result<EvaluationOutcome> {
  const parsedPolicy = parseWith(evaluationPolicySchema, policy, 'policy.evaluation');
  if (!parsedPolicy.ok) return parsedPolicy;
  const parsed = parseWith(evaluationCountsSchema, counts, 'evaluation');
  if (!parsed.ok) return parsed;
  const c = parsed.value;
  const p = parsedPolicy.value;
  const base = options.validBallotsOnly ? c.total - c.invalid : c.total;
  if (base === 0) return refuse('evaluation: no valid ballot');

  const excellentEligible = reachesShare(c.satisfied, base, percentShare(p.excellentMinSatisfactionPercent));
  const consequence: EvaluationConsequence = callsForAdjustment({ ...c, total: base }, p)
    ? 'adjustment'
    : exceedsShare(c.dissatisfied, base, percentShare(p.admonishmentAboveDissatisfactionPercent))
      ? 'admonishment'
      : 'none';

  return ok({
    excellentEligible,
    consequence,
    satisfactionPercent: (c.satisfied * 100) / base,
    dissatisfactionPercent: (c.dissatisfied * 100) / base,
  });
}
