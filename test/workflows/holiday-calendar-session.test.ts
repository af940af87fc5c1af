import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import type { LoadYearInput } from '../../domain/holiday-calendar';
import { builtInCalendar, coveredYears } from '../../machines/calendar';
import { CalendarLoadForbidden, InvalidCalendarLoad } from '../../workflows/holiday-calendar/messages';
import { HolidayCalendarSession } from '../../workflows/holiday-calendar/session';
import { testSchedule } from '../support/calendar-fixtures';

/** The calendar entity's logic, without Temporal: what it accepts, holds, answers and carries over. */

const org = { id: 'od-zhang', role: 'organization_department' as const, name: '张处长' };
const FIRST_UNCOVERED = (() => {
  const covered = coveredYears(builtInCalendar);
  let year = Math.max(...covered) + 1;
  while (covered.includes(year)) year++;
  return year;
})();
const Y = FIRST_UNCOVERED;
const loadOf = (year: number, overrides: Partial<LoadYearInput> = {}): LoadYearInput => ({
  year,
  schedule: testSchedule(year),
  actor: org,
  requestId: 'req-1',
  ...overrides,
});

function refusal(run: () => unknown): ApplicationFailure {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }
  throw new Error('expected a refusal');
}

describe('the holiday calendar session', () => {
  it('starts empty: the built-in coverage, nothing loaded', () => {
    const session = new HolidayCalendarSession();
    expect(session.view()).toEqual({
      coveredYears: coveredYears(builtInCalendar),
      loadedYears: [],
      schedules: [],
    });
  });

  it('a load is held at once and covers its year; years stay ascending; a reload replaces the year', () => {
    const session = new HolidayCalendarSession();
    expect(session.load(session.check(loadOf(Y + 1)))).toBe(1);
    expect(session.load(session.check(loadOf(Y)))).toBe(2);
    expect(session.view().loadedYears).toEqual([Y, Y + 1]);
    expect(session.view().coveredYears).toEqual([...coveredYears(builtInCalendar), Y, Y + 1]);

    const corrected = { ...testSchedule(Y), source: 'corrected notice' };
    session.load(session.check(loadOf(Y, { schedule: corrected })));
    expect(session.view().schedules).toEqual([corrected, testSchedule(Y + 1)]);
  });

  it('a broadcast carries every schedule held when it runs, the loader and the request', () => {
    const session = new HolidayCalendarSession();
    const first = session.check(loadOf(Y));
    const number = session.load(first);
    session.load(session.check(loadOf(Y + 1, { requestId: 'req-2' })));
    expect(session.broadcast(number, first)).toEqual({
      load: 1,
      year: Y,
      schedules: [testSchedule(Y), testSchedule(Y + 1)],
      actor: org,
      requestId: 'req-1',
    });
  });

  it('the result of a load is the coverage after it and the fan-out’s cases', () => {
    const session = new HolidayCalendarSession();
    session.load(session.check(loadOf(Y)));
    const fanOut = { casesUpdated: ['d/1'], casesFailed: [{ workflowId: 'd/2', why: 'refused' }] };
    expect(session.result(fanOut)).toEqual({
      coveredYears: [...coveredYears(builtInCalendar), Y],
      loadedYears: [Y],
      ...fanOut,
    });
  });

  it('refuses a schedule of another year than the one named, on the year', () => {
    const session = new HolidayCalendarSession();
    const refused = refusal(() => session.check(loadOf(Y + 1, { schedule: testSchedule(Y) })));
    expect(refused.type).toBe(InvalidCalendarLoad);
    expect(refused.nonRetryable).toBe(true);
    expect(refused.details?.[0]).toEqual({
      issues: [{ path: ['year'], message: `path says ${Y + 1}, body says ${Y}` }],
    });
    expect(session.view().loadedYears).toEqual([]);
  });

  it('refuses an invalid schedule, naming each field', () => {
    const session = new HolidayCalendarSession();
    const schedule = {
      ...testSchedule(Y),
      holidays: testSchedule(Y).holidays.filter((d) => !d.endsWith('-05-01')),
    };
    const refused = refusal(() => session.check(loadOf(Y, { schedule })));
    expect(refused.type).toBe(InvalidCalendarLoad);
    expect(refused.details?.[0]).toEqual({
      issues: [{ path: ['schedule', 'holidays'], message: `${Y}-05-01 is a statutory holiday` }],
    });
    expect(refusal(() => session.check({ year: Y })).type).toBe(InvalidCalendarLoad);
  });

  it('only the organization department loads: a department or the committee is refused', () => {
    const session = new HolidayCalendarSession();
    for (const role of ['department', 'committee'] as const) {
      const refused = refusal(() => session.check(loadOf(Y, { actor: { id: 'x', role } })));
      expect(refused.type).toBe(CalendarLoadForbidden);
    }
    // `system` is no caller's role: the schema refuses it.
    const system = refusal(() => session.check({ ...loadOf(Y), actor: { id: 'timer', role: 'system' } }));
    expect(system.type).toBe(InvalidCalendarLoad);
  });

  it('carries its schedules and load count over continue-as-new', () => {
    const session = new HolidayCalendarSession();
    session.load(session.check(loadOf(Y)));
    session.load(session.check(loadOf(Y + 1)));
    const carried = session.carryOver(40);
    expect(carried).toEqual({
      schedules: [testSchedule(Y), testSchedule(Y + 1)],
      loads: 2,
      historyLimit: 40,
    });
    const next = new HolidayCalendarSession(carried);
    expect(next.view()).toEqual(session.view());
    expect(next.load(next.check(loadOf(Y)))).toBe(3);
  });
});
