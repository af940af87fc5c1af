import { z } from 'zod';
import { idSchema } from '../counts';
import { compareDates, factDateSchema as isoDateSchema } from '../dates';
import { rankSchema } from '../ranks';

/**
 * Influence periods (影响期): after a measure against a cadre, some appointments are barred for a while.
 * Qualification review must see them (《党政领导干部选拔任用工作条例》(2019): a cadre inside an influence
 * period after admonishment, organizational handling or a sanction may not be listed for inspection).
 *
 * The durations are national rules, not district settings, so they are fixed here rather than in the
 * case policy. DOMAIN.md states two of them (admonishment; 引咎辞职 / 责令辞职 / 免职); the others are the
 * national figures as we read them — the lead should have them checked against the current texts:
 * - 诫勉 admonishment: 6 months, no promotion or further use (提拔或者重用).
 * - 组织处理 (《中国共产党组织处理规定(试行)》, 2021): 调整职务 reassignment — 1 year no promotion;
 *   责令辞职 / 免职 — 1 year no leading post, 2 years nothing above the former level; 降职 demotion —
 *   2 years no promotion. 引咎辞职 is treated like 责令辞职 (《条例》(2019), ch. 9, and DOMAIN.md).
 * - 党纪处分 (《中国共产党纪律处分条例》, 2023, arts. 10–12): 警告 1 year and 严重警告 18 months no promotion;
 *   撤销党内职务 2 years no post equal to or above the former one; 留党察看 (1 or 2 years) — during it no
 *   promotion and no leading post (its party posts lapse), then 2 more years no post equal to or above the
 *   former one.
 * - 政务处分 (《公职人员政务处分法》, 2020, art. 8, counted from the decision's effective date): 警告 6
 *   months, 记过 12, 记大过 18, 降级 / 撤职 24, no promotion throughout.
 * 诫勉's "重用" (important use without promotion) and 停职检查 (open-ended) are not modelled; expulsion
 * (开除) ends eligibility altogether and is out of scope.
 *
 * Counting: a period of n months from effective date D covers D up to the day before the same day n
 * months later, which is the first free day (a 6-month period from 2024-01-15 bars 2024-07-14 and frees
 * 2024-07-15). Without that day in the month, the period runs through the month's end (see addMonths).
 */
const measureKinds = [
  'admonishment',
  'reassignment',
  'ordered_resignation',
  'removal',
  'unsuited_removal',
  'resignation_for_responsibility',
  'demotion',
  'party_warning',
  'party_serious_warning',
  'party_post_removal',
  'party_probation',
  'gov_warning',
  'gov_demerit',
  'gov_major_demerit',
  'gov_downgrade',
  'gov_dismissal',
] as const;
export const measureKindSchema = z.enum(measureKinds);
export type MeasureKind = z.infer<typeof measureKindSchema>;

export const MEASURE_LABELS: Record<MeasureKind, { en: string; zh: string }> = {
  admonishment: { en: 'admonishment', zh: '诫勉' },
  reassignment: { en: 'reassignment (organizational handling)', zh: '调整职务' },
  ordered_resignation: { en: 'ordered resignation', zh: '责令辞职' },
  removal: { en: 'removal from post', zh: '免职' },
  unsuited_removal: { en: 'removal as unsuited to the post', zh: '因不适宜担任现职免职' },
  resignation_for_responsibility: { en: 'resignation taking responsibility', zh: '引咎辞职' },
  demotion: { en: 'demotion', zh: '降职' },
  party_warning: { en: 'party warning', zh: '党内警告' },
  party_serious_warning: { en: 'serious party warning', zh: '党内严重警告' },
  party_post_removal: { en: 'removal from party posts', zh: '撤销党内职务' },
  party_probation: { en: 'probation within the party', zh: '留党察看' },
  gov_warning: { en: 'government warning', zh: '政务警告' },
  gov_demerit: { en: 'demerit', zh: '记过' },
  gov_major_demerit: { en: 'major demerit', zh: '记大过' },
  gov_downgrade: { en: 'downgrade', zh: '降级' },
  gov_dismissal: { en: 'dismissal from post', zh: '撤职' },
};

export const influenceMeasureSchema = z
  .object({
    id: idSchema.optional(),
    kind: measureKindSchema,
    /** The day the decision took effect; the period counts from it. */
    effectiveDate: isoDateSchema,
    /** The rank the cadre held when the measure was taken (the "former level"). */
    rankAtMeasure: rankSchema,
    /** 留党察看 only: its length, one or two years. */
    partyProbationMonths: z.union([z.literal(12), z.literal(24)]).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.kind === 'party_probation' && m.partyProbationMonths === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['partyProbationMonths'],
        message: '留党察看 needs its length: 12 or 24 months',
      });
    }
    if (m.kind !== 'party_probation' && m.partyProbationMonths !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['partyProbationMonths'],
        message: `${m.kind} has no probation length`,
      });
    }
  });
export type InfluenceMeasure = z.input<typeof influenceMeasureSchema>;

const proposedAppointmentSchema = z.object({
  /** The day of the proposed appointment: the "as of" date of the check. */
  date: isoDateSchema,
  leadingPost: z.boolean(),
  currentRank: rankSchema,
  targetRank: rankSchema,
});
export type ProposedAppointment = z.input<typeof proposedAppointmentSchema>;

export const influenceCheckSchema = z
  .object({ measures: z.array(influenceMeasureSchema), appointment: proposedAppointmentSchema })
  .superRefine((input, ctx) => {
    input.measures.forEach((m, i) => {
      if (compareDates(m.effectiveDate, input.appointment.date) > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['measures', i, 'effectiveDate'],
          message: `measure dated ${m.effectiveDate} is after the appointment date ${input.appointment.date}`,
        });
      }
    });
  });
export type InfluenceCheck = z.input<typeof influenceCheckSchema>;
