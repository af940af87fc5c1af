import { z } from 'zod';
import { cadreSchema, caseIdSchema, departmentIdSchema, eventEnvelope, postSchema } from '../case';
import { isoDateSchema } from '../dates';
import { avoidanceInputSchema, relativeSchema } from '../facts/avoidance';
import { influenceMeasureSchema } from '../facts/influence';
import { personalFactsSchema } from '../facts/personal';
import { familySchema } from '../facts/qualification';
import { cadreInMetadata } from '../metadata';
import { boundedPolicySchema } from '../policy';
import { consultationConcludedEventSchema } from '../steps/consultation';
import { reportFiledEventSchema } from '../steps/supervision';
import { voteRecordedEventSchema } from '../steps/vote';
import { withdrawnEventSchema } from '../steps/withdrawal';
import { nonBlankText } from '../text';
import { trackNames } from './names';

/**
 * Rotation (交流轮岗): a lateral move of one cadre. The case starts with the cadre, the post they hold and
 * since when (for the ten-year rule), and their relatives in service (for avoidance and recusal). The
 * proposed post comes with the motion, which the machine refuses when the move would put the cadre under
 * a relative.
 */
const rotationReasons = ['ten_years_in_post', 'avoidance', 'development'] as const;
const rotationReasonSchema = z.enum(rotationReasons);
export type RotationReason = z.infer<typeof rotationReasonSchema>;

const reportingLinesSchema = avoidanceInputSchema.shape.post;

export const rotationStartSchema = z.object({
  department: departmentIdSchema,
  caseId: caseIdSchema,
  cadre: cadreSchema.extend({ personalFacts: personalFactsSchema.optional() }),
  currentPost: postSchema,
  inPostSince: isoDateSchema.describe('The day the cadre took the current post (任现职时间)'),
  relatives: z
    .array(relativeSchema)
    .default([])
    .describe("The cadre's spouse and close relatives in service"),
  policy: boundedPolicySchema,
});
export type RotationStart = z.infer<typeof rotationStartSchema>;

export const rotationProposedEventSchema = z.object({
  type: z.literal('ROTATION_PROPOSED'),
  ...eventEnvelope,
  rotationReason: rotationReasonSchema.describe('满十年必须交流, 回避, or 培养锻炼'),
  proposedPost: postSchema,
  reportingLines: reportingLinesSchema.describe('Who the proposed post reports to and works with'),
  currentReportingLines: reportingLinesSchema
    .optional()
    .describe("The current post's lines: required when the reason is avoidance, to show the conflict"),
  eligibility: z
    .object({
      measures: z
        .array(influenceMeasureSchema)
        .default([])
        .describe('Admonishments, organizational handling and sanctions on record'),
      family: familySchema.describe('Whether the cadre is a 裸官'),
    })
    .optional()
    .describe(
      'What the move is checked against, as a promotion is: influence periods and 裸官 status (required from rules edition 3)',
    ),
});

export const noticeAndTalkHeldEventSchema = z.object({
  type: z.literal('NOTICE_AND_TALK_HELD'),
  ...eventEnvelope,
  noticeDate: isoDateSchema.describe('Date of the transfer notice'),
  summary: nonBlankText(4000).describe('The talk with the cadre (任职谈话)'),
});

/** Events a caller may send to a rotation case. */
export const rotationEventSchema = z.discriminatedUnion('type', [
  rotationProposedEventSchema,
  consultationConcludedEventSchema,
  voteRecordedEventSchema,
  noticeAndTalkHeldEventSchema,
  reportFiledEventSchema,
  withdrawnEventSchema,
]);
export type RotationEvent = z.infer<typeof rotationEventSchema>;

/** Rotation as the catalogue lists it (domain/tracks/index.ts). */
export const rotationVocabulary = {
  track: 'rotation',
  ...trackNames.rotation,
  startSchema: rotationStartSchema,
  eventSchema: rotationEventSchema,
  subject: (start: RotationStart) =>
    `${cadreInMetadata(start.cadre)} · from ${start.currentPost.unit} ${start.currentPost.title}`,
} as const;
