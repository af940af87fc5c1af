import { addDays, type ChinaDate, chinaDateOf, endOfChinaDay, type Instant } from '../../domain/dates';
import { type Calendar, dayStatus, type UncoveredYearReading } from './calendar';

export type PublicityWindowInput = {
  publishedAt: Instant;
  /** Working days the publicity must run (任前公示: at least 5). */
  workingDays: number;
  /** Whether the day of publication counts (it then still counts only when it is a working day). */
  publicationDayCounts: boolean;
  /** How a day of a year without its notice is read (calendar.ts); the law's holidays by default. */
  uncoveredReading?: UncoveredYearReading;
};

export type PublicityWindow = {
  /** China date on which the publicity went up; the window is open from `publishedAt`. */
  opensOn: ChinaDate;
  lastWorkingDay: ChinaDate;
  /** Exclusive end: the start of the China day after `lastWorkingDay` (see endOfChinaDay). */
  closesAt: string;
  workingDaysCounted: ChinaDate[];
  /** Some day consulted lies where the calendar lacks the notice: the dates are a weekends-only guess. */
  provisional: boolean;
  uncoveredYears: number[];
};

/**
 * The pre-appointment publicity window (任前公示): `workingDays` working days on the mainland calendar,
 * closing at the end of the last one. Every day consulted — the publication day when it may count, every
 * skipped holiday and weekend, every counted day — must be covered by a known notice, else the result
 * is provisional and names the missing notice years.
 */
export function publicityWindow(calendar: Calendar, input: PublicityWindowInput): PublicityWindow {
  const { publishedAt, workingDays, publicationDayCounts, uncoveredReading = 'statutory' } = input;
  if (!Number.isInteger(workingDays) || workingDays < 1) {
    throw new RangeError(`workingDays must be an integer ≥ 1: ${workingDays}`);
  }
  const opensOn = chinaDateOf(publishedAt);
  // Any real calendar has `workingDays` working days well within this span; a schedule that marks
  // everything off must fail loudly instead of looping.
  const maxDays = workingDays * 7 + 31;
  const counted: ChinaDate[] = [];
  const uncovered = new Set<number>();
  let date = publicationDayCounts ? opensOn : addDays(opensOn, 1);
  for (let scanned = 0; counted.length < workingDays; scanned++, date = addDays(date, 1)) {
    if (scanned >= maxDays) {
      throw new RangeError(`no ${workingDays} working days within ${maxDays} days from ${opensOn}`);
    }
    const status = dayStatus(calendar, date, uncoveredReading);
    for (const year of status.uncoveredYears) uncovered.add(year);
    if (status.working) counted.push(date);
  }
  const lastWorkingDay = counted[counted.length - 1] as ChinaDate;
  const uncoveredYears = [...uncovered].sort((a, b) => a - b);
  return {
    opensOn,
    lastWorkingDay,
    closesAt: endOfChinaDay(lastWorkingDay),
    workingDaysCounted: counted,
    provisional: uncoveredYears.length > 0,
    uncoveredYears,
  };
}
