import { z } from 'zod';
import { countSchema, idSchema } from '../counts';
import { compareDates, factDateSchema as isoDateSchema } from '../dates';
import { rankSchema, stepsUp } from '../ranks';
import { influenceMeasureSchema } from './influence';

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
const appraisalGrades = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
const appraisalSchema = z.enum(appraisalGrades);
export type Appraisal = z.infer<typeof appraisalSchema>;
export const APPRAISAL_LABELS: Record<Appraisal, string> = {
  excellent: '优秀',
  competent: '称职',
  basically_competent: '基本称职',
  incompetent: '不称职',
};

const educationLevels = ['secondary', 'junior_college', 'bachelor', 'master', 'doctorate'] as const;
const educationSchema = z.enum(educationLevels);
export type Education = z.infer<typeof educationSchema>;
export const educationRank = (e: Education) => educationLevels.indexOf(e);
export const EDUCATION_LABELS: Record<Education, string> = {
  secondary: '中专及以下',
  junior_college: '大专',
  bachelor: '大学本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
};

/** What a post requires of education and party age, when it does (the motion's conditions). */
export const postRequirementsSchema = z.object({
  minEducation: educationSchema.optional(),
  minPartyYears: z.number().int().min(0).max(60).optional(),
});
export type PostRequirements = z.infer<typeof postRequirementsSchema>;

/** The family facts that say whether a cadre is a 裸官 (spouse and children abroad). */
export const familySchema = z.object({
  spouse: z.enum(['none', 'domestic', 'emigrated']),
  children: countSchema,
  childrenEmigrated: countSchema,
});
export type Family = z.infer<typeof familySchema>;

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
    family: familySchema,
    /** Present when the promotion is proposed as exceptional (破格). */
    exceptional: z.object({ superiorConsentOnRecord: z.boolean() }).optional(),
    /** Still within a probation period (试用期未满). */
    onProbation: z.boolean().default(false),
    /** The previous promotion was itself exceptional on the years at the lower level. */
    previousPromotionWaivedYears: z.boolean().default(false),
    // ---- facts the second rules edition checks (DOMAIN.md "Corrections and additions") ----
    /**
     * 职务 or 职级: whether the current rank is held as a leading post (领导职务) or as a rank (职级)
     * only. A rank holder moving into a leading post at the same level is promoted (提拔任职).
     */
    currentHolding: z.enum(['leading_post', 'rank']).optional(),
    /** Full years of grass-roots experience (基层工作经历), for 县处级 posts (条例 art. 9). */
    grassRootsYears: z.number().min(0).max(80).optional(),
    /** How many posts the nominee has held at the level below the post's. */
    postsAtLevelBelow: z.number().int().min(0).max(100).optional(),
    education: educationSchema.optional(),
    /** The day the nominee joined the party (入党时间), for posts that require a party age. */
    partyJoinedOn: isoDateSchema.optional(),
    /** Under investigation (审查调查) or suspended for examination (停职检查). */
    underInvestigation: z.boolean().optional(),
    suspended: z.boolean().optional(),
    /** The day of the last promotion (提拔), when it differs from the day the current rank was taken. */
    lastPromotedOn: isoDateSchema.optional(),
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
