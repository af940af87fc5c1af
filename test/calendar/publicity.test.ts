import { describe, expect, it } from 'vitest';
import { endOfChinaDay } from '../../domain/dates';
import { calendarWith, publicityWindow } from '../../machines/calendar';
import { calendarUpTo2026, hypothetical2027, notice2026 } from './fixtures';

// The 2026 notice itself, loaded as an operator would: expected dates below follow from it, not from
// chinese-days (which agrees; see schedule.test.ts).
const calendar = calendarWith([notice2026], calendarUpTo2026);
const fiveDays = { workingDays: 5, publicationDayCounts: true };

describe('publicity window over the 2026 notice', () => {
  it('runs across Spring Festival, counting the make-up Saturday', () => {
    // Thu 02-12, Fri 02-13, Sat 02-14 (上班), 02-15…02-23 off, Tue 02-24, Wed 02-25.
    const window = publicityWindow(calendar, { publishedAt: '2026-02-12T02:00:00Z', ...fiveDays });
    expect(window).toEqual({
      opensOn: '2026-02-12',
      lastWorkingDay: '2026-02-25',
      closesAt: '2026-02-25T16:00:00.000Z', // 2026-02-26 00:00 China
      workingDaysCounted: ['2026-02-12', '2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25'],
      provisional: false,
      uncoveredYears: [],
    });
  });

  it('runs across National Day, counting the make-up Saturday 10-10', () => {
    // Tue 09-29, Wed 09-30, 10-01…10-07 off, Thu 10-08, Fri 10-09, Sat 10-10 (上班).
    const window = publicityWindow(calendar, { publishedAt: '2026-09-29T01:00:00Z', ...fiveDays });
    expect(window.workingDaysCounted).toEqual([
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
    expect(window.closesAt).toBe(endOfChinaDay('2026-10-10'));
    expect(window.closesAt).toBe('2026-10-10T16:00:00.000Z');
  });

  it('counts exactly five days in an ordinary week: Mon → end of Fri', () => {
    const window = publicityWindow(calendar, { publishedAt: '2026-03-09T01:00:00Z', ...fiveDays });
    expect(window.workingDaysCounted).toEqual([
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
    ]);
    expect(window.closesAt).toBe('2026-03-13T16:00:00.000Z');
    const six = publicityWindow(calendar, {
      publishedAt: '2026-03-09T01:00:00Z',
      workingDays: 6,
      publicationDayCounts: true,
    });
    expect(six.lastWorkingDay).toBe('2026-03-16');
    const one = publicityWindow(calendar, {
      publishedAt: '2026-03-09T01:00:00Z',
      workingDays: 1,
      publicationDayCounts: true,
    });
    expect(one.closesAt).toBe(endOfChinaDay('2026-03-09'));
  });

  it('does not count a publication day that is a weekend day', () => {
    const window = publicityWindow(calendar, { publishedAt: '2026-03-07T02:00:00Z', ...fiveDays });
    expect(window.opensOn).toBe('2026-03-07');
    expect(window.workingDaysCounted).toEqual([
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
    ]);
  });

  it('does not count a publication day that is a holiday', () => {
    // Fri 05-01 off; 05-06, 05-07, 05-08, Sat 05-09 (上班), Mon 05-11.
    const window = publicityWindow(calendar, { publishedAt: '2026-05-01T02:00:00Z', ...fiveDays });
    expect(window.workingDaysCounted).toEqual([
      '2026-05-06',
      '2026-05-07',
      '2026-05-08',
      '2026-05-09',
      '2026-05-11',
    ]);
    expect(window.closesAt).toBe('2026-05-11T16:00:00.000Z');
  });

  it('counts a publication day that is a make-up Saturday', () => {
    const window = publicityWindow(calendar, { publishedAt: '2026-02-14T02:00:00Z', ...fiveDays });
    expect(window.workingDaysCounted).toEqual([
      '2026-02-14',
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
    ]);
  });

  it('skips a working publication day when the policy says it does not count', () => {
    const window = publicityWindow(calendar, {
      publishedAt: '2026-03-09T01:00:00Z',
      workingDays: 5,
      publicationDayCounts: false,
    });
    expect(window.opensOn).toBe('2026-03-09');
    expect(window.workingDaysCounted).toEqual([
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-16',
    ]);
    expect(window.closesAt).toBe('2026-03-16T16:00:00.000Z');
  });

  it('takes the China date of a late-evening publication (23:30 China = 15:30 UTC)', () => {
    // Fri 02-13 23:30 China: the 13th still counts, then Sat 02-14 (上班), 02-24, 02-25, 02-26.
    const window = publicityWindow(calendar, { publishedAt: '2026-02-13T15:30:00Z', ...fiveDays });
    expect(window.opensOn).toBe('2026-02-13');
    expect(window.workingDaysCounted).toEqual([
      '2026-02-13',
      '2026-02-14',
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
    ]);
  });

  it('takes the China date of a publication just after midnight China time (the previous day in UTC)', () => {
    // 2026-03-09T16:05Z is Mon 03-09 in UTC but Tue 03-10 00:05 in China: counting starts on Tuesday.
    const window = publicityWindow(calendar, { publishedAt: '2026-03-09T16:05:00Z', ...fiveDays });
    expect(window.opensOn).toBe('2026-03-10');
    expect(window.workingDaysCounted).toEqual([
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-16',
    ]);
    expect(window.closesAt).toBe('2026-03-16T16:00:00.000Z');
  });

  it('refuses a window of no working days and a publication time without an offset', () => {
    expect(() =>
      publicityWindow(calendar, {
        publishedAt: '2026-03-09T01:00:00Z',
        workingDays: 0,
        publicationDayCounts: true,
      }),
    ).toThrow(RangeError);
    expect(() => publicityWindow(calendar, { publishedAt: '2026-03-09T09:00:00', ...fiveDays })).toThrow(
      RangeError,
    );
  });
});

describe('publicity window reaching a year without a notice', () => {
  const acrossNewYear = { publishedAt: '2026-12-29T02:00:00Z', ...fiveDays };

  it("is provisional, names the year, and guesses weekends only under the first edition's reading", () => {
    const window = publicityWindow(calendar, { ...acrossNewYear, uncoveredReading: 'weekends' });
    expect(window.provisional).toBe(true);
    expect(window.uncoveredYears).toEqual([2027]);
    // Fri 2027-01-01 counted as working: the weekends-only guess, wrong for 元旦 — hence the flag.
    expect(window.workingDaysCounted).toEqual([
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-04',
    ]);
    expect(window.closesAt).toBe('2027-01-04T16:00:00.000Z');
  });

  it('is provisional even within late December, which the next notice may arrange for 元旦', () => {
    const lateDecember = publicityWindow(calendar, { publishedAt: '2026-12-21T02:00:00Z', ...fiveDays });
    expect(lateDecember.lastWorkingDay).toBe('2026-12-25');
    expect(lateDecember.uncoveredYears).toEqual([2027]);
    const midDecember = publicityWindow(calendar, { publishedAt: '2026-12-14T02:00:00Z', ...fiveDays });
    expect(midDecember.lastWorkingDay).toBe('2026-12-18');
    expect(midDecember.provisional).toBe(false);
  });

  it('becomes final once an operator loads the year, and moves with its holidays', () => {
    const loaded = calendarWith([hypothetical2027], calendar);
    const window = publicityWindow(loaded, acrossNewYear);
    expect(window).toMatchObject({ provisional: false, uncoveredYears: [] });
    // 2027-01-01…03 off in the loaded schedule: the fifth day moves from Mon 01-04 to Tue 01-05.
    expect(window.workingDaysCounted).toEqual([
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-04',
      '2027-01-05',
    ]);
    expect(window.closesAt).toBe('2027-01-05T16:00:00.000Z');
  });

  it('does not flag a year it never consults', () => {
    // Published on an uncovered day that does not count: only the covered days after it are consulted.
    const past = calendarWith([notice2026], { years: {} });
    const window = publicityWindow(past, {
      publishedAt: '2025-12-31T02:00:00Z',
      workingDays: 5,
      publicationDayCounts: false,
    });
    // 01-01…03 off, Sun 01-04 上班 (make-up), then Mon 01-05 on.
    expect(window.workingDaysCounted).toEqual([
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
    ]);
    expect(window.provisional).toBe(false);
  });

  it('fails loudly when a loaded schedule leaves no working days', () => {
    const allOff = { ...hypothetical2027, holidays: [] as string[] };
    for (let day = 0; day < 365; day++) {
      allOff.holidays.push(new Date(Date.UTC(2027, 0, 1 + day)).toISOString().slice(0, 10));
    }
    const blocked = calendarWith([allOff], calendar);
    expect(() => publicityWindow(blocked, { publishedAt: '2027-01-04T02:00:00Z', ...fiveDays })).toThrow(
      /no 5 working days/,
    );
  });
});
