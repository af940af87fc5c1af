import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CalendarLoadResult, HolidayCalendarView, LoadYearInput } from '../../domain/holiday-calendar';
import type { YearSchedule } from '../../domain/holiday-schedule';

/**
 * The holiday calendar entity: one workflow per namespace holds the year schedules operators loaded, so
 * every API and worker process shares them and none keeps a copy of its own. Declared once here, so the
 * API starts, loads and reads it with the very same definitions.
 */
export const holidayCalendarWorkflowType = 'holidayCalendar';
/** Fixed: the namespace has one calendar, found by id without a set-up step. */
export const holidayCalendarWorkflowId = 'holiday-calendar';

export interface HolidayCalendarInput {
  /** The loaded schedules, carried over continue-as-new. */
  schedules: YearSchedule[];
  /** Loads so far, carried over continue-as-new: it names each load's fan-out. */
  loads?: number;
  /** Continue as new after this many history events (tests lower it; the default is the workflow's). */
  historyLimit?: number;
}
/** The workflow function's signature, for typed starts by workflow type name. */
export type HolidayCalendarWorkflow = (input?: HolidayCalendarInput) => Promise<void>;

/**
 * An Update, not a Signal: the caller must learn whether the schedule was accepted (the validator refuses a
 * bad one before it reaches history) and which cases it reached. It finishes once the fan-out has.
 */
export const loadYearUpdate = defineUpdate<CalendarLoadResult, [LoadYearInput]>('loadYear');
export const getHolidayCalendarQuery = defineQuery<HolidayCalendarView>('getHolidayCalendar');

/** Failure types of a refused load, which the API maps to HTTP statuses. */
export const InvalidCalendarLoad = 'InvalidCalendarLoad';
export const CalendarLoadForbidden = 'CalendarLoadForbidden';
