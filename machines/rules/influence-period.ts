import { addDays, addMonths, compareDates, type IsoDate } from '../../domain/dates';
import {
  type InfluenceCheck,
  influenceCheckSchema,
  MEASURE_LABELS,
  type MeasureKind,
} from '../../domain/facts/influence';
import { RANK_LABELS, type Rank, rankIndex } from '../../domain/ranks';
import { ok, parseWith, type Result } from '../../domain/result';

type Restriction =
  | 'no_promotion'
  | 'no_leading_post'
  | 'not_above_former_rank'
  | 'not_at_or_above_former_rank';

/** One restriction running from `fromMonths` to `toMonths` after the effective date. */
interface PeriodRule {
  restriction: Restriction;
  fromMonths: number;
  toMonths: number;
}

const noPromotion = (months: number): PeriodRule[] => [
  { restriction: 'no_promotion', fromMonths: 0, toMonths: months },
];
/**
 * 引咎辞职 / 责令辞职 / 免职 for accountability (问责): no leading post for one year, nothing above the
 * former level for two. Source: DOMAIN.md's table, from the 12371.cn Q&A on 《党政领导干部选拔任用工作条例》
 * (2019) and 《中国共产党组织处理规定(试行)》 (2021).
 */
const leavingPost: PeriodRule[] = [
  { restriction: 'no_leading_post', fromMonths: 0, toMonths: 12 },
  { restriction: 'not_above_former_rank', fromMonths: 0, toMonths: 24 },
];

/**
 * Each measure's period, its source per row (DOMAIN.md "Corrections and additions", the influence-period
 * table). "(memory)" marks a figure whose text could not be checked here: DOMAIN.md asks that such a
 * figure be a policy setting; these are national figures that the case policy does not yet carry, so they
 * are marked here for the lead to check against the texts before they move into domain/policy.ts.
 */
function periodRules(kind: MeasureKind, partyProbationMonths: number): PeriodRule[] {
  switch (kind) {
    // 诫勉: 6 months no promotion (DOMAIN.md, Promotion: "memory: policy setting").
    case 'admonishment':
      return noPromotion(6);
    // 政务处分 警告 / 记过 / 记大过 / 降级·撤职: 6 / 12 / 18 / 24 months (公务员法 art. 58; 公职人员政务处分法 art. 8).
    case 'gov_warning':
      return noPromotion(6);
    case 'gov_demerit':
      return noPromotion(12);
    case 'gov_major_demerit':
      return noPromotion(18);
    case 'gov_downgrade':
    case 'gov_dismissal':
      return noPromotion(24);
    // 调整职务: 1 year no promotion (12371.cn Q&A on the 条例; 组织处理规定 2021).
    case 'reassignment':
      return noPromotion(12);
    // 免职 or moved because unsuited to the post (不适宜担任现职): 1 year no promotion (12371.cn Q&A on the
    // 条例; 《推进领导干部能上能下规定》 2022).
    case 'unsuited_removal':
      return noPromotion(12);
    // 降职: 2 years no promotion (组织处理规定 2021 — memory, DOMAIN.md).
    case 'demotion':
      return noPromotion(24);
    // 党纪处分 警告 / 严重警告: 12 / 18 months (纪律处分条例 2023 art. 10).
    case 'party_warning':
      return noPromotion(12);
    case 'party_serious_warning':
      return noPromotion(18);
    // 引咎辞职, 责令辞职, 免职 for accountability: leavingPost above.
    case 'ordered_resignation':
    case 'removal':
    case 'resignation_for_responsibility':
      return leavingPost;
    // 撤销党内职务: 2 years no post equal to or above the former one (纪律处分条例 2023 — memory, DOMAIN.md).
    case 'party_post_removal':
      return [{ restriction: 'not_at_or_above_former_rank', fromMonths: 0, toMonths: 24 }];
    // 留党察看 (1 or 2 years): no promotion or leading post during it, then 2 years nothing at or above the
    // former level (纪律处分条例 2023 arts. 10–12, as domain/facts/influence.ts reads them).
    case 'party_probation':
      return [
        { restriction: 'no_promotion', fromMonths: 0, toMonths: partyProbationMonths },
        { restriction: 'no_leading_post', fromMonths: 0, toMonths: partyProbationMonths },
        {
          restriction: 'not_at_or_above_former_rank',
          fromMonths: partyProbationMonths,
          toMonths: partyProbationMonths + 24,
        },
      ];
  }
}

export interface InfluencePeriod {
  restriction: Restriction;
  /** First day barred. */
  from: IsoDate;
  /** Last day barred (inclusive). */
  lastBlockedDate: IsoDate;
  /** First day no longer barred. */
  freeFrom: IsoDate;
}

/** Every period a measure starts, whatever is proposed. */
export function influencePeriodsOf(measure: {
  kind: MeasureKind;
  effectiveDate: IsoDate;
  partyProbationMonths?: number | undefined;
}): InfluencePeriod[] {
  return periodRules(measure.kind, measure.partyProbationMonths ?? 0).map((rule) => {
    const freeFrom = addMonths(measure.effectiveDate, rule.toMonths);
    return {
      restriction: rule.restriction,
      from: addMonths(measure.effectiveDate, rule.fromMonths),
      lastBlockedDate: addDays(freeFrom, -1),
      freeFrom,
    };
  });
}

export interface InfluenceBlock extends InfluencePeriod {
  /** Position of the measure in the input list. */
  measureIndex: number;
  measureId?: string;
  kind: MeasureKind;
  message: string;
  messageZh: string;
}

function restrictionBars(
  restriction: Restriction,
  appointment: { leadingPost: boolean; currentRank: Rank; targetRank: Rank },
  rankAtMeasure: Rank,
): boolean {
  const target = rankIndex(appointment.targetRank);
  switch (restriction) {
    case 'no_promotion':
      return target > rankIndex(appointment.currentRank);
    case 'no_leading_post':
      return appointment.leadingPost;
    case 'not_above_former_rank':
      return target > rankIndex(rankAtMeasure);
    case 'not_at_or_above_former_rank':
      return target >= rankIndex(rankAtMeasure);
  }
}

function describe(restriction: Restriction, rankAtMeasure: Rank): { en: string; zh: string } {
  const former = RANK_LABELS[rankAtMeasure];
  switch (restriction) {
    case 'no_promotion':
      return { en: 'promotion', zh: '不得提拔' };
    case 'no_leading_post':
      return { en: 'any leading post', zh: '不得安排领导职务' };
    case 'not_above_former_rank':
      return {
        en: `any post above the former rank ${former}`,
        zh: `不得担任高于原任职务层次(${former})的职务`,
      };
    case 'not_at_or_above_former_rank':
      return {
        en: `any post at or above the former rank ${former}`,
        zh: `不得担任与原任职务(${former})相当或者更高的职务`,
      };
  }
}

/** The influence periods that bar the proposed appointment on its date; empty when none does. */
export function blockingInfluencePeriods(input: InfluenceCheck): Result<InfluenceBlock[]> {
  const parsed = parseWith(influenceCheckSchema, input, 'influence');
  if (!parsed.ok) return parsed;
  const { measures, appointment } = parsed.value;
  const blocks: InfluenceBlock[] = [];
  measures.forEach((measure, measureIndex) => {
    for (const period of influencePeriodsOf(measure)) {
      const running =
        compareDates(period.from, appointment.date) <= 0 &&
        compareDates(appointment.date, period.freeFrom) < 0;
      if (!running || !restrictionBars(period.restriction, appointment, measure.rankAtMeasure)) continue;
      const label = MEASURE_LABELS[measure.kind];
      const what = describe(period.restriction, measure.rankAtMeasure);
      blocks.push({
        ...period,
        measureIndex,
        ...(measure.id === undefined ? {} : { measureId: measure.id }),
        kind: measure.kind,
        message: `${label.en} (${label.zh}) effective ${measure.effectiveDate} bars ${what.en} through ${period.lastBlockedDate}`,
        messageZh: `${label.zh}(${measure.effectiveDate}起)影响期内${what.zh},至${period.lastBlockedDate}止`,
      });
    }
  });
  return ok(blocks);
}
