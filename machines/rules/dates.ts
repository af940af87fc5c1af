import { z } from 'zod';

/**
 * Date-only calendar arithmetic on ISO strings (YYYY-MM-DD). These values name a calendar day, not an
 * instant, so no timezone is involved and no clock is read: "today" is always an input.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parts(date: string): DateParts | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function format({ year, month, day }: DateParts): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function mustParse(date: IsoDate): DateParts {
  const p = parts(date);
  if (!p) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  return p;
}

/** A real calendar day written YYYY-MM-DD (2023-02-29 and 2024-13-01 are not). */
export function isIsoDate(value: string): boolean {
  return parts(value) !== undefined;
}

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'expected a calendar date written YYYY-MM-DD' });

/** Negative when a is earlier. Zero-padded ISO dates sort as text in calendar order. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The same day of the month `months` later. When that month has no such day (31 Jan + 1 month,
 * 29 Feb + 1 year), the result is the 1st of the following month: a period that began on a month's last
 * days runs through the end of the target month (《民法典》 art. 202: without a corresponding day, the
 * month's last day is the period's last day), so the next free day is the 1st.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = mustParse(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const target = { year: Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day };
  if (day <= daysInMonth(target.year, target.month)) return format(target);
  const next = monthIndex + 1;
  return format({ year: Math.floor(next / 12), month: (next % 12) + 1, day: 1 });
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = mustParse(date);
  // UTC is used only as a day counter here; no local time is involved. setUTCFullYear, unlike Date.UTC,
  // does not read years 0–99 as 1900–1999.
  const shifted = new Date(0);
  shifted.setUTCFullYear(year, month - 1, day + days);
  return format({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/** Whether `years` full years have passed from `since` to `asOf` (the anniversary itself counts). */
export function hasServedYears(since: IsoDate, asOf: IsoDate, years: number): boolean {
  return compareDates(asOf, addYears(since, years)) >= 0;
}
