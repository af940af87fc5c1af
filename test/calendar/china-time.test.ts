import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  addDays,
  chinaDateOf,
  daysBetween,
  endOfChinaDay,
  isIsoDate,
  startOfChinaDay,
  weekdayOf,
} from '../../domain/dates';

describe('chinaDateOf', () => {
  it('reads the date in China time (UTC+8), not UTC', () => {
    // 23:30 China = 15:30 UTC the same day.
    expect(chinaDateOf('2026-03-09T15:30:00Z')).toBe('2026-03-09');
    // 00:05 China on the 10th is still the 9th in UTC.
    expect(chinaDateOf('2026-03-09T16:05:00Z')).toBe('2026-03-10');
    expect(chinaDateOf('2026-03-10T00:05:00+08:00')).toBe('2026-03-10');
    expect(chinaDateOf(Date.UTC(2026, 2, 9, 16, 5))).toBe('2026-03-10');
    // Year boundary.
    expect(chinaDateOf('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
    expect(chinaDateOf('2026-12-31T15:59:59.999Z')).toBe('2026-12-31');
  });

  it('refuses instants it cannot place without the host time zone, and impossible ones', () => {
    for (const bad of [
      '2026-03-09T15:30:00',
      '2026-02-30T00:00:00Z',
      '2026-03-09T24:00:00Z',
      '2026-03-09',
      'soon',
    ]) {
      expect(() => chinaDateOf(bad), bad).toThrow(RangeError);
    }
    expect(() => chinaDateOf(Number.NaN)).toThrow(RangeError);
  });
});

describe('start and end of a China day', () => {
  it('ends a day at the start of the next China day (exclusive), which is 16:00 UTC', () => {
    expect(startOfChinaDay('2026-02-25')).toBe('2026-02-24T16:00:00.000Z');
    expect(endOfChinaDay('2026-02-25')).toBe('2026-02-25T16:00:00.000Z');
    expect(endOfChinaDay('2026-12-31')).toBe('2026-12-31T16:00:00.000Z');
    const end = Date.parse(endOfChinaDay('2026-02-25'));
    expect(chinaDateOf(end - 1)).toBe('2026-02-25');
    expect(chinaDateOf(end)).toBe('2026-02-26');
  });
});

describe('date arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-12', '2026-02-25')).toBe(13);
    expect(() => addDays('2026-02-29', 1)).toThrow(RangeError);
  });

  it('knows weekdays (0 = Sunday)', () => {
    expect(weekdayOf('2026-01-01')).toBe(4);
    expect(weekdayOf('2026-02-14')).toBe(6);
    expect(weekdayOf('2026-03-09')).toBe(1);
  });

  it('validates calendar dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
});

describe('addCalendarMonths (probation: one year from the notice)', () => {
  it('keeps the China wall-clock date and time', () => {
    expect(addCalendarMonths('2026-03-10T01:00:00Z', 12)).toBe('2027-03-10T01:00:00.000Z');
    expect(addCalendarMonths('2026-03-10T01:00:00Z', -1)).toBe('2026-02-10T01:00:00.000Z');
  });

  it('clamps to the last day of a shorter month', () => {
    // 2028-02-29 10:00 China → 2029-02-28 10:00 China.
    expect(addCalendarMonths('2028-02-29T02:00:00Z', 12)).toBe('2029-02-28T02:00:00.000Z');
    // 2026-01-31 → 2026-02-28; 2028-01-31 → 2028-02-29.
    expect(chinaDateOf(addCalendarMonths('2026-01-31T02:00:00Z', 1))).toBe('2026-02-28');
    expect(chinaDateOf(addCalendarMonths('2028-01-31T02:00:00Z', 1))).toBe('2028-02-29');
  });

  it('clamps by the China date, not the UTC date', () => {
    // 00:30 China on 2028-03-01 (UTC still 02-29): no clamping, one year on is 2029-03-01 00:30 China.
    expect(addCalendarMonths('2028-02-29T16:30:00Z', 12)).toBe('2029-02-28T16:30:00.000Z');
    // 00:30 China on 2028-02-29 (UTC 02-28): clamps to 2029-02-28 00:30 China.
    expect(addCalendarMonths('2028-02-28T16:30:00Z', 12)).toBe('2029-02-27T16:30:00.000Z');
  });

  it('takes epoch milliseconds too and refuses fractional months', () => {
    expect(addCalendarMonths(Date.UTC(2026, 2, 10, 1), 12)).toBe('2027-03-10T01:00:00.000Z');
    expect(() => addCalendarMonths('2026-03-10T01:00:00Z', 1.5)).toThrow(RangeError);
  });
});
