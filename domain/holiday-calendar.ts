import { z } from 'zod';
import { type actorSchema, callerActorSchema } from './case';
import { occurredAtSchema } from './dates';
import { yearScheduleSchema } from './holiday-schedule';
import { DEFAULT_POLICY } from './policy';

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

/**
 * Planning a pre-appointment publicity window (GET /v1/calendar/publicity-window): when a notice published
 * then would close, on the calendar as it stands (the built-in data and the years operators loaded).
 */
export const publicityWindowQuerySchema = z.object({
  publishedAt: occurredAtSchema.describe(
    'When the notice goes (or went) up: a date (2026-12-28), a China time (2026-12-28T09:00) or an ISO instant',
  ),
  workingDays: z.coerce
    .number()
    .int()
    .min(DEFAULT_POLICY.publicity.workingDays)
    .max(60)
    .default(DEFAULT_POLICY.publicity.workingDays)
    .describe('Working days the publicity runs (the rules: at least 5)'),
  publicationDayCounts: z
    .enum(['true', 'false'])
    .transform((flag) => flag === 'true')
    .default(DEFAULT_POLICY.publicity.publicationDayCounts)
    .describe('Whether the day of publication counts when it is a working day (policy default: true)'),
});

export const publicityWindowPreviewSchema = z.object({
  publishedAt: z.string().describe('The publication instant the window counts from (ISO, UTC)'),
  workingDays: z.number().int(),
  opensOn: z.string().describe('The China date of publication'),
  lastWorkingDay: z.string().describe('The last working day of the window (China date)'),
  closesAt: z
    .string()
    .describe('When the window closes: the end of its last working day, an exclusive bound (ISO, UTC)'),
  workingDaysCounted: z.array(z.string()).describe('The working days counted, in order (China dates)'),
  provisional: z
    .boolean()
    .describe(
      'Some day consulted lies in a year whose official notice the calendar lacks: the close may move',
    ),
  uncoveredYears: z.array(z.number().int()).describe('The years whose notice is missing'),
  loadedYears: z.array(z.number().int()).describe('Years operators loaded, used over the built-in data'),
});
export type PublicityWindowPreview = z.infer<typeof publicityWindowPreviewSchema>;
