/**
 * Calendar dates and instants in China time (Asia/Shanghai).
 *
 * China has observed no daylight saving time since 1991, so Asia/Shanghai is a fixed UTC+8 for every
 * date this service handles. Using the fixed offset (instead of Intl time-zone data) keeps the math pure
 * and deterministic inside the Temporal workflow sandbox: no clock, no host time-zone database.
 *
 * A date is a China calendar date 'YYYY-MM-DD'. An instant is an ISO 8601 string that states its offset
 * ('Z' or ±HH:MM) or epoch milliseconds; an ISO string without an offset is refused, because the runtime
 * would read it in the host's zone.
 */

export type ChinaDate = string;
export type Instant = string | number;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

type Ymd = { year: number; month: number; day: number };

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseYmd(date: string): Ymd | undefined {
  const match = DATE_RE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Years below 1000 would hit Date.UTC's two-digit-year rule; no case predates the PRC anyway.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isChinaDate(value: string): boolean {
  return parseYmd(value) !== undefined;
}

export function parseChinaDate(date: ChinaDate): Ymd {
  const ymd = parseYmd(date);
  if (!ymd) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return ymd;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatYmd({ year, month, day }: Ymd): ChinaDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Days since 1970-01-01 of a calendar date: the unit for date arithmetic. */
function dayNumber(date: ChinaDate): number {
  const { year, month, day } = parseChinaDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(n: number): ChinaDate {
  const d = new Date(n * DAY_MS);
  return formatYmd({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function toEpochMs(instant: Instant): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) throw new RangeError(`not an instant: ${instant}`);
    return instant;
  }
  const match = INSTANT_RE.exec(instant);
  // The runtime accepts 2026-02-30 and rolls it over; check the date part ourselves.
  const ms = match?.[1] && isChinaDate(match[1]) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`not an ISO 8601 instant with an offset: ${JSON.stringify(instant)}`);
  }
  return ms;
}

const toIso = (ms: number): string => new Date(ms).toISOString();

/** The China calendar date on which an instant falls. */
export function chinaDateOf(instant: Instant): ChinaDate {
  const wall = new Date(toEpochMs(instant) + CHINA_OFFSET_MS);
  return formatYmd({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() });
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

export function addDays(date: ChinaDate, days: number): ChinaDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: ChinaDate, to: ChinaDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekdayOf(date: ChinaDate): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
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
  return toIso(Date.UTC(year, month - 1, day) + timeOfDay - CHINA_OFFSET_MS);
}
