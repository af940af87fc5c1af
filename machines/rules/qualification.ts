import { addYears, hasServedYears } from '../../domain/dates';
import {
  APPRAISAL_LABELS,
  type QualificationFacts,
  qualificationFactsSchema,
} from '../../domain/facts/qualification';
import { type Policy, qualificationPolicySchema } from '../../domain/policy';
import {
  isDeputyRank,
  isDivisionLevelOrAbove,
  isHeadRank,
  isLeadingRank,
  levelsSkipped,
  RANK_LABELS,
  stepsUp,
} from '../../domain/ranks';
import { ok, parseWith, type Result } from '../../domain/result';
import { blockingInfluencePeriods } from './influence-period';

const qualificationRuleCodes = [
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
type QualificationRuleCode = (typeof qualificationRuleCodes)[number];

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
