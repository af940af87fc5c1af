import { describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from '../../domain/dates';
import { yearScheduleSchema } from '../../domain/holiday-schedule';
import {
  builtInCalendar,
  builtInIssues,
  calendarWith,
  coveredYears,
  isWorkingDay,
} from '../../machines/calendar';
import { hypothetical2027, notice2026, notice2026Weekdays } from './fixtures';

describe('the 2026 notice against chinese-days', () => {
  it('transcribes the notice with the weekdays the notice states', () => {
    for (const [date, weekday] of Object.entries(notice2026Weekdays))
      expect(weekdayOf(date), date).toBe(weekday);
    expect(yearScheduleSchema.parse(notice2026)).toEqual(notice2026);
  });

  it('finds the built-in 2026 data equal to the notice', () => {
    const builtIn = builtInCalendar.years[2026];
    expect([...(builtIn?.holidays ?? [])].sort()).toEqual([...notice2026.holidays].sort());
    expect([...(builtIn?.makeUpWorkdays ?? [])].sort()).toEqual([...notice2026.makeUpWorkdays].sort());
  });

  it('classifies every day of 2026 as the notice does', () => {
    for (let date = '2026-01-01'; date <= '2026-12-24'; date = addDays(date, 1)) {
      const weekday = weekdayOf(date);
      const working = notice2026.makeUpWorkdays.includes(date)
        ? true
        : !notice2026.holidays.includes(date) && weekday !== 0 && weekday !== 6;
      expect(isWorkingDay(builtInCalendar, date), date).toEqual({ working, covered: true });
    }
  });
});

describe('built-in coverage', () => {
  it('covers 2004–2026 with chinese-days 1.5.7 (update this when the package gains a year)', () => {
    expect(builtInIssues()).toEqual([]);
    expect(coveredYears(builtInCalendar)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it('files a next notice’s late-December days under that notice (2019: Sat 2018-12-29 worked)', () => {
    expect(builtInCalendar.years[2019]?.makeUpWorkdays).toContain('2018-12-29');
    expect(isWorkingDay(builtInCalendar, '2018-12-29')).toEqual({ working: true, covered: true });
    expect(isWorkingDay(builtInCalendar, '2018-12-31')).toEqual({ working: false, covered: true });
  });

  it('reports a day outside the data as not covered, with a weekends-only guess', () => {
    expect(isWorkingDay(builtInCalendar, '2003-10-01')).toEqual({ working: true, covered: false });
    // 2004's notice is known, but 2004-12-31 also needs the 2005 notice — which is known too.
    expect(isWorkingDay(builtInCalendar, '2004-12-31').covered).toBe(true);
    expect(isWorkingDay(builtInCalendar, '2003-12-31').covered).toBe(false);
  });
});

describe('YearSchedule', () => {
  const valid2019 = {
    year: 2019,
    holidays: ['2018-12-30', '2018-12-31', '2019-01-01', '2019-05-01', '2019-10-01'],
    makeUpWorkdays: ['2018-12-29'],
    source: 'excerpt of the 2019 notice',
  };

  it('accepts the previous year’s last days for 元旦', () => {
    expect(yearScheduleSchema.safeParse(valid2019).success).toBe(true);
  });

  it.each([
    ['an impossible date', { holidays: [...valid2019.holidays, '2019-02-30'] }, 'YYYY-MM-DD'],
    [
      'a date outside the notice',
      { holidays: [...valid2019.holidays, '2018-12-24'] },
      'outside the 2019 notice',
    ],
    ['a make-up workday on a weekday', { makeUpWorkdays: ['2019-02-01'] }, 'not a weekend day'],
    ['a day both off and worked', { makeUpWorkdays: ['2018-12-29', '2018-12-30'] }, 'listed twice'],
    [
      'a missing statutory holiday',
      { holidays: ['2019-01-01', '2019-05-01'] },
      '2019-10-01 is a statutory holiday',
    ],
    ['an empty source', { source: ' ' }, ''],
  ])('refuses %s', (_, change, message) => {
    const result = yearScheduleSchema.safeParse({ ...valid2019, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('\n')).toContain(message);
  });
});

describe('calendarWith', () => {
  it('adds a loaded year and replaces a built-in one', () => {
    const calendar = calendarWith([
      hypothetical2027,
      // A corrected 2026 that (hypothetically) drops the Qingming break: it replaces the whole year.
      { ...notice2026, holidays: notice2026.holidays.filter((d) => !d.startsWith('2026-04-0')) },
    ]);
    expect(coveredYears(calendar)).toContain(2027);
    expect(isWorkingDay(calendar, '2027-01-01')).toEqual({ working: false, covered: true });
    expect(isWorkingDay(calendar, '2026-04-06')).toEqual({ working: true, covered: true });
    expect(isWorkingDay(builtInCalendar, '2026-04-06')).toEqual({ working: false, covered: true });
  });

  it('lets a later schedule for the same year win', () => {
    const again = { ...hypothetical2027, holidays: [...hypothetical2027.holidays, '2027-01-04'] };
    expect(isWorkingDay(calendarWith([hypothetical2027, again]), '2027-01-04').working).toBe(false);
  });

  it('validates what it loads and returns a frozen calendar', () => {
    expect(() => calendarWith([{ ...hypothetical2027, holidays: ['2027-13-01'] }])).toThrow();
    const calendar = calendarWith([hypothetical2027]);
    expect(Object.isFrozen(calendar.years)).toBe(true);
    expect(Object.isFrozen(builtInCalendar.years[2026]?.holidays)).toBe(true);
  });
});
