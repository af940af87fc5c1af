import { z } from 'zod';
import { eventEnvelope } from '../case';
import { isoInstantSchema } from '../dates';
import { nonBlankText } from '../text';

/**
 * From the collective choice of whom to inspect to the proposal put to the committee:
 * - choosing (确定考察对象): decided by the organization department's meeting (部务会议), competitively
 *   (差额: more candidates than posts; open selection needs at least its three finalists);
 * - the inspection notice (考察预告) states the 六公开 — time, content, procedure, standard, number of posts,
 *   requirements — and runs `policy.inspectionNotice.days` full China days after the day it went up,
 *   closing at the end of the last (the same end-of-day convention as publicity);
 * - inspection (考察): for each candidate a democratic evaluation (evaluation.ts) and a report of the talks
 *   and the comprehensive score from superiors, peers, subordinates and the public;
 * - the conclusion proposes one candidate (open selection: the three finalists) from those still in, and
 *   only once every one of them is fully inspected;
 * - open selection (公开选拔): the three finalists each appear and answer the same question before the vote.
 */
const ids = z.array(z.string().min(1).max(64));
const text = (max: number) => z.string().min(1).max(max);

export const inspectionCandidatesChosenEventSchema = z.object({
  type: z.literal('INSPECTION_CANDIDATES_CHOSEN'),
  ...eventEnvelope,
  candidateIds: ids.min(2).max(50),
  decision: nonBlankText(2000).describe('The 部务会议 decision (minutes reference)'),
});
export const inspectionNoticePublishedEventSchema = z.object({
  type: z.literal('INSPECTION_NOTICE_PUBLISHED'),
  ...eventEnvelope,
  publishedAt: isoInstantSchema
    .optional()
    .describe("When the notice went up. Absent: the step's occurredAt (else now)"),
  time: nonBlankText(500).describe('When the inspection takes place'),
  content: nonBlankText(4000),
  procedure: nonBlankText(4000),
  standard: nonBlankText(4000),
  numberOfPosts: z.number().int().min(1).max(100),
  requirements: nonBlankText(4000),
});
const score = z.number().min(0).max(100);
export const inspectionReportedEventSchema = z.object({
  type: z.literal('INSPECTION_REPORTED'),
  ...eventEnvelope,
  candidateId: z.string().min(1).max(64),
  talks: z.object({ held: z.number().int().min(1).max(10000), summary: text(8000) }),
  scores: z.object({
    superiors: score,
    peers: score,
    subordinates: score,
    public: score,
    comprehensive: score.describe('The quantified comprehensive score, as the department computed it'),
  }),
  teamMemberIds: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(50)
    .optional()
    .describe(
      'Who inspected the candidate (考察组成员): a relative of the candidate must recuse (required from rules edition 3)',
    ),
});
export const inspectionConcludedEventSchema = z.object({
  type: z.literal('INSPECTION_CONCLUDED'),
  ...eventEnvelope,
  proposedIds: ids
    .min(1)
    .max(3)
    .describe('Whom to put to the vote: one, or the three finalists of an open selection'),
  decision: nonBlankText(2000).describe('The 部务会议 decision (minutes reference)'),
});
export const finalistsPresentedEventSchema = z.object({
  type: z.literal('FINALISTS_PRESENTED'),
  ...eventEnvelope,
  finalistIds: ids.length(3),
  question: nonBlankText(2000).describe('The one question every finalist answered'),
});

export type NoticePublished = z.infer<typeof inspectionNoticePublishedEventSchema>;
