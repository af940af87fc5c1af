import { z } from 'zod';
import {
  cadreSchema,
  caseIdSchema,
  departmentIdSchema,
  eventEnvelope,
  ladderPostSchema,
  postSchema,
} from '../case';
import { relativeSchema } from '../facts/avoidance';
import { callsForAdjustment, evaluationCountsSchema } from '../facts/evaluation';
import { personalFactsSchema } from '../facts/personal';
import { cadreInMetadata } from '../metadata';
import { boundedPolicySchema, resolvePolicy } from '../policy';
import {
  appealDecidedEventSchema,
  appealExtendedEventSchema,
  appealFiledEventSchema,
  reviewDecidedEventSchema,
  reviewRequestedEventSchema,
} from '../steps/recourse';
import { reportFiledEventSchema } from '../steps/supervision';
import { voteRecordedEventSchema } from '../steps/vote';
import { withdrawnEventSchema } from '../steps/withdrawal';
import { nonBlankText } from '../text';
import { trackNames } from './names';

/**
 * Demotion and exit (降职、免职与“出”): one cadre, one trigger. The trigger comes with the start; an
 * evaluation trigger must show dissatisfaction above the case policy's adjustment line, checked here with
 * the evaluation rule, so that a case never opens on figures that do not call for it.
 */
const text = (max: number) => z.string().min(1).max(max);

const demotionTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('evaluation'), counts: evaluationCountsSchema }),
  z.object({
    kind: z.literal('annual_assessment'),
    year: z.number().int().min(1950).max(9999),
    grade: z.literal('incompetent').describe('年度考核不称职'),
  }),
  z.object({ kind: z.literal('accountability'), incident: text(4000).describe('问责情形') }),
  z.object({
    kind: z.literal('resignation_for_responsibility'),
    statement: text(4000).describe('引咎辞职申请'),
  }),
  z.object({ kind: z.literal('ordered_resignation'), basis: text(4000).describe('责令辞职的依据') }),
  z.object({
    kind: z.literal('failed_probation'),
    probationCaseId: z.string().min(1).max(64),
    findings: text(4000),
  }),
]);
export type DemotionTrigger = z.infer<typeof demotionTriggerSchema>;

export const demotionStartSchema = z
  .object({
    department: departmentIdSchema,
    caseId: caseIdSchema,
    cadre: cadreSchema.extend({ personalFacts: personalFactsSchema.optional() }),
    // A rank of the ladder: the influence period is measured against it.
    currentPost: ladderPostSchema,
    relatives: z
      .array(relativeSchema)
      .default([])
      .describe('Relatives in service: committee members among them recuse'),
    nominatedBy: z
      .array(z.string().min(1).max(64))
      .max(200)
      .default([])
      .describe('Who nominated the cadre for the post: the accountability ledger traces the outcome to them'),
    trigger: demotionTriggerSchema,
    policy: boundedPolicySchema,
  })
  .superRefine((start, ctx) => {
    if (start.trigger.kind !== 'evaluation') return;
    const policy = resolvePolicy(start.policy);
    if (!policy.ok) return; // reported on `policy` already
    // Shares of valid ballots (DOMAIN.md "Evaluation"): invalid ballots leave the denominator. This only
    // widens what an earlier start accepted, so every case already running still parses.
    const { counts } = start.trigger;
    if (!callsForAdjustment({ ...counts, total: counts.total - counts.invalid }, policy.value.evaluation)) {
      ctx.addIssue({
        code: 'custom',
        path: ['trigger', 'counts'],
        message: `dissatisfaction must be above ${policy.value.evaluation.adjustmentAboveDissatisfactionPercent}% of the valid ballots for an evaluation to trigger adjustment`,
      });
    }
  });
export type DemotionStart = z.infer<typeof demotionStartSchema>;

const demotionOutcomes = ['demotion', 'removal', 'reassignment', 'resignation'] as const;
export const demotionOutcomeSchema = z.enum(demotionOutcomes).describe('降职, 免职, 改任, 辞职');
export type DemotionOutcomeKind = z.infer<typeof demotionOutcomeSchema>;

/**
 * 免职 grounds: the 条例's list (《党政领导干部选拔任用工作条例》(2019), its 免职 article — the list from
 * DOMAIN.md "Corrections and additions"; the article number is not checked here), with 不适宜担任现职 as
 * 《推进领导干部能上能下规定》(2022) has it. Each maps to its influence period in machines/demotion.ts.
 */
const removalGrounds = [
  'age_limit', // 达到任职年龄界限或者退休年龄界限
  'unsuited', // 不适宜担任现职
  'accountability', // 受到责任追究（问责）应当免职
  'violation', // 违纪违法
  'long_illness', // 因健康原因无法正常履行职责一年以上
  'study_leave', // 非组织选派，离职学习期限超过一年
  'work_needs', // 因工作需要或者其他原因
  'resignation', // 辞职或者调出
] as const;
const removalGroundsSchema = z.enum(removalGrounds).describe('免职的情形');
export type RemovalGrounds = z.infer<typeof removalGroundsSchema>;

const step = <T extends string>(type: T) => z.object({ type: z.literal(type), ...eventEnvelope });

export const triggerVerifiedEventSchema = step('TRIGGER_VERIFIED').extend({ findings: nonBlankText(8000) });
export const triggerDismissedEventSchema = step('TRIGGER_DISMISSED').extend({ findings: nonBlankText(8000) });
export const talkHeldEventSchema = step('TALK_HELD').extend({
  summary: nonBlankText(8000),
  defence: z.string().max(8000).optional().describe("The cadre's own statement (申辩), if any"),
  response: z
    .enum(['accepts', 'refuses'])
    .optional()
    .describe('For an ordered resignation (责令辞职): whether the cadre resigns; refusing leads to removal'),
});
export const outcomeProposedEventSchema = step('OUTCOME_PROPOSED').extend({
  outcome: demotionOutcomeSchema,
  newPost: postSchema.optional().describe('Required for demotion and reassignment'),
  removalGrounds: removalGroundsSchema
    .optional()
    .describe('For a removal (免职): which of the grounds; required from the second rules edition'),
  exitSupport: z
    .object({
      keepsRank: z.boolean().describe('Keeps the rank and its benefits (保留职级待遇)'),
      placement: z
        .string()
        .max(2000)
        .optional()
        .describe('Placement: retirement, another post, … (“出”的渠道)'),
    })
    .describe('Exit support (“出”的保障)'),
  defenceResponse: z
    .string()
    .max(8000)
    .optional()
    .describe("The answer to the cadre's defence; required when one was stated"),
});

/** Events a caller may send to a demotion case. */
export const demotionEventSchema = z.discriminatedUnion('type', [
  triggerVerifiedEventSchema,
  triggerDismissedEventSchema,
  talkHeldEventSchema,
  outcomeProposedEventSchema,
  voteRecordedEventSchema,
  reportFiledEventSchema,
  withdrawnEventSchema,
  // 复核 and 申诉 after the decision takes effect (rules edition 4).
  reviewRequestedEventSchema,
  reviewDecidedEventSchema,
  appealFiledEventSchema,
  appealExtendedEventSchema,
  appealDecidedEventSchema,
]);
export type DemotionEvent = z.infer<typeof demotionEventSchema>;

/** Demotion and exit as the catalogue lists it (domain/tracks/index.ts). */
export const demotionVocabulary = {
  track: 'demotion',
  ...trackNames.demotion,
  startSchema: demotionStartSchema,
  eventSchema: demotionEventSchema,
  subject: (start: DemotionStart) =>
    `${cadreInMetadata(start.cadre)} · ${start.currentPost.unit} ${start.currentPost.title} · trigger ${start.trigger.kind}`,
} as const;
