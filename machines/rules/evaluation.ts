import {
  callsForAdjustment,
  type EvaluationCounts,
  evaluationCountsSchema,
} from '../../domain/facts/evaluation';
import { evaluationPolicySchema, type Policy } from '../../domain/policy';
import { exceedsShare, percentShare, reachesShare } from '../../domain/ratio';
import { ok, parseWith, type Result } from '../../domain/result';

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

export function evaluationOutcome(
  counts: EvaluationCounts,
  policy: Policy['evaluation'],
): Result<EvaluationOutcome> {
  const parsedPolicy = parseWith(evaluationPolicySchema, policy, 'policy.evaluation');
  if (!parsedPolicy.ok) return parsedPolicy;
  const parsed = parseWith(evaluationCountsSchema, counts, 'evaluation');
  if (!parsed.ok) return parsed;
  const c = parsed.value;
  const p = parsedPolicy.value;

  const excellentEligible = reachesShare(
    c.satisfied,
    c.total,
    percentShare(p.excellentMinSatisfactionPercent),
  );
  const consequence: EvaluationConsequence = callsForAdjustment(c, p)
    ? 'adjustment'
    : exceedsShare(c.dissatisfied, c.total, percentShare(p.admonishmentAboveDissatisfactionPercent))
      ? 'admonishment'
      : 'none';

  return ok({
    excellentEligible,
    consequence,
    satisfactionPercent: (c.satisfied * 100) / c.total,
    dissatisfactionPercent: (c.dissatisfied * 100) / c.total,
  });
}
