import { z } from 'zod';

/**
 * A case's policy: the thresholds and durations in force for it. Defaults are the figures of DOMAIN.md
 * (the district's settings and the national rules); a case may tighten them, never loosen them
 * (see machines/rules/policy-bounds.ts, which refuses a looser policy with a reason).
 *
 * Fractions that the rules state as "two thirds" are kept as exact numerator/denominator pairs, and
 * percentages as integers, so that boundaries (exactly 75%, exactly 2/3) are compared in integers.
 */
const fraction = z
  .object({ numerator: z.number().int().min(0), denominator: z.number().int().min(1) })
  .refine((f) => f.numerator <= f.denominator, { message: 'a fraction must not exceed 1' });
export type Fraction = z.infer<typeof fraction>;

const percent = z.number().int().min(0).max(100);

export const nominationChannels = [
  'mass_recommendation',
  'leaders_and_committee',
  'organizational',
  'individual_leader',
  'deputies_joint',
  'self_nomination',
] as const;
export const nominationChannelSchema = z.enum(nominationChannels);
export type NominationChannel = z.infer<typeof nominationChannelSchema>;

export const evaluationPolicySchema = z.object({
  /** Satisfaction below this → may not be rated excellent (不评定为优秀). */
  excellentMinSatisfactionPercent: percent,
  /** Dissatisfaction above this → admonishment talk (诫勉谈话). */
  admonishmentAboveDissatisfactionPercent: percent,
  /** Dissatisfaction above this → adjustment (调整). */
  adjustmentAboveDissatisfactionPercent: percent,
});

export const votePolicySchema = z.object({
  /** Members present / members who should attend must reach this for the vote to be valid. */
  quorum: fraction,
  /** Votes in favour must be MORE than this share of the members who should attend. */
  passAboveShareOfShouldAttend: fraction,
});

export const recommendationPolicySchema = z.object({
  /** Participants who took part / listed participants must reach this. */
  minParticipation: fraction,
  /** Weight of each channel's tally in the ranked score (按权重量化). */
  channelWeights: z.record(nominationChannelSchema, z.number().min(0)),
});

export const publicityPolicySchema = z.object({
  workingDays: z.number().int().min(1),
  /** Whether the day of publication counts when it is a working day. */
  publicationDayCounts: z.boolean(),
});

export const inspectionNoticePolicySchema = z.object({ days: z.number().int().min(0) });

export const probationPolicySchema = z.object({
  months: z.number().int().min(1),
  /** Days after the probation expires within which the review must conclude. */
  reviewDeadlineDays: z.number().int().min(1),
  /** Days before the review deadline on which a reminder goes out. */
  reviewReminderDaysBefore: z.number().int().min(0),
});

/**
 * Qualification review (资格审查) thresholds, from 《党政领导干部选拔任用工作条例》(2019) art. 8.
 * Added for machines/rules/qualification.ts so the years come from the case policy like every other figure.
 */
export const qualificationPolicySchema = z.object({
  /** Full years as a deputy before becoming head at the same level (副职提任正职: 2). */
  minYearsAsDeputyBeforeHead: z.number().int().min(0),
  /** Full years as a lower level's head before becoming the upper level's deputy (下级正职提任上级副职: 3). */
  minYearsAsLowerHeadBeforeUpperDeputy: z.number().int().min(0),
  /** Full years of work (工龄) before promotion to a division-level (县处级) leading post or above (5). */
  minYearsOfWorkForDivisionLevel: z.number().int().min(0),
});

export const policySchema = z.object({
  evaluation: evaluationPolicySchema,
  vote: votePolicySchema,
  recommendation: recommendationPolicySchema,
  publicity: publicityPolicySchema,
  inspectionNotice: inspectionNoticePolicySchema,
  probation: probationPolicySchema,
  qualification: qualificationPolicySchema,
});
export type Policy = z.infer<typeof policySchema>;

/** What a case may send: any section, any field; the rest comes from the defaults. */
export const policyOverridesSchema = z
  .object({
    evaluation: evaluationPolicySchema.partial(),
    vote: votePolicySchema.partial(),
    recommendation: recommendationPolicySchema.partial(),
    publicity: publicityPolicySchema.partial(),
    inspectionNotice: inspectionNoticePolicySchema.partial(),
    probation: probationPolicySchema.partial(),
    qualification: qualificationPolicySchema.partial(),
  })
  .partial()
  .strict();
export type PolicyOverrides = z.infer<typeof policyOverridesSchema>;

export const DEFAULT_POLICY: Policy = {
  evaluation: {
    excellentMinSatisfactionPercent: 75,
    admonishmentAboveDissatisfactionPercent: 20,
    adjustmentAboveDissatisfactionPercent: 50,
  },
  vote: {
    quorum: { numerator: 2, denominator: 3 },
    passAboveShareOfShouldAttend: { numerator: 1, denominator: 2 },
  },
  recommendation: {
    minParticipation: { numerator: 2, denominator: 3 },
    channelWeights: {
      mass_recommendation: 0.3,
      leaders_and_committee: 0.3,
      organizational: 0.2,
      individual_leader: 0.1,
      deputies_joint: 0.05,
      self_nomination: 0.05,
    },
  },
  publicity: { workingDays: 5, publicationDayCounts: true },
  inspectionNotice: { days: 3 },
  probation: { months: 12, reviewDeadlineDays: 30, reviewReminderDaysBefore: 7 },
  qualification: {
    minYearsAsDeputyBeforeHead: 2,
    minYearsAsLowerHeadBeforeUpperDeputy: 3,
    minYearsOfWorkForDivisionLevel: 5,
  },
};

/** Defaults overlaid with a case's overrides, section by section. Bounds are checked elsewhere. */
export function mergePolicy(overrides: PolicyOverrides = {}): Policy {
  const merged = {
    evaluation: { ...DEFAULT_POLICY.evaluation, ...overrides.evaluation },
    vote: { ...DEFAULT_POLICY.vote, ...overrides.vote },
    recommendation: {
      ...DEFAULT_POLICY.recommendation,
      ...overrides.recommendation,
      channelWeights: {
        ...DEFAULT_POLICY.recommendation.channelWeights,
        ...overrides.recommendation?.channelWeights,
      },
    },
    publicity: { ...DEFAULT_POLICY.publicity, ...overrides.publicity },
    inspectionNotice: { ...DEFAULT_POLICY.inspectionNotice, ...overrides.inspectionNotice },
    probation: { ...DEFAULT_POLICY.probation, ...overrides.probation },
    qualification: { ...DEFAULT_POLICY.qualification, ...overrides.qualification },
  };
  return policySchema.parse(merged);
}
