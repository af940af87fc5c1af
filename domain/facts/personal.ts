import { z } from 'zod';
import { isIsoDate } from '../dates';
import { nonBlankText } from '../text';

/**
 * The personal facts the 干部任免审批表 (appointment approval form) asks for, as the department sends them
 * with a nomination (or with a rotation or demotion case's cadre). Personal data: the payload codec
 * encrypts them with the rest of the case. Optional as a whole, so a case started without them still runs;
 * the form then leaves those boxes for the clerk to fill by hand.
 */

/** 1980-05: a month, as the form writes 出生年月 and 入党时间. */
const yearMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM')
  .refine((month) => isIsoDate(`${month}-01`), 'a real month');

const appraisalGrades = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;

const educationSchema = z.object({
  degree: nonBlankText(64).describe('学历学位, e.g. 大学 经济学学士'),
  school: nonBlankText(128).describe('毕业院校系及专业'),
});

export const personalFactsSchema = z
  .object({
    gender: z.enum(['male', 'female']).describe('性别'),
    birthMonth: yearMonthSchema.describe('出生年月'),
    ethnicity: nonBlankText(32).describe('民族, e.g. 汉族'),
    nativePlace: nonBlankText(64).describe('籍贯'),
    birthPlace: nonBlankText(64).describe('出生地'),
    partyJoinedMonth: yearMonthSchema.optional().describe('入党时间; absent for a non-member'),
    workStartedMonth: yearMonthSchema.describe('参加工作时间'),
    health: nonBlankText(32).describe('健康状况, e.g. 健康'),
    professionalTitle: nonBlankText(64).optional().describe('专业技术职务'),
    education: z
      .object({
        fullTime: educationSchema.optional().describe('全日制教育'),
        inService: educationSchema.optional().describe('在职教育'),
      })
      .default({}),
    resume: z
      .array(
        z.object({
          from: yearMonthSchema,
          to: yearMonthSchema.optional().describe('Absent for the post held now'),
          what: nonBlankText(200).describe('单位及职务'),
        }),
      )
      .max(60)
      .default([])
      .describe('简历, earliest first'),
    rewardsAndPunishments: z.string().trim().max(2000).optional().describe('奖惩情况'),
    annualAssessments: z
      .array(z.object({ year: z.number().int().min(1950).max(2100), grade: z.enum(appraisalGrades) }))
      .max(10)
      .default([])
      .describe('年度考核结果, the last years'),
  })
  .describe('The personal facts of the appointment approval form (干部任免审批表)');
export type PersonalFacts = z.infer<typeof personalFactsSchema>;
