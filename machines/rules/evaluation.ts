import { z } from 'zod';
import { evaluationPolicySchema, type Policy } from '../../domain/policy';
import { countSchema } from './counts';
import { exceedsShare, percentShare, reachesShare } from './ratio';
import { ok, parseWith, type Result } from './result';

/**
 * Democratic evaluation (民主测评) during inspection or a probation review. The district's rule (seed):
 * satisfaction below 75% → not rated excellent; dissatisfaction above 20% → admonishment talk (诫勉谈话);
 * above 50% → adjustment (调整). The figures come from the case policy.
 *
 * Satisfaction is the "satisfied" share ONLY: "basically satisfied" is a separate, weaker grade and does
 * not count toward the 75% (counting it would make "excellent" easier, i.e. looser than the rule).
 * Both shares are of ALL respondents, abstentions and invalid ballots included: a ballot that does not
 * say "satisfied" does not help reach 75%.
 */
export const evaluationCountsSchema = z
  .object({
    /** Everyone who returned a ballot. */
    total: countSchema,
    satisfied: countSchema,
    basicallySatisfied: countSchema,
    dissatisfied: countSchema,
    abstained: countSchema.default(0),
    invalid: countSchema.default(0),
  })
  .superRefine((c, ctx) => {
    if (c.total === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: 'an evaluation needs at least one respondent',
      });
      return;
    }
    const parts = c.satisfied + c.basicallySatisfied + c.dissatisfied + c.abstained + c.invalid;
    if (parts !== c.total) {
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message:
          `satisfied ${c.satisfied} + basically satisfied ${c.basicallySatisfied} + dissatisfied ${c.dissatisfied}` +
          ` + abstained ${c.abstained} + invalid ${c.invalid} = ${parts}, not the ${c.total} respondents`,
      });
    }
  });
export type EvaluationCounts = z.input<typeof evaluationCountsSchema>;

export type EvaluationConsequence = 'none' | 'admonishment' | 'adjustment';

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
  const consequence: EvaluationConsequence = exceedsShare(
    c.dissatisfied,
    c.total,
    percentShare(p.adjustmentAboveDissatisfactionPercent),
  )
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
