import {
  addDays,
  chinaDateOf,
  endOfChinaDay,
  type Instant,
  type IsoDate,
  instantMs,
} from '../../domain/dates';

/**
 * The periods of 复核 and 申诉 (《公务员法》(2018) arts. 95–96), in calendar days, China time. A period "within
 * N days of" a step starts the day after it (《民法典》 art. 201: the day of the step is not counted), so its
 * last day is the step's China date + N, and it closes at the end of that day. A request or decision dated
 * on the last day is in time; one dated the day after is not.
 *
 * Not applied (doubtful, left to the lead): 《民法典》 art. 203 moves a last day that falls on a statutory
 * holiday to the day after the holiday; whether that reading governs these periods is not settled here.
 */
export interface Period {
  /** The last day of the period (inclusive). */
  lastDay: IsoDate;
  /** The instant the period closes (exclusive): the start of the day after its last day. */
  endsAt: string;
}

/** The period of `days` calendar days after the China day on which `from` happened. */
export function periodAfter(from: Instant, days: number): Period {
  const lastDay = addDays(chinaDateOf(from), days);
  return { lastDay, endsAt: endOfChinaDay(lastDay) };
}

/** The same period, lengthened by `days` more (an extended 申诉 deadline). */
export function extendedBy(period: Period, days: number): Period {
  const lastDay = addDays(period.lastDay, days);
  return { lastDay, endsAt: endOfChinaDay(lastDay) };
}

/** Whether a step dated `at` falls inside the period (an unreadable instant never does). */
export function withinPeriod(at: Instant, period: Period): boolean {
  const ms = typeof at === 'number' ? at : instantMs(at);
  return ms !== undefined && ms < Date.parse(period.endsAt);
}
