import { type ChinaDate, weekdayOf } from '../../domain/dates';
import { noticeYearsOf, type YearSchedule, yearScheduleSchema } from '../../domain/holiday-schedule';
import { builtInSchedules } from './built-in';
import { isStatutoryHoliday } from './statutory';

/**
 * The working-day calendar: one YearSchedule per notice year. A plain, JSON-serialisable object, so a
 * workflow can rebuild it from its input (the operator-loaded schedules) and show it in a query.
 */
export type Calendar = { readonly years: Readonly<Record<number, YearSchedule>> };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function overlay(base: Calendar, schedules: readonly YearSchedule[]): Calendar {
  const years: Record<number, YearSchedule> = { ...base.years };
  for (const schedule of schedules) years[schedule.year] = schedule;
  // Frozen because Temporal may share one module instance among workflows in a reused V8 context.
  return deepFreeze({ years });
}

let builtIn: Calendar | undefined;
/** chinese-days' data alone, built on first use (see built-in.ts). */
export const builtInCalendar: Calendar = {
  get years() {
    builtIn ??= overlay({ years: {} }, builtInSchedules());
    return builtIn.years;
  },
};

/**
 * `base` (the built-in data by default) overlaid with operator-loaded schedules: a loaded year replaces
 * the base's schedule for that year entirely; among `schedules`, a later one for the same year wins.
 * Each schedule is validated (zod) first; an invalid one throws.
 */
export function calendarWith(schedules: readonly unknown[], base: Calendar = builtInCalendar): Calendar {
  return overlay(
    base,
    schedules.map((s) => yearScheduleSchema.parse(s)),
  );
}

/** Notice years the calendar has a schedule for, ascending. */
export function coveredYears(calendar: Calendar): number[] {
  return Object.keys(calendar.years)
    .map(Number)
    .sort((a, b) => a - b);
}

export type DayStatus = {
  working: boolean;
  /** Every notice that governs this date is in the calendar. */
  covered: boolean;
  /** The notice years this date needs and the calendar lacks. */
  uncoveredYears: number[];
};

/**
 * How a day is read where its own year's notice is missing. `weekends`: the ordinary week (the first
 * edition's reading). `statutory`: the ordinary week without the days the law fixes
 * (machines/calendar/statutory.ts), from DOMAIN.md "Corrections and additions": such a year never counts
 * a statutory holiday as a working day. Either way the day stays uncovered (provisional).
 */
export type UncoveredYearReading = 'weekends' | 'statutory';

export function dayStatus(
  calendar: Calendar,
  date: ChinaDate,
  uncoveredReading: UncoveredYearReading = 'statutory',
): DayStatus {
  const years = noticeYearsOf(date);
  const uncoveredYears = years.filter((year) => !calendar.years[year]);
  // The later notice decides a late-December date when both mention it: it was issued last.
  for (const year of [...years].reverse()) {
    const schedule = calendar.years[year];
    if (schedule?.makeUpWorkdays.includes(date))
      return { working: true, covered: !uncoveredYears.length, uncoveredYears };
    if (schedule?.holidays.includes(date))
      return { working: false, covered: !uncoveredYears.length, uncoveredYears };
  }
  // No notice mentions it (or none is known): the ordinary week. For an uncovered year this is only
  // a guess, which `covered: false` says; its statutory days are known all the same.
  const ownYear = years[0] as number;
  if (uncoveredReading === 'statutory' && !calendar.years[ownYear] && isStatutoryHoliday(date)) {
    return { working: false, covered: false, uncoveredYears };
  }
  const weekday = weekdayOf(date);
  return { working: weekday !== 0 && weekday !== 6, covered: !uncoveredYears.length, uncoveredYears };
}

export function isWorkingDay(calendar: Calendar, date: ChinaDate): { working: boolean; covered: boolean } {
  const { working, covered } = dayStatus(calendar, date);
  return { working, covered };
}
