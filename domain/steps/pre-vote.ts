import { z } from 'zod';
import { eventEnvelope } from '../case';
import { idSchema } from '../counts';
import { isoDateSchema } from '../dates';
import { influenceMeasureSchema } from '../facts/influence';
import { nonBlankText } from '../text';

/**
 * What a promotion must have on record before the committee decides (DOMAIN.md, "Promotion: the gates
 * before the decision"), each for a candidate put to the vote:
 * - the second deliberation (酝酿) of the proposed appointment (《党政领导干部选拔任用工作条例》2019 art. 34);
 * - the four checks of 凡提四必, each with who checked, when, and the conclusion;
 * - the vote briefing: the recommendation, inspection and appointment reasons, and for 破格 its grounds
 *   and the superior department's consent.
 * A measure (诫勉, 组织处理, 处分) taken against a candidate after the qualification review is reported
 * too, so that the vote and the appointment see it.
 */
const candidateId = z.string().min(1).max(64);
const participants = z.array(nonBlankText(128)).min(1).max(200).describe('Who took part, by name or id');

/** 酝酿 of the proposed appointment before the committee decides (条例 art. 34). */
export const proposalDeliberatedEventSchema = z.object({
  type: z.literal('PROPOSAL_DELIBERATED'),
  ...eventEnvelope,
  candidateId: candidateId.optional().describe('Whom; required when several were put to the vote'),
  participants,
  heldOn: isoDateSchema.describe('The day of the deliberation'),
  summary: nonBlankText(4000),
});

/** The four checks of 凡提四必. */
const preVoteChecks = ['personnel_file', 'personal_matters', 'discipline_opinion', 'reports'] as const;
const preVoteCheckSchema = z.enum(preVoteChecks);
export type PreVoteCheck = z.infer<typeof preVoteCheckSchema>;

export const preVoteCheckRecordedEventSchema = z.object({
  type: z.literal('PRE_VOTE_CHECK_RECORDED'),
  ...eventEnvelope,
  candidateId,
  check: preVoteCheckSchema,
  checkedBy: nonBlankText(128).describe('Who checked'),
  checkedOn: isoDateSchema.describe('When'),
  conclusion: z.enum(['clear', 'adverse']).describe('清楚无问题, or a problem found'),
  summary: nonBlankText(4000),
  /** The discipline opinion only: the 廉洁自律 conclusion, signed by the unit's two secretaries. */
  integrity: z
    .object({ signedByPartySecretary: z.boolean(), signedByDisciplineSecretary: z.boolean() })
    .optional(),
});

/** 破格: the grounds (条例 art. 11) and the superior organization department's consent. */
const exceptionalGroundsSchema = z.object({
  grounds: z.enum(['outstanding', 'special_need']).describe('特别优秀 or 工作特殊需要'),
  superiorConsent: z.object({ by: nonBlankText(128), on: isoDateSchema }),
});

export const voteBriefingFiledEventSchema = z.object({
  type: z.literal('VOTE_BRIEFING_FILED'),
  ...eventEnvelope,
  candidateId,
  recommendation: nonBlankText(4000).describe('推荐情况'),
  inspection: nonBlankText(4000).describe('考察情况'),
  appointment: nonBlankText(4000).describe('任用理由'),
  exceptional: exceptionalGroundsSchema.optional(),
});

/** A measure taken against a candidate after the qualification review. */
export const measureRecordedEventSchema = z.object({
  type: z.literal('MEASURE_RECORDED'),
  ...eventEnvelope,
  cadreId: idSchema,
  measure: influenceMeasureSchema,
});
