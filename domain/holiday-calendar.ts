import { z } from 'zod';
import { type actorSchema, callerActorSchema } from './case';
import { yearScheduleSchema } from './holiday-schedule';

/**
 * The loaded holiday calendar as the service shares it: the year schedules operators loaded (they replace
 * the built-in data for their year), what loading one asks for, and what it answers. The calendar entity
 * workflow holds the schedules; the API serves these shapes; a case fetches the schedules through an
 * activity.
 */

export const calendarCoverageSchema = z.object({
  coveredYears: z.array(z.number().int()).describe('Years whose official schedule is known'),
  loadedYears: z.array(z.number().int()).describe('Years operators loaded (they replace the built-in data)'),
});
export type CalendarCoverage = z.infer<typeof calendarCoverageSchema>;

/** What the calendar entity answers to a read: its coverage and the loaded schedules themselves. */
const holidayCalendarViewSchema = calendarCoverageSchema.extend({
  schedules: z.array(yearScheduleSchema).describe('The loaded schedules, by year ascending'),
});
export type HolidayCalendarView = z.infer<typeof holidayCalendarViewSchema>;

/** Loading one year's schedule: who loads it (the organization department) and through which request. */
export const loadYearInputSchema = z.object({
  /** The year the caller means (the API's path); the schedule must be that year's. */
  year: z.number().int(),
  schedule: yearScheduleSchema,
  actor: callerActorSchema,
  requestId: z.string().max(128).optional(),
});
export type LoadYearInput = z.infer<typeof loadYearInputSchema>;

/** The role that may load a year's schedule. */
export const CALENDAR_LOADER_ROLE = 'organization_department' satisfies z.infer<typeof actorSchema>['role'];

/** How a load reached the open cases in publicity. */
const calendarFanOutResultSchema = z.object({
  casesUpdated: z.array(z.string()).describe('Open cases whose running publicity window was recomputed'),
  casesFailed: z.array(z.object({ workflowId: z.string(), why: z.string() })),
});
export type CalendarFanOutResult = z.infer<typeof calendarFanOutResultSchema>;

export const calendarLoadResultSchema = calendarCoverageSchema.extend(calendarFanOutResultSchema.shape);
export type CalendarLoadResult = z.infer<typeof calendarLoadResultSchema>;
