import { z } from 'zod';
import { countSchema } from '../counts';
import type { Policy } from '../policy';
import { exceedsShare, percentShare } from '../ratio';
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

/**
 * Dissatisfaction above the adjustment line (调整): the one comparison both the evaluation rule
 * (machines/rules/evaluation.ts) and a demotion case's evaluation trigger make, written once.
 */
export function callsForAdjustment(
  counts: z.output<typeof evaluationCountsSchema>,
  policy: Policy['evaluation'],
) {
  return exceedsShare(
    counts.dissatisfied,
    counts.total,
    percentShare(policy.adjustmentAboveDissatisfactionPercent),
  );
}
