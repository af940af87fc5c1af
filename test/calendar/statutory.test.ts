import { afterEach, describe, expect, it } from 'vitest';
import { builtInCalendar, calendarWith, coveredYears, publicityWindow } from '../../machines/calendar';
import { dayStatus } from '../../machines/calendar/calendar';
import { isStatutoryHoliday, statutoryHolidays } from '../../machines/calendar/statutory';
import { calendarUpTo2026, hypothetical2027 } from './fixtures';

const fiveDays = { workingDays: 5, publicationDayCounts: true };
const dates = (year: number) => statutoryHolidays(year).map((d) => d.date);

describe('statutory holidays fixed by law (全国年节及纪念日放假办法, 2024 revision)', () => {
  it('2027: 元旦, 除夕 to 初三, 清明, 1–2 May, 端午, 中秋, 1–3 Oct — 13 days', () => {
    expect(dates(2027)).toEqual([
      '2027-01-01',
      ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      ...['2027-10-01', '2027-10-02', '2027-10-03'],
    ]);
  });

  it('every statutory day of the years the law covers and the package has notices for is a day off in the notice', () => {
    const lawYears = coveredYears(builtInCalendar).filter((y) => y >= 2025);
    expect(lawYears.length).toBeGreaterThan(0);
    for (const year of lawYears) {
      const notice = builtInCalendar.years[year]?.holidays ?? [];
      for (const date of dates(year)) expect(notice, `${year}: ${date}`).toContain(date);
    }
  });

  describe('does not depend on the process time zone (chinese-days formats in local time)', () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });
    it.each(['UTC', 'Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'])(
      '%s',
      (tz) => {
        process.env.TZ = tz;
        expect(dates(2027)).toContain('2027-02-05');
        expect(dates(2027)).toContain('2027-04-05');
        expect(dates(2031)).toEqual(
          (() => {
            process.env.TZ = 'Asia/Shanghai';
            const reference = dates(2031);
            process.env.TZ = tz;
            return reference;
          })(),
        );
      },
    );
  });

  it('is computed only under the revision (2025 on); earlier years come from the notices', () => {
    expect(() => statutoryHolidays(2024)).toThrow(RangeError);
    expect(isStatutoryHoliday('2024-10-01')).toBe(false);
    expect(isStatutoryHoliday('2030-10-03')).toBe(true);
    expect(isStatutoryHoliday('2030-10-04')).toBe(false);
  });
});

describe('a year without its notice never counts a statutory holiday as a working day', () => {
  it("the issue's example: Mon 2026-12-28 with no 2027 data closes no earlier than the end of 2027-01-04, provisionally", () => {
    const window = publicityWindow(calendarUpTo2026, { publishedAt: '2026-12-28T01:00:00Z', ...fiveDays });
    expect(window.workingDaysCounted).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-04',
    ]);
    expect(window.closesAt).toBe('2027-01-04T16:00:00.000Z');
    expect(window).toMatchObject({ provisional: true, uncoveredYears: [2027] });
    // The first edition's reading closed it at the end of 元旦 itself.
    const before = publicityWindow(calendarUpTo2026, {
      publishedAt: '2026-12-28T01:00:00Z',
      ...fiveDays,
      uncoveredReading: 'weekends',
    });
    expect(before.closesAt).toBe('2027-01-01T16:00:00.000Z');
  });

  it('the same holds for the first year the installed chinese-days lacks, whichever that is', () => {
    const years = coveredYears(builtInCalendar);
    const missing = (years[years.length - 1] as number) + 1;
    for (const { date } of statutoryHolidays(missing)) {
      expect(dayStatus(builtInCalendar, date), date).toMatchObject({ working: false, covered: false });
    }
    // Spring Festival: a window over it skips all four days, and stays provisional.
    const eve = dates(missing)[1] as string;
    const window = publicityWindow(builtInCalendar, {
      publishedAt: `${eve}T01:00:00+08:00`,
      ...fiveDays,
    });
    expect(window.provisional).toBe(true);
    for (const day of dates(missing).slice(1, 5)) expect(window.workingDaysCounted).not.toContain(day);
  });

  it('is corrected when the notice is loaded: the loaded year decides, and the window is final', () => {
    const loaded = calendarWith([hypothetical2027], calendarUpTo2026);
    const window = publicityWindow(loaded, { publishedAt: '2026-12-28T01:00:00Z', ...fiveDays });
    expect(window).toMatchObject({ provisional: false, uncoveredYears: [] });
    // The hypothetical notice gives 01-01…03 off and no make-up day: Mon 01-04 is still the fifth day.
    expect(window.closesAt).toBe('2027-01-04T16:00:00.000Z');
    // A notice that (hypothetically) makes Sat 2027-01-02 a make-up day counts it: loading corrects.
    const withMakeUp = calendarWith(
      [
        {
          ...hypothetical2027,
          holidays: ['2027-01-01', '2027-05-01', '2027-10-01'],
          makeUpWorkdays: ['2027-01-02'],
        },
      ],
      calendarUpTo2026,
    );
    expect(publicityWindow(withMakeUp, { publishedAt: '2026-12-28T01:00:00Z', ...fiveDays }).closesAt).toBe(
      '2027-01-02T16:00:00.000Z',
    );
  });
});
