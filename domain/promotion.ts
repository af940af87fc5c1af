import { z } from 'zod';
import { voteRecordedEventSchema } from '../machines/fragments/committee-vote';
import { consultationConcludedEventSchema } from '../machines/fragments/consultation';
import { evaluationRecordedEventSchema } from '../machines/fragments/evaluation';
import {
  finalistsPresentedEventSchema,
  inspectionCandidatesChosenEventSchema,
  inspectionConcludedEventSchema,
  inspectionNoticePublishedEventSchema,
  inspectionReportedEventSchema,
} from '../machines/fragments/inspection';
import { nominatedEventSchema } from '../machines/fragments/nomination';
import { boundedPolicySchema } from '../machines/fragments/policy';
import {
  calendarUpdatedEventSchema,
  publicityStartedEventSchema,
  publicityWaivedEventSchema,
} from '../machines/fragments/publicity';
import { qualificationReviewedEventSchema } from '../machines/fragments/qualification-review';
import { recommendationRecordedEventSchema } from '../machines/fragments/recommendation';
import {
  reportFiledEventSchema,
  verificationClearedEventSchema,
  verificationSubstantiatedEventSchema,
} from '../machines/fragments/supervision';
import { withdrawnEventSchema } from '../machines/fragments/withdrawal';
import { avoidanceInputSchema } from '../machines/rules/avoidance';
import { rankFromLabel } from '../machines/rules/ranks';
import { caseIdSchema, departmentIdSchema, eventEnvelope, isoDateSchema, postSchema } from './case';

/**
 * Starting a promotion case (提拔任职): one post; the candidates arrive by nomination. The post's rank must
 * be one the rank ladder knows, since qualification review compares nominees' ranks with it. A policy
 * looser than the rules is refused here (boundedPolicySchema), before any workflow starts.
 */
export const promotionStartSchema = z.object({
  department: departmentIdSchema,
  caseId: caseIdSchema,
  post: postSchema.refine((post) => rankFromLabel(post.rank) !== undefined, {
    path: ['rank'],
    message: 'a rank of the ladder: 科员, 副科, 正科, 副处, 正处, 副局 or 正局 (or its code)',
  }),
  reportingLines: avoidanceInputSchema.shape.post.describe(
    'Who the post reports to and works with, so that avoidance (回避) can be checked for each nominee',
  ),
  important: z
    .boolean()
    .default(false)
    .describe(
      'An important post: committee members are consulted before the vote (leadership-team posts always are)',
    ),
  openSelection: z.boolean().default(false).describe('公开选拔: three finalists appear before the vote'),
  specialPost: z
    .boolean()
    .default(false)
    .describe('特殊岗位: the organization department may waive pre-appointment publicity, on the record'),
  policy: boundedPolicySchema,
});
export type PromotionStart = z.infer<typeof promotionStartSchema>;

const step = <T extends string>(type: T) => z.object({ type: z.literal(type), ...eventEnvelope });

export const motionAdoptedEventSchema = step('MOTION_ADOPTED').extend({
  conditions: z.string().min(1).max(8000).describe('The post to fill and the conditions (动议)'),
});
export const appointmentIssuedEventSchema = step('APPOINTMENT_ISSUED').extend({
  noticeDate: isoDateSchema.describe('Date of the appointment notice (任职通知); probation runs from it'),
  documentNo: z.string().max(200).optional(),
});

/** Events a caller may send to a promotion case. Timer events (INSPECTION_NOTICE_ELAPSED, PUBLICITY_CLOSED) are not among them. */
export const promotionEventSchema = z.discriminatedUnion('type', [
  motionAdoptedEventSchema,
  nominatedEventSchema,
  step('NOMINATION_CLOSED'),
  qualificationReviewedEventSchema,
  step('QUALIFICATION_REVIEW_CONCLUDED'),
  recommendationRecordedEventSchema,
  inspectionCandidatesChosenEventSchema,
  inspectionNoticePublishedEventSchema,
  evaluationRecordedEventSchema,
  inspectionReportedEventSchema,
  inspectionConcludedEventSchema,
  consultationConcludedEventSchema,
  finalistsPresentedEventSchema,
  voteRecordedEventSchema,
  publicityStartedEventSchema,
  publicityWaivedEventSchema,
  calendarUpdatedEventSchema,
  reportFiledEventSchema,
  verificationClearedEventSchema,
  verificationSubstantiatedEventSchema,
  appointmentIssuedEventSchema,
  withdrawnEventSchema,
]);
export type PromotionEvent = z.infer<typeof promotionEventSchema>;
