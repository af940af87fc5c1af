import { z } from 'zod';
import { eventEnvelope } from '../case';
import { nonBlankText } from '../text';

/**
 * 复核 and 申诉: the cadre's recourse against a 降职 or 免职 in effect (《公务员法》(2018) arts. 95–96;
 * 《推进领导干部能上能下规定》(2022): a cadre who disagrees with an adjustment may apply for 复核 and 申诉).
 * The cadre's request reaches the case through the department's system or the organization department,
 * on the cadre's behalf: the actor is whoever filed it, the applicant is the case's cadre. The periods are
 * the case policy's (`recourse`, domain/policy.ts), checked by the demotion machine.
 */

/** How the organ decided: 维持 keeps the decision; 撤销 or 变更 upholds the cadre's request. */
const rulings = ['maintained', 'revoked', 'changed'] as const;
const recourseRulingSchema = z
  .enum(rulings)
  .describe('维持原处理决定 (maintained), 撤销 (revoked) or 变更 (changed) the decision');
export type RecourseRuling = z.infer<typeof recourseRulingSchema>;

const step = <T extends string>(type: T) => z.object({ type: z.literal(type), ...eventEnvelope });

const ruled = <T extends string>(type: T) =>
  step(type)
    .extend({
      ruling: recourseRulingSchema,
      reasons: nonBlankText(8000).describe('The reasons the decision states'),
      change: nonBlankText(4000)
        .optional()
        .describe(
          'For 变更 (changed): what the decision is changed to. The registry restores the former post; a different measure is decided afresh',
        ),
    })
    .superRefine((decision, ctx) => {
      if ((decision.ruling === 'changed') !== (decision.change !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['change'],
          message:
            decision.ruling === 'changed'
              ? '变更原处理决定须写明变更内容 · a changed decision states what it is changed to'
              : '只有变更原处理决定才写变更内容 · only a changed decision states a change',
        });
      }
    });

/** The cadre applies to the 原处理机关 for 复核 (within 30 days of learning of the decision). */
export const reviewRequestedEventSchema = step('REVIEW_REQUESTED').extend({
  grounds: nonBlankText(8000).describe('Why the cadre asks for 复核 (申请复核的理由)'),
});

/** The 原处理机关's 复核 decision (within 30 days of receiving the request). */
export const reviewDecidedEventSchema = ruled('REVIEW_DECIDED');

/** The cadre's 申诉: after a 复核 (within 15 days of its decision) or directly (within 30 days). */
export const appealFiledEventSchema = step('APPEAL_FILED').extend({
  grounds: nonBlankText(8000).describe('Why the cadre appeals (申诉的理由)'),
  organ: nonBlankText(200).describe(
    'The organ hearing the 申诉: the civil-service authority at the same level, or the organ above the one that decided',
  ),
});

/** The organ hearing a complex 申诉 extends its deadline, once, by at most 30 days (art. 96). */
export const appealExtendedEventSchema = step('APPEAL_EXTENDED').extend({
  days: z.number().int().min(1).max(366).describe('Days added to the deadline (the policy bounds them)'),
  grounds: nonBlankText(4000).describe('Why the case is complex (案情复杂的情况)'),
});

/** The 申诉 decision (within 60 days of accepting it, or the extended deadline). */
export const appealDecidedEventSchema = ruled('APPEAL_DECIDED');
