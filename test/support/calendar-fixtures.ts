import { weekdayOf } from '../../domain/dates';
import type { YearSchedule } from '../../domain/holiday-schedule';

/**
 * TEST DATA — NOT a State Council holiday notice. Invented for the calendar tests (the built-in calendar,
 * chinese-days, has no notice for 2027, and none was published when this was written): 元旦 off
 * `year`-01-01 … 01-03, the other statutory days the schedule schema requires (05-01, 10-01), and one
 * make-up workday, the first Saturday of February, away from the windows under test. Never load it into a
 * real service.
 */
export function testSchedule(year: number): YearSchedule {
  const firstSaturdayOfFebruary = [1, 2, 3, 4, 5, 6, 7]
    .map((day) => `${year}-02-0${day}`)
    .find((date) => weekdayOf(date) === 6) as string;
  return {
    year,
    holidays: [`${year}-01-01`, `${year}-01-02`, `${year}-01-03`, `${year}-05-01`, `${year}-10-01`],
    makeUpWorkdays: [firstSaturdayOfFebruary],
    source: 'test fixture',
  };
}

/** TEST DATA (see testSchedule): 2027-01-01 … 01-03 off, Sat 2027-02-06 a make-up workday. */
export const TEST_SCHEDULE_2027: YearSchedule = testSchedule(2027);
