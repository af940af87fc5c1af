import { z } from 'zod';

/**
 * Calendar dates and instants, in China time (Asia/Shanghai): the one date module of the project.
 *
 * China has observed no daylight saving time since 1991, so Asia/Shanghai is a fixed UTC+8 for every
 * date this service handles. Using the fixed offset (instead of Intl time-zone data) keeps the math pure
 * and deterministic inside the Temporal workflow sandbox: no clock, no host time-zone database; "today"
 * is always an input.
 *
 * A date is a calendar date 'YYYY-MM-DD' (a China date where it names a day something happened). An
 * instant is an ISO 8601 string that states its offset ('Z' or ±HH:MM) or epoch milliseconds; an ISO
 * string without an offset is refused, because the runtime would read it in the host's zone.
 */

export type IsoDate = string;
export type ChinaDate = IsoDate;
export type Instant = string | number;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

type Ymd = { year: number; month: number; day: number };

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parseYmd(date: string): Ymd | undefined {
  const match = DATE_RE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** A real calendar day written YYYY-MM-DD (2023-02-29 and 2024-13-01 are not). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseYmd(value) !== undefined;
}

export function parseChinaDate(date: ChinaDate): Ymd {
  const ymd = parseYmd(date);
  if (!ymd) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return ymd;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatYmd({ year, month, day }: Ymd): IsoDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Epoch ms of UTC midnight of a y/m/d; setUTCFullYear, unlike Date.UTC, does not read 0–99 as 19xx. */
function utcMidnight(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

/** Days since 1970-01-01 of a calendar date: the unit for date arithmetic. */
function dayNumber(date: IsoDate): number {
  const { year, month, day } = parseChinaDate(date);
  return utcMidnight(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * DAY_MS);
  return formatYmd({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

function toEpochMs(instant: Instant): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) throw new RangeError(`not an instant: ${instant}`);
    return instant;
  }
  const match = INSTANT_RE.exec(instant);
  // The runtime accepts 2026-02-30 and rolls it over; check the date part ourselves.
  const ms = match?.[1] && isIsoDate(match[1]) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`not an ISO 8601 instant with an offset: ${JSON.stringify(instant)}`);
  }
  return ms;
}

/** Epoch ms of an ISO instant with an offset, or undefined when it is not one. */
export function instantMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return toEpochMs(value);
  } catch {
    return undefined;
  }
}

const toIso = (ms: number): string => new Date(ms).toISOString();

/** The China calendar date on which an instant falls. */
export function chinaDateOf(instant: Instant): ChinaDate {
  const wall = new Date(toEpochMs(instant) + CHINA_OFFSET_MS);
  return formatYmd({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() });
}

/** "2027-03-01 08:00": an instant in China time, to the minute, for people reading the UI or a record. */
export function formatChinaDateTime(instant: Instant): string {
  const wall = new Date(toEpochMs(instant) + CHINA_OFFSET_MS).toISOString();
  return `${chinaDateOf(instant)} ${wall.slice(11, 16)}`;
}

/** The instant (ISO, UTC) at which a China date begins: 00:00 China time = 16:00 UTC the day before. */
export function startOfChinaDay(date: ChinaDate): string {
  return toIso(dayNumber(date) * DAY_MS - CHINA_OFFSET_MS);
}

/**
 * The instant (ISO, UTC) at which a China date ends, as an EXCLUSIVE bound: the start of the next China
 * day. A window that "closes at the end of" a date is open for every instant < this one and closed from
 * it on, so a timer armed for it fires exactly when the window closes, with no 1 ms gap to reason about.
 */
export function endOfChinaDay(date: ChinaDate): string {
  return startOfChinaDay(addDays(date, 1));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekdayOf(date: IsoDate): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

/** Negative when a is earlier. Zero-padded ISO dates sort as text in calendar order. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The same day of the month `months` later, for periods the rules count in months (influence periods,
 * years in post). When that month has no such day (31 Jan + 1 month, 29 Feb + 1 year), the result is the
 * 1st of the following month: a period that began on a month's last days runs through the end of the
 * target month (《民法典》 art. 202: without a corresponding day, the month's last day is the period's last
 * day), so the next free day is the 1st.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseChinaDate(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const target = { year: Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day };
  if (day <= daysInMonth(target.year, target.month)) return formatYmd(target);
  const next = monthIndex + 1;
  return formatYmd({ year: Math.floor(next / 12), month: (next % 12) + 1, day: 1 });
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Whether `years` full years have passed from `since` to `asOf` (the anniversary itself counts). */
export function hasServedYears(since: IsoDate, asOf: IsoDate, years: number): boolean {
  return compareDates(asOf, addYears(since, years)) >= 0;
}

/**
 * The instant `months` calendar months after `instant`, on China wall-clock time: same time of day, same
 * day of month. When the target month is shorter, the day clamps to its last day (2028-02-29 + 12 months →
 * 2029-02-28; 01-31 + 1 month → 02-28 or 02-29), so the result never spills into the following month —
 * the reading of "one year from the notice date" that never gives a probation longer than a year.
 */
export function addCalendarMonths(instant: Instant, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const wallMs = toEpochMs(instant) + CHINA_OFFSET_MS;
  const wall = new Date(wallMs);
  const timeOfDay = wallMs - Math.floor(wallMs / DAY_MS) * DAY_MS;
  const monthIndex = wall.getUTCFullYear() * 12 + wall.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(wall.getUTCDate(), daysInMonth(year, month));
  return toIso(utcMidnight(year, month - 1, day) + timeOfDay - CHINA_OFFSET_MS);
}

// ---- when a step happened ----

/** A China wall-clock time without an offset: 2026-12-01T09:30 (or with a space, 2026-12-01 09:30). */
const CHINA_WALL_TIME_RE = /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(\.\d{1,9})?)?$/;

/**
 * When a step happened, as a caller may write it, read: its China date, the instant the service uses for
 * it (for a date alone, the start of that China day) and how precisely it was stated. A date is enough
 * where the time does not matter; a time without an offset is China time (+08:00).
 */
export interface OccurredAt {
  day: ChinaDate;
  ms: number;
  precision: 'day' | 'instant';
}

export function readOccurredAt(value: unknown): OccurredAt | undefined {
  if (typeof value !== 'string') return undefined;
  if (isIsoDate(value)) return { day: value, ms: Date.parse(startOfChinaDay(value)), precision: 'day' };
  const wall = CHINA_WALL_TIME_RE.exec(value);
  if (wall) {
    const [, date, hh, mm, ss = '00', fraction = ''] = wall;
    const ms = instantMs(`${date}T${hh}:${mm}:${ss}${fraction}+08:00`);
    return ms === undefined ? undefined : { day: chinaDateOf(ms), ms, precision: 'instant' };
  }
  const ms = instantMs(value);
  return ms === undefined ? undefined : { day: chinaDateOf(ms), ms, precision: 'instant' };
}

/** A step's time for people: its China date alone when only the date was stated, else date and minute. */
export function formatOccurredAt(occurred: OccurredAt): string {
  return occurred.precision === 'day' ? occurred.day : formatChinaDateTime(occurred.ms);
}

// ---- schemas ----

/**
 * A day that exists, written YYYY-MM-DD, from year 1 on (isIsoDate's days): zod's date format (which the
 * API's document states as `format: date`) without year 0000, which no calendar here counts from.
 */
const calendarDate = (message?: string) =>
  z.iso.date(message ? { error: message } : undefined).regex(/^(?!0000-)/, message ?? 'a year from 0001 on');

/** A calendar date a caller writes: YYYY-MM-DD, a day that exists. */
export const isoDateSchema = calendarDate().describe('A calendar date, YYYY-MM-DD (China time)');
/** A calendar date inside the rules' facts, with the rules' own message. */
export const factDateSchema = calendarDate('expected a calendar date written YYYY-MM-DD');
/** A date inside a holiday schedule. */
export const chinaDateSchema = calendarDate('expected a calendar date YYYY-MM-DD');
export const isoInstantSchema = z.iso.datetime({ offset: true });
/** When a step happened: a China date, a China time, or an instant with its offset. */
export const occurredAtSchema = z
  .string()
  .refine((value) => readOccurredAt(value) !== undefined, {
    message:
      'expected a date YYYY-MM-DD, a China time YYYY-MM-DDTHH:mm[:ss], or an ISO instant with its offset',
  })
  .describe(
    'When the step happened: a date (2026-12-01), a China time (2026-12-01T09:30, +08:00) or an ISO instant with its offset. Absent: now',
  );
