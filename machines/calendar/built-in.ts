// The data object, not the package's functions: its isWorkday() treats a year it has no notice for as
// weekends-only, silently. Reading the data ourselves makes a year's coverage explicit.
import data from 'chinese-days/dist/chinese-days.json';
import pkg from 'chinese-days/package.json';
import {
  chineseDaysDataSchema,
  noticeYearsOf,
  type YearSchedule,
  yearScheduleSchema,
} from '../../domain/holiday-schedule';

const SOURCE = `chinese-days ${pkg.version} (State Council notices as entered by the package)`;

/** The notice year a date belongs to: late-December entries are the next year's 元旦 arrangement. */
function noticeYearOf(date: string): number {
  const years = noticeYearsOf(date);
  return years[years.length - 1] as number;
}

function interpret(): { schedules: YearSchedule[]; issues: string[] } {
  const parsed = chineseDaysDataSchema.parse(data);
  const byYear = new Map<number, { holidays: string[]; makeUpWorkdays: string[] }>();
  const entry = (year: number) => {
    let found = byYear.get(year);
    if (!found) {
      found = { holidays: [], makeUpWorkdays: [] };
      byYear.set(year, found);
    }
    return found;
  };
  for (const date of Object.keys(parsed.holidays)) entry(noticeYearOf(date)).holidays.push(date);
  for (const date of Object.keys(parsed.workdays)) entry(noticeYearOf(date)).makeUpWorkdays.push(date);

  // A year the package holds only partly (e.g. only a next notice's late-December days) fails the schema
  // and is left out, so it reads as not covered instead of as a year without holidays.
  const schedules: YearSchedule[] = [];
  const issues: string[] = [];
  for (const [year, days] of [...byYear].sort(([a], [b]) => a - b)) {
    const result = yearScheduleSchema.safeParse({
      year,
      holidays: days.holidays.sort(),
      makeUpWorkdays: days.makeUpWorkdays.sort(),
      source: SOURCE,
    });
    if (result.success) schedules.push(result.data);
    else issues.push(`${year}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  }
  return { schedules, issues };
}

// Interpreted on first use, not at load: every workflow evaluates this module (the SDK re-runs the bundle
// per workflow), and most never consult the calendar (`npm run bench` measured it at ~13% of a start).
let interpreted: ReturnType<typeof interpret> | undefined;
const built = () => {
  interpreted ??= interpret();
  return interpreted;
};

/** The years chinese-days has a full notice for, as YearSchedules. */
export const builtInSchedules = (): readonly YearSchedule[] => built().schedules;

/** Years of the package's data that were left out, and why (expected empty; a test checks it). */
export const builtInIssues = (): readonly string[] => built().issues;
