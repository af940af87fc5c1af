import { addYears, hasServedYears } from '../../domain/dates';
import {
  APPRAISAL_LABELS,
  EDUCATION_LABELS,
  educationRank,
  type Family,
  type PostRequirements,
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
  type Rank,
  rankSchema,
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
  // From the second rules edition (DOMAIN.md "Corrections and additions").
  'grass_roots_experience',
  'posts_at_level_below',
  'education',
  'party_age',
  'under_investigation',
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

/**
 * How a review is run: `secondReview` applies the second rules edition's rules (machines/fragments/
 * editions.ts), which a case under the first edition never sees; `requirements` are the post's own.
 */
export interface ReviewOptions {
  secondReview?: boolean;
  requirements?: PostRequirements;
}

/** The rank one step below (a 职级 holder's move into a leading post is measured as a promotion from it). */
function rankBelow(rank: Rank): Rank {
  const codes = rankSchema.options;
  return codes[Math.max(0, codes.indexOf(rank) - 1)] as Rank;
}

/** 裸官: the spouse has emigrated, or there is no spouse and every child has (rotation checks it too). */
export function isNakedOfficial({ spouse, children, childrenEmigrated }: Family): boolean {
  return spouse === 'emigrated' || (spouse === 'none' && children > 0 && childrenEmigrated === children);
}

export function reviewQualification(
  facts: QualificationFacts,
  policy: Policy['qualification'],
  options: ReviewOptions = {},
): Result<QualificationResult> {
  const parsedPolicy = parseWith(qualificationPolicySchema, policy, 'policy.qualification');
  if (!parsedPolicy.ok) return parsedPolicy;
  const parsed = parseWith(qualificationFactsSchema, facts, 'qualification');
  if (!parsed.ok) return parsed;
  const f = parsed.value;
  const p = parsedPolicy.value;
  const second = options.secondReview === true;
  // 职务 and 职级 (second edition): a rank (职级) is not a leading post. A rank holder moving into a
  // leading post of the same level is a promotion (提拔任职), so it is measured as one from the level
  // below: the years at that level, the years of work and every no-promotion period apply.
  const rankIntoLeadingPost =
    second &&
    f.currentHolding === 'rank' &&
    isLeadingRank(f.targetRank) &&
    stepsUp(f.currentRank, f.targetRank) === 0;
  const fromRank = rankIntoLeadingPost ? rankBelow(f.currentRank) : f.currentRank;
  const current = RANK_LABELS[f.currentRank];
  const target = RANK_LABELS[f.targetRank];
  const steps = stepsUp(fromRank, f.targetRank);

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
    const deputyToHead = isDeputyRank(fromRank) && isHeadRank(f.targetRank);
    const headToUpperDeputy = isHeadRank(fromRank) && isDeputyRank(f.targetRank);
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

  const skipped = levelsSkipped(fromRank, f.targetRank);
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
    // 条例 2019 art. 11: no 破格 while a probation is unfinished or within a year of the last promotion.
    const lastPromoted = (second ? f.lastPromotedOn : undefined) ?? f.currentRankSince;
    if (f.onProbation || !hasServedYears(lastPromoted, f.asOf, 1)) {
      exceptionalBarriers.push({
        code: 'exceptional_too_soon',
        message: `no exceptional promotion while on probation or within a year of the last promotion (${lastPromoted})`,
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

  if (second) absolute.push(...secondEditionFailures(f, p, options.requirements ?? {}, steps));

  const influence = blockingInfluencePeriods({
    measures: f.measures,
    appointment: {
      date: f.asOf,
      leadingPost: isLeadingRank(f.targetRank),
      currentRank: fromRank,
      targetRank: f.targetRank,
    },
  });
  if (!influence.ok) return influence;
  for (const block of influence.value) {
    absolute.push({ code: 'influence_period', message: block.message, messageZh: block.messageZh });
  }

  const { spouse } = f.family;
  if (isNakedOfficial(f.family)) {
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

type Facts = ReturnType<typeof qualificationFactsSchema.parse>;

/**
 * The eligibility facts the second edition checks (DOMAIN.md "Corrections and additions"). A fact the
 * rule needs and the department did not supply fails the rule: the review cannot say it is met.
 */
function secondEditionFailures(
  f: Facts,
  p: Policy['qualification'],
  requirements: PostRequirements,
  steps: number,
): QualificationFailure[] {
  const out: QualificationFailure[] = [];
  const promotionToDivision = steps > 0 && isDivisionLevelOrAbove(f.targetRank);
  // 条例 2019 art. 9: a 县处级 leading post needs two years of grass-roots experience (and five of work, above).
  const grassRoots = p.minGrassRootsYearsForDivisionLevel;
  if (promotionToDivision && !((f.grassRootsYears ?? -1) >= grassRoots)) {
    out.push({
      code: 'grass_roots_experience',
      message:
        f.grassRootsYears === undefined
          ? `promotion to a division-level post needs ${grassRoots} years of grass-roots experience; none was stated`
          : `promotion to a division-level post needs ${grassRoots} years of grass-roots experience, not ${f.grassRootsYears}`,
      messageZh:
        f.grassRootsYears === undefined
          ? `提任县处级领导职务应具有${grassRoots}年以上基层工作经历,未报基层工作经历`
          : `提任县处级领导职务应具有${grassRoots}年以上基层工作经历,现为${f.grassRootsYears}年`,
    });
  }
  // Posts at the level below: a policy setting (a figure from memory, domain/policy.ts).
  const posts = p.minPostsAtLevelBelow;
  if (promotionToDivision && !((f.postsAtLevelBelow ?? -1) >= posts)) {
    out.push({
      code: 'posts_at_level_below',
      message: `promotion to a division-level post needs experience in ${posts} posts at the level below; ${f.postsAtLevelBelow ?? 'none was'} stated`,
      messageZh: `提任县处级领导职务应有${posts}个以上下一级岗位任职经历,${f.postsAtLevelBelow === undefined ? '未报' : `现为${f.postsAtLevelBelow}个`}`,
    });
  }
  if (requirements.minEducation !== undefined) {
    const required = requirements.minEducation;
    if (f.education === undefined || educationRank(f.education) < educationRank(required)) {
      out.push({
        code: 'education',
        message: `the post requires ${required} education or above; ${f.education ?? 'none was stated'}`,
        messageZh: `职位要求${EDUCATION_LABELS[required]}以上学历,${f.education ? `现为${EDUCATION_LABELS[f.education]}` : '未报学历'}`,
      });
    }
  }
  if (requirements.minPartyYears !== undefined) {
    const years = requirements.minPartyYears;
    if (f.partyJoinedOn === undefined || !hasServedYears(f.partyJoinedOn, f.asOf, years)) {
      out.push({
        code: 'party_age',
        message: `the post requires ${years} years of party membership; ${f.partyJoinedOn ? `joined ${f.partyJoinedOn}` : 'no joining date was stated'}`,
        messageZh: `职位要求${years}年以上党龄,${f.partyJoinedOn ? `${f.partyJoinedOn}入党` : '未报入党时间'}`,
      });
    }
  }
  if (f.underInvestigation || f.suspended) {
    out.push({
      code: 'under_investigation',
      message: f.underInvestigation
        ? 'the nominee is under investigation (审查调查)'
        : 'the nominee is suspended for examination (停职检查)',
      messageZh: f.underInvestigation ? '正在接受审查调查' : '正在停职检查',
    });
  }
  return out;
}
