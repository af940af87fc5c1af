import { z } from 'zod';
import { cadreSchema, caseIdSchema, departmentIdSchema, eventEnvelope, postSchema } from '../case';
import { isoDateSchema } from '../dates';
import { boundedPolicySchema } from '../policy';
import {
  reportFiledEventSchema,
  verificationClearedEventSchema,
  verificationSubstantiatedEventSchema,
} from '../steps/supervision';
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

/** Events a caller may send to a probation case. Timer events are not among them: only timers raise those. */
export const probationEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('REVIEW_PASSED'),
    ...eventEnvelope,
    summary: z.string().max(2000).optional(),
  }),
  z.object({
    type: z.literal('REVIEW_FAILED'),
    ...eventEnvelope,
    findings: z.string().min(1).max(4000),
  }),
  z.object({
    type: z.literal('SERIOUS_PROBLEM_FOUND'),
    ...eventEnvelope,
    findings: z.string().min(1).max(4000),
  }),
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
    `${start.cadre.name} (${start.cadre.id}) · ${start.trialPost.unit} ${start.trialPost.title}`,
} as const;
