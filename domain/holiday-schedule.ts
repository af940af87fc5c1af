import { z } from 'zod';
import { type ChinaDate, chinaDateSchema, isIsoDate, parseChinaDate, weekdayOf } from './dates';

/**
 * One year's official holiday arrangement (国务院办公厅关于 YYYY 年部分节假日安排的通知), as data, so that
 * an operator can load a new year's notice without a release.
 *
 * - `holidays`: every day off the notice lists (放假), weekend days inside a break included.
 * - `makeUpWorkdays`: the weekend days the notice makes working days (调休上班).
 * Any other day is a working day when it is Monday–Friday.
 *
 * A notice for year Y may also arrange the last days of December of Y−1 for 元旦 (the 2019 notice made
 * Sat 2018-12-29 a working day and 2018-12-30/31 days off), so a schedule's dates may start on
 * (Y−1)-12-25; from that day on, a date is known only once both its own year's and the next year's
 * notices are.
 */
const NEXT_NOTICE_REACH = { month: 12, day: 25 } as const;

/** The years whose notices govern a date: its own, and the next one for the last days of December. */
export function noticeYearsOf(date: ChinaDate): number[] {
  const { year, month, day } = parseChinaDate(date);
  return month === NEXT_NOTICE_REACH.month && day >= NEXT_NOTICE_REACH.day ? [year, year + 1] : [year];
}

// Fixed-date days off under 《全国年节及纪念日放假办法》 in every version: a schedule lacking one of them is
// truncated or mistyped, not a real notice.
const STATUTORY_MONTH_DAYS = ['01-01', '05-01', '10-01'];

export const yearScheduleSchema = z
  .object({
    year: z.number().int().min(1950).max(9998),
    holidays: z.array(chinaDateSchema).min(1),
    makeUpWorkdays: z.array(chinaDateSchema),
    /** Where the data came from: the notice's number or address, or the package that carried it. */
    source: z.string().min(1).regex(/\S/, 'must not be blank').trim(),
  })
  .superRefine((schedule, ctx) => {
    const seen = new Set<string>();
    const check = (list: 'holidays' | 'makeUpWorkdays') =>
      schedule[list].forEach((date, index) => {
        const path = [list, index];
        if (!isIsoDate(date)) return; // already reported by chinaDateSchema
        if (!noticeYearsOf(date).includes(schedule.year)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `${date} is outside the ${schedule.year} notice (${schedule.year - 1}-12-25 … ${schedule.year}-12-31)`,
          });
        }
        if (seen.has(date)) ctx.addIssue({ code: 'custom', path, message: `${date} is listed twice` });
        seen.add(date);
        const weekday = weekdayOf(date);
        if (list === 'makeUpWorkdays' && weekday !== 0 && weekday !== 6) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `${date} is a make-up workday but not a weekend day`,
          });
        }
      });
    check('holidays');
    check('makeUpWorkdays');
    for (const monthDay of STATUTORY_MONTH_DAYS) {
      const date = `${schedule.year}-${monthDay}`;
      if (!schedule.holidays.includes(date)) {
        ctx.addIssue({ code: 'custom', path: ['holidays'], message: `${date} is a statutory holiday` });
      }
    }
  });

export type YearSchedule = z.output<typeof yearScheduleSchema>;

/**
 * The built-in data's shape: chinese-days keys its maps by date ('YYYY-MM-DD' → 'English name,中文名,days');
 * its `inLieuDays` only marks which holidays were swapped for a make-up day, so it adds nothing to
 * working-day status and is not read.
 */
export const chineseDaysDataSchema = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()),
});
