import { z } from 'zod';
import { type Policy, qualificationPolicySchema } from '../../domain/policy';
import { countSchema, idSchema } from './counts';
import { addYears, compareDates, hasServedYears, isoDateSchema } from './dates';
import { blockingInfluencePeriods, influenceMeasureSchema } from './influence-period';
import {
  isDeputyRank,
  isDivisionLevelOrAbove,
  isHeadRank,
  isLeadingRank,
  levelsSkipped,
  RANK_LABELS,
  rankSchema,
  stepsUp,
} from './ranks';
import { ok, parseWith, type Result } from './result';

/**
 * Qualification review (资格审查) of one nominee, from facts a department system supplies. Every rule is
 * applied and ALL failures are returned, each with a stable code, so the record can say which rule failed.
 *
 * Rules (《党政领导干部选拔任用工作条例》(2019) arts. 8–9 as we read them, and DOMAIN.md):
 * - years of work (工龄): promotion to a 县处级 (副处) post or above needs the policy's minimum (5 years);
 * - years at the level below: a deputy → head of the same level needs 2 full years as deputy; a lower
 *   level's head → the upper level's deputy needs 3 full years as head (both from the policy). 科员 → 副科
 *   has no such rule in DOMAIN.md and is not checked;
 * - skipping a level (越级, e.g. 正科 → 正处) is only possible as an exceptional promotion; skipping two
 *   levels (越两级) never is;
 * - last annual appraisal at least 称职;
 * - no influence period (影响期) bars the move (see influence-period.ts);
 * - not a "naked official" (裸官): per the national rule, the spouse has emigrated, or there is no spouse
 *   and all children have emigrated. This reads DOMAIN.md's "spouse and all children emigrated" the
 *   national way, which is at least as strict;
 * - exceptional promotion (破格) waives only years of work, years at the lower level and a one-level skip,
 *   and only with the superior organization department's consent on record. It is also barred while on
 *   probation or within a year of taking the current rank, and may not waive the years at the lower level
 *   twice in a row (不得在任职年限上连续破格). When any of these fails, nothing is waived.
 */
export const appraisalGrades = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
export const appraisalSchema = z.enum(appraisalGrades);
export type Appraisal = z.infer<typeof appraisalSchema>;
export const APPRAISAL_LABELS: Record<Appraisal, string> = {
  excellent: '优秀',
  competent: '称职',
  basically_competent: '基本称职',
  incompetent: '不称职',
};

export const qualificationFactsSchema = z
  .object({
    nomineeId: idSchema.optional(),
    /** The day of the review: all durations are counted up to it. */
    asOf: isoDateSchema,
    /** First day of work (参加工作时间). */
    workStartDate: isoDateSchema,
    currentRank: rankSchema,
    /** The day the current rank was taken (counts probation: it counts toward time in post). */
    currentRankSince: isoDateSchema,
    targetRank: rankSchema,
    lastAnnualAppraisal: appraisalSchema,
    /** Admonishments, organizational handling and sanctions on record. */
    measures: z.array(influenceMeasureSchema).default([]),
    family: z.object({
      spouse: z.enum(['none', 'domestic', 'emigrated']),
      children: countSchema,
      childrenEmigrated: countSchema,
    }),
    /** Present when the promotion is proposed as exceptional (破格). */
    exceptional: z.object({ superiorConsentOnRecord: z.boolean() }).optional(),
    /** Still within a probation period (试用期未满). */
    onProbation: z.boolean().default(false),
    /** The previous promotion was itself exceptional on the years at the lower level. */
    previousPromotionWaivedYears: z.boolean().default(false),
  })
  .superRefine((f, ctx) => {
    const notAfter = (earlier: string, later: string, path: string, what: string) => {
      if (compareDates(earlier, later) > 0) ctx.addIssue({ code: 'custom', path: [path], message: what });
    };
    notAfter(
      f.workStartDate,
      f.currentRankSince,
      'currentRankSince',
      'the current rank cannot start before work did',
    );
    notAfter(
      f.currentRankSince,
      f.asOf,
      'currentRankSince',
      'the current rank cannot start after the review date',
    );
    notAfter(f.workStartDate, f.asOf, 'workStartDate', 'work cannot start after the review date');
    f.measures.forEach((m, i) => {
      if (compareDates(m.effectiveDate, f.asOf) > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['measures', i, 'effectiveDate'],
          message: `measure dated ${m.effectiveDate} is after the review date ${f.asOf}`,
        });
      }
    });
    if (f.family.childrenEmigrated > f.family.children) {
      ctx.addIssue({
        code: 'custom',
        path: ['family', 'childrenEmigrated'],
        message: `${f.family.childrenEmigrated} children emigrated out of ${f.family.children}`,
      });
    }
    if (f.exceptional && stepsUp(f.currentRank, f.targetRank) <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['exceptional'],
        message: 'an exceptional promotion must be a promotion',
      });
    }
  });
export type QualificationFacts = z.input<typeof qualificationFactsSchema>;

export const qualificationRuleCodes = [
  'years_of_work',
  'years_at_lower_level',
  'skips_level',
  'skips_two_levels',
  'exceptional_without_consent',
  'exceptional_too_soon',
  'exceptional_consecutive_years_waiver',
  'annual_appraisal',
  'influence_period',
  'naked_official',
] as const;
export type QualificationRuleCode = (typeof qualificationRuleCodes)[number];

export interface QualificationFailure {
  code: QualificationRuleCode;
  message: string;
  messageZh: string;
}

export interface QualificationResult {
  qualified: boolean;
  failures: QualificationFailure[];
  /** Shortfalls an approved exceptional promotion (破格) waived; recorded for the audit trail. */
  waived: QualificationFailure[];
}

export function reviewQualification(
  facts: QualificationFacts,
  policy: Policy['qualification'],
): Result<QualificationResult> {
  const parsedPolicy = parseWith(qualificationPolicySchema, policy, 'policy.qualification');
  if (!parsedPolicy.ok) return parsedPolicy;
  const parsed = parseWith(qualificationFactsSchema, facts, 'qualification');
  if (!parsed.ok) return parsed;
  const f = parsed.value;
  const p = parsedPolicy.value;
  const current = RANK_LABELS[f.currentRank];
  const target = RANK_LABELS[f.targetRank];
  const steps = stepsUp(f.currentRank, f.targetRank);

  // Shortfalls an approved exceptional promotion may waive; the rest never can be.
  const shortfalls: QualificationFailure[] = [];
  const absolute: QualificationFailure[] = [];

  const workYears = p.minYearsOfWorkForDivisionLevel;
  if (
    steps > 0 &&
    isDivisionLevelOrAbove(f.targetRank) &&
    !hasServedYears(f.workStartDate, f.asOf, workYears)
  ) {
    const reached = addYears(f.workStartDate, workYears);
    shortfalls.push({
      code: 'years_of_work',
      message: `promotion to ${target} needs ${workYears} years of work; work began ${f.workStartDate}, so ${workYears} years are reached on ${reached}`,
      messageZh: `提任县处级以上领导职务应具有${workYears}年以上工龄:${f.workStartDate}参加工作,至${reached}方满${workYears}年`,
    });
  }

  if (steps === 1) {
    const deputyToHead = isDeputyRank(f.currentRank) && isHeadRank(f.targetRank);
    const headToUpperDeputy = isHeadRank(f.currentRank) && isDeputyRank(f.targetRank);
    const years = deputyToHead
      ? p.minYearsAsDeputyBeforeHead
      : headToUpperDeputy
        ? p.minYearsAsLowerHeadBeforeUpperDeputy
        : undefined;
    if (years !== undefined && !hasServedYears(f.currentRankSince, f.asOf, years)) {
      const reached = addYears(f.currentRankSince, years);
      shortfalls.push({
        code: 'years_at_lower_level',
        message: `${current} → ${target} needs ${years} full years as ${current}; held since ${f.currentRankSince}, so ${years} years are reached on ${reached}`,
        messageZh: `${deputyToHead ? '由副职提任正职' : '由下级正职提任上级副职'}应在${current}岗位工作${years}年以上:${f.currentRankSince}起任${current},至${reached}方满${years}年`,
      });
    }
  }

  const skipped = levelsSkipped(f.currentRank, f.targetRank);
  if (skipped >= 2) {
    absolute.push({
      code: 'skips_two_levels',
      message: `${current} → ${target} skips ${skipped} levels; skipping two levels is never allowed, even as an exceptional promotion`,
      messageZh: `${current}提任${target}越${skipped}级,不得越两级提拔`,
    });
  } else if (skipped === 1) {
    shortfalls.push({
      code: 'skips_level',
      message: `${current} → ${target} skips a level, which only an approved exceptional promotion allows`,
      messageZh: `${current}提任${target}属越级提拔,须按破格提拔程序报批`,
    });
  }

  const exceptionalBarriers: QualificationFailure[] = [];
  if (f.exceptional) {
    if (!f.exceptional.superiorConsentOnRecord) {
      exceptionalBarriers.push({
        code: 'exceptional_without_consent',
        message: "an exceptional promotion needs the superior organization department's consent on record",
        messageZh: '破格提拔须报经上级组织部门同意,未见同意意见',
      });
    }
    if (f.onProbation || !hasServedYears(f.currentRankSince, f.asOf, 1)) {
      exceptionalBarriers.push({
        code: 'exceptional_too_soon',
        message: `no exceptional promotion while on probation or within a year of taking the current rank (since ${f.currentRankSince})`,
        messageZh: '任职试用期未满或者提拔任职不满一年的,不得破格提拔',
      });
    }
    if (f.previousPromotionWaivedYears && shortfalls.some((s) => s.code === 'years_at_lower_level')) {
      exceptionalBarriers.push({
        code: 'exceptional_consecutive_years_waiver',
        message:
          'the previous promotion already waived the years at the lower level; they may not be waived twice in a row',
        messageZh: '不得在任职年限上连续破格',
      });
    }
  }

  if (f.lastAnnualAppraisal === 'basically_competent' || f.lastAnnualAppraisal === 'incompetent') {
    absolute.push({
      code: 'annual_appraisal',
      message: `the last annual appraisal must be at least 称职 (competent); it was ${APPRAISAL_LABELS[f.lastAnnualAppraisal]}`,
      messageZh: `上一年度考核结果为${APPRAISAL_LABELS[f.lastAnnualAppraisal]},应为称职以上等次`,
    });
  }

  const influence = blockingInfluencePeriods({
    measures: f.measures,
    appointment: {
      date: f.asOf,
      leadingPost: isLeadingRank(f.targetRank),
      currentRank: f.currentRank,
      targetRank: f.targetRank,
    },
  });
  if (!influence.ok) return influence;
  for (const block of influence.value) {
    absolute.push({ code: 'influence_period', message: block.message, messageZh: block.messageZh });
  }

  const { spouse, children, childrenEmigrated } = f.family;
  if (spouse === 'emigrated' || (spouse === 'none' && children > 0 && childrenEmigrated === children)) {
    absolute.push({
      code: 'naked_official',
      message:
        spouse === 'emigrated'
          ? 'the spouse has emigrated (naked official)'
          : 'there is no spouse and all children have emigrated (naked official)',
      messageZh: spouse === 'emigrated' ? '配偶已移居国(境)外' : '没有配偶,子女均已移居国(境)外',
    });
  }

  const approvedExceptional = f.exceptional !== undefined && exceptionalBarriers.length === 0;
  const failures = [...(approvedExceptional ? [] : shortfalls), ...exceptionalBarriers, ...absolute];
  return ok({ qualified: failures.length === 0, failures, waived: approvedExceptional ? shortfalls : [] });
}
