import { z } from 'zod';
import { caseIdSchema, departmentIdSchema, eventEnvelope, ladderPostSchema } from '../case';
import { isoDateSchema } from '../dates';
import { avoidanceInputSchema } from '../facts/avoidance';
import { postRequirementsSchema } from '../facts/qualification';
import { boundedPolicySchema } from '../policy';
import { consultationConcludedEventSchema } from '../steps/consultation';
import { evaluationRecordedEventSchema } from '../steps/evaluation';
import {
  finalistsPresentedEventSchema,
  inspectionCandidatesChosenEventSchema,
  inspectionConcludedEventSchema,
  inspectionNoticePublishedEventSchema,
  inspectionReportedEventSchema,
} from '../steps/inspection';
import { nominatedEventSchema } from '../steps/nomination';
import {
  measureRecordedEventSchema,
  preVoteCheckRecordedEventSchema,
  proposalDeliberatedEventSchema,
  voteBriefingFiledEventSchema,
} from '../steps/pre-vote';
import {
  calendarUpdatedEventSchema,
  publicityStartedEventSchema,
  publicityWaivedEventSchema,
} from '../steps/publicity';
import { qualificationReviewedEventSchema } from '../steps/qualification-review';
import { recommendationRecordedEventSchema } from '../steps/recommendation';
import {
  reportFiledEventSchema,
  verificationClearedEventSchema,
  verificationSubstantiatedEventSchema,
} from '../steps/supervision';
import { voteRecordedEventSchema } from '../steps/vote';
import { withdrawnEventSchema } from '../steps/withdrawal';
import { nonBlankText } from '../text';
import { trackNames } from './names';

/**
 * Starting a promotion case (提拔任职): one post; the candidates arrive by nomination. The post's rank must
 * be one the rank ladder knows, since qualification review compares nominees' ranks with it. A policy
 * looser than the rules is refused here (boundedPolicySchema), before any workflow starts.
 */
export const promotionStartSchema = z.object({
  department: departmentIdSchema,
  caseId: caseIdSchema,
  post: ladderPostSchema,
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
  requirements: postRequirementsSchema
    .optional()
    .describe('What the post requires of education and party age (checked from rules edition 2)'),
  policy: boundedPolicySchema,
});
export type PromotionStart = z.infer<typeof promotionStartSchema>;

const step = <T extends string>(type: T) => z.object({ type: z.literal(type), ...eventEnvelope });

/** 酝酿 at the motion: the principles, conditions and scope of candidates, with the leaders concerned. */
const motionDeliberationSchema = z.object({
  participants: z.array(nonBlankText(128)).min(1).max(200).describe('Who took part'),
  heldOn: isoDateSchema.describe('When'),
});

export const motionAdoptedEventSchema = step('MOTION_ADOPTED').extend({
  conditions: nonBlankText(8000).describe('The post to fill and the conditions (动议)'),
  // Optional in the schema, so the first edition's motions still parse; the second edition requires it.
  deliberation: motionDeliberationSchema
    .optional()
    .describe('酝酿 of the motion (required from rules edition 2)'),
});
export const appointmentIssuedEventSchema = step('APPOINTMENT_ISSUED').extend({
  noticeDate: isoDateSchema.describe('Date of the appointment notice (任职通知); probation runs from it'),
  documentNo: z.string().max(200).optional(),
});
/** 任职谈话 after appointment (rules edition 2). */
export const appointmentTalkHeldEventSchema = step('APPOINTMENT_TALK_HELD').extend({
  talkedBy: nonBlankText(128).describe('Who held the talk'),
  heldOn: isoDateSchema,
  summary: nonBlankText(4000),
});
/** No candidate left after inspection: the organization department ends the case or nominates again. */
export const noCandidateEndedEventSchema = step('NO_CANDIDATE_PRODUCED').extend({
  decision: nonBlankText(2000).describe('The 部务会议 decision'),
});
export const returnedToNominationEventSchema = step('RETURNED_TO_NOMINATION').extend({
  decision: nonBlankText(2000).describe('The 部务会议 decision'),
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
  proposalDeliberatedEventSchema,
  preVoteCheckRecordedEventSchema,
  voteBriefingFiledEventSchema,
  measureRecordedEventSchema,
  appointmentTalkHeldEventSchema,
  noCandidateEndedEventSchema,
  returnedToNominationEventSchema,
]);
export type PromotionEvent = z.infer<typeof promotionEventSchema>;

/** Promotion as the catalogue lists it (domain/tracks/index.ts). */
export const promotionVocabulary = {
  track: 'promotion',
  ...trackNames.promotion,
  startSchema: promotionStartSchema,
  eventSchema: promotionEventSchema,
  subject: (start: PromotionStart) => `${start.post.unit} ${start.post.title} (${start.post.rank})`,
} as const;
