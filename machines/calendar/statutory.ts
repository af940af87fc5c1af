import lunar from 'chinese-days/dist/index.min.js';
import { addDays, type ChinaDate, isIsoDate } from '../../domain/dates';

/**
 * The statutory holidays (法定节假日) as the law fixes them, before any State Council notice arranges the
 * year: 《全国年节及纪念日放假办法》 art. 2, as revised by 国务院令第795号 (2024-11-10, in force 2025-01-01):
 *   元旦 1 day (1 Jan); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day (农历清明当日);
 *   劳动节 2 days (5月1日、2日); 端午节 1 day (农历端午当日); 中秋节 1 day (农历中秋当日);
 *   国庆节 3 days (10月1日至3日).
 * The notice later adds bridges (调休) and make-up working days; those stay unknown until it is loaded,
 * so a window computed from these days alone is still provisional (machines/calendar/publicity.ts).
 *
 * The lunar dates come from chinese-days' lunar calendar (a maintained package; the same one whose
 * notice data the built-in calendar reads). Its functions read and format dates with the process's local
 * time while parsing strings as UTC, so west of UTC they answer a day early: dates go in as local `Date`s,
 * and the solar term's answer is corrected. A test runs this under several TZ settings.
 *
 * Only for years under the 2024 revision (2025 on): the built-in data covers every earlier year, and the
 * older law had fewer days (春节 3, 劳动节 1).
 */
const FIRST_YEAR_OF_2024_REVISION = 2025;

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (year: number, month: number, day: number) => new Date(year, month - 1, day);

/** The solar date of a lunar month/day in lunar year `year` (not a leap month). */
function solarOfLunar(year: number, month: number, day: number): ChinaDate {
  const { date } = lunar.getSolarDateFromLunar(localDate(year, month, day));
  if (!isIsoDate(date)) throw new Error(`chinese-days gave no date for lunar ${year}-${month}-${day}`);
  return date;
}

/** Whether this process reads a UTC midnight as the previous local day (a time zone west of UTC). */
const westOfUtc = () => new Date(Date.UTC(2000, 0, 1)).getDate() !== 1;

/** 清明: the day of the solar term 清明 (pure brightness), in April. */
function qingming(year: number): ChinaDate {
  const reported = lunar.getSolarTermDate(year, 4, 'pure_brightness');
  if (!isIsoDate(reported)) throw new Error(`chinese-days gave no 清明 for ${year}`);
  return westOfUtc() ? addDays(reported, 1) : reported;
}

interface StatutoryHoliday {
  date: ChinaDate;
  name: { zh: string; en: string };
}

/** The year's statutory days off under the 2024 revision, in date order. */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR_OF_2024_REVISION || year > 2099) {
    throw new RangeError(`statutory holidays are computed for ${FIRST_YEAR_OF_2024_REVISION}–2099: ${year}`);
  }
  const fixed = (month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
  const springFestival = solarOfLunar(year, 1, 1);
  const days: StatutoryHoliday[] = [
    { date: fixed(1, 1), name: { zh: '元旦', en: "New Year's Day" } },
    { date: addDays(springFestival, -1), name: { zh: '春节（除夕）', en: 'Spring Festival (eve)' } },
    ...[0, 1, 2].map((n) => ({
      date: addDays(springFestival, n),
      name: { zh: `春节（正月初${'一二三'[n]}）`, en: `Spring Festival (day ${n + 1})` },
    })),
    { date: qingming(year), name: { zh: '清明节', en: 'Tomb-sweeping Day' } },
    { date: fixed(5, 1), name: { zh: '劳动节', en: 'Labour Day' } },
    { date: fixed(5, 2), name: { zh: '劳动节', en: 'Labour Day' } },
    { date: solarOfLunar(year, 5, 5), name: { zh: '端午节', en: 'Dragon Boat Festival' } },
    { date: solarOfLunar(year, 8, 15), name: { zh: '中秋节', en: 'Mid-autumn Festival' } },
    ...[1, 2, 3].map((d) => ({ date: fixed(10, d), name: { zh: '国庆节', en: 'National Day' } })),
  ];
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const cache = new Map<number, ReadonlySet<ChinaDate>>();

/** Whether `date` is a statutory day off of its own year (2025 on); memoised per year. */
export function isStatutoryHoliday(date: ChinaDate): boolean {
  const year = Number(date.slice(0, 4));
  if (year < FIRST_YEAR_OF_2024_REVISION || year > 2099) return false;
  let days = cache.get(year);
  if (!days) {
    days = new Set(statutoryHolidays(year).map((d) => d.date));
    cache.set(year, days);
  }
  return days.has(date);
}
