import { z } from 'zod';
import { cadreSchema, caseIdSchema, departmentIdSchema, eventEnvelope, postSchema } from '../case';
import { isoDateSchema } from '../dates';
import { evaluationCountsSchema } from '../facts/evaluation';
import { cadreInMetadata } from '../metadata';
import { boundedPolicySchema } from '../policy';
import {
  reportFiledEventSchema,
  verificationClearedEventSchema,
  verificationSubstantiatedEventSchema,
} from '../steps/supervision';
import { nonBlankText } from '../text';
import { trackNames } from './names';

/** Starting a probation case (试用期): the cadre, the trial post, and the post they return to on failure. */
const probationStartSchema = z.object({
  department: departmentIdSchema,
  caseId: caseIdSchema,
  cadre: cadreSchema,
  trialPost: postSchema,
  previousPost: postSchema.describe('The pre-probation post and rank, restored if the cadre is returned'),
  startsOn: isoDateSchema.describe('Date of the probation appointment notice; probation runs from here'),
  nominatedBy: z.array(z.string().min(1).max(64)).max(20).default([]),
  policy: boundedPolicySchema,
});
export type ProbationStart = z.infer<typeof probationStartSchema>;

/**
 * The probation review (试用期满考核, DOMAIN.md "Corrections and additions"): a democratic evaluation (民主测评,
 * the same 75/20/50 rules as an inspection's) and an inspection of 德能勤绩廉 (political performance,
 * ability, diligence, results, integrity) with its conclusion. Optional in the schema because reviews
 * concluded under the first rules edition carried neither; the machine requires both from the second.
 */
const probationReviewFields = {
  evaluation: evaluationCountsSchema.optional().describe('民主测评的票数'),
  inspection: z
    .object({
      conclusion: z.enum(['qualified', 'unqualified']).describe('考察结论: 合格 / 不合格'),
      summary: nonBlankText(8000).trim().describe('德、能、勤、绩、廉 as the inspection found them'),
    })
    .optional(),
};

/** Events a caller may send to a probation case. Timer events are not among them: only timers raise those. */
export const reviewPassedEventSchema = z.object({
  type: z.literal('REVIEW_PASSED'),
  ...eventEnvelope,
  summary: z.string().max(2000).optional(),
  ...probationReviewFields,
  passReason: nonBlankText(4000)
    .trim()
    .optional()
    .describe('Why the cadre is confirmed although the review fails by the rules; required then'),
});
export const reviewFailedEventSchema = z.object({
  type: z.literal('REVIEW_FAILED'),
  ...eventEnvelope,
  findings: z.string().min(1).max(4000),
  ...probationReviewFields,
});
export const seriousProblemFoundEventSchema = z.object({
  type: z.literal('SERIOUS_PROBLEM_FOUND'),
  ...eventEnvelope,
  findings: z.string().min(1).max(4000),
  findingId: nonBlankText(64)
    .trim()
    .optional()
    .describe('Id of the finding: the verification names it. Required from the second rules edition'),
});

export const probationEventSchema = z.discriminatedUnion('type', [
  reviewPassedEventSchema,
  reviewFailedEventSchema,
  seriousProblemFoundEventSchema,
  // Supervision (监督): a report holds confirmation until it is verified.
  reportFiledEventSchema,
  verificationClearedEventSchema,
  verificationSubstantiatedEventSchema,
]);
export type ProbationEvent = z.infer<typeof probationEventSchema>;

/** Probation as the catalogue lists it (domain/tracks/index.ts). */
export const probationVocabulary = {
  track: 'probation',
  ...trackNames.probation,
  startSchema: probationStartSchema,
  eventSchema: probationEventSchema,
  subject: (start: ProbationStart) =>
    `${cadreInMetadata(start.cadre)} · ${start.trialPost.unit} ${start.trialPost.title}`,
} as const;
