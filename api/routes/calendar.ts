import { createRoute } from '@hono/zod-openapi';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { readOccurredAt } from '../../domain/dates';
import {
  CALENDAR_LOADER_ROLE,
  type CalendarCoverage,
  calendarCoverageSchema,
  calendarLoadResultSchema,
  type HolidayCalendarView,
  publicityWindowPreviewSchema,
  publicityWindowQuerySchema,
} from '../../domain/holiday-calendar';
import { yearScheduleSchema } from '../../domain/holiday-schedule';
import {
  CalendarLoadForbidden,
  getHolidayCalendarQuery,
  type HolidayCalendarWorkflow,
  holidayCalendarWorkflowId,
  holidayCalendarWorkflowType,
  InvalidCalendarLoad,
  loadYearUpdate,
} from '../../workflows/holiday-calendar/messages';
import { actorOf } from '../auth';
import { type ApiDeps, createRouter } from '../context';
import { ApiError, errorResponses } from '../errors';
import { scheduleExample } from '../openapi/examples';
import { isNotFound } from '../temporal-errors';

const security = [{ bearer: [] }];

const readRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getCalendar',
  tags: ['Calendar'],
  security,
  summary: 'Which years the working-day calendar knows',
  responses: {
    200: { description: 'Coverage', content: { 'application/json': { schema: calendarCoverageSchema } } },
  },
});

const loadRoute = createRoute({
  method: 'put',
  path: '/years/{year}',
  operationId: 'loadCalendarYear',
  tags: ['Calendar'],
  security,
  summary: "Load a year's official holiday schedule (国务院办公厅节假日安排)",
  description:
    'Organization department only. Stored without a release, in the calendar every API and worker process shares; every open case whose publicity window runs on that calendar is sent CALENDAR_UPDATED, which recomputes its deadline and corrects its timer. Answers once every such case has been reached.',
  request: {
    params: z.object({
      year: z.coerce
        .number()
        .int()
        .min(2000)
        .max(2100)
        .meta({ examples: [scheduleExample.year] }),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: yearScheduleSchema,
          examples: { notice: { summary: "A year's notice", value: scheduleExample } },
        },
      },
    },
  },
  responses: {
    200: { description: 'Loaded', content: { 'application/json': { schema: calendarLoadResultSchema } } },
    ...errorResponses(403),
  },
  'x-rules-beyond-schema': ["year (the body's is the path's)"],
});

const windowRoute = createRoute({
  operationId: 'previewPublicityWindow',
  method: 'get',
  path: '/publicity-window',
  tags: ['Calendar'],
  security,
  summary: 'Preview a pre-appointment publicity window (任前公示)',
  description:
    "When a notice published at `publishedAt` would close, counted as a case counts it: `workingDays` working days on the mainland calendar (the built-in data and the years operators loaded), closing at the end of the last one. `provisional` is true when a day consulted lies in a year whose official notice the calendar lacks (`uncoveredYears`): load that year's schedule (PUT /v1/calendar/years/{year}) and the running windows move with it. A past `publishedAt` gives the window a notice posted then has (a case told so closes at once when it is already past).",
  request: { query: publicityWindowQuerySchema },
  responses: {
    200: {
      description: 'The window',
      content: { 'application/json': { schema: publicityWindowPreviewSchema } },
    },
    ...errorResponses(401, 422, 429),
  },
});

/**
 * The holiday calendar, mounted under /v1/calendar. It lives in the calendar workflow (one per namespace):
 * reading is its Query, loading is one Update that starts it if need be (update-with-start, so there is
 * no set-up step) and that answers once the load has reached the open cases in publicity.
 */
export function calendarRoutes({ client, taskQueue, builtInCalendarYears, machines }: ApiDeps) {
  const app = createRouter();

  /** The calendar workflow's view; undefined before a first year was loaded (the built-in data alone). */
  const loadedCalendar = async (): Promise<HolidayCalendarView | undefined> => {
    try {
      return await client.workflow.getHandle(holidayCalendarWorkflowId).query(getHolidayCalendarQuery);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return undefined;
    }
  };

  app.openapi(windowRoute, async (c) => {
    const query = c.req.valid('query');
    // The schema accepted it, so it reads: a date counts from the start of that China day.
    const published = readOccurredAt(query.publishedAt)?.ms ?? Number.NaN;
    const publishedAt = new Date(published).toISOString();
    const loaded = await loadedCalendar();
    const window = machines.publicityWindow(
      { publishedAt, workingDays: query.workingDays, publicationDayCounts: query.publicationDayCounts },
      loaded?.schedules ?? [],
    );
    return c.json(
      { publishedAt, workingDays: query.workingDays, ...window, loadedYears: loaded?.loadedYears ?? [] },
      200,
    );
  });

  app.openapi(readRoute, async (c) => {
    const loaded = await loadedCalendar();
    // Nothing was ever loaded: the built-in calendar alone.
    const coverage: CalendarCoverage = loaded
      ? { coveredYears: loaded.coveredYears, loadedYears: loaded.loadedYears }
      : { coveredYears: [...builtInCalendarYears], loadedYears: [] };
    return c.json(coverage, 200);
  });

  // Who may load is checked before the body is read: a department learns nothing from its validation.
  app.put('/years/*', async (c, next) => {
    if (c.get('caller').role !== CALENDAR_LOADER_ROLE) {
      throw new ApiError(403, 'forbidden', 'Only the organization department loads holiday schedules');
    }
    await next();
  });

  app.openapi(loadRoute, async (c) => {
    const caller = c.get('caller');
    const schedule = c.req.valid('json');
    const { year } = c.req.valid('param');
    if (schedule.year !== year) {
      throw new ApiError(
        422,
        'invalid_request',
        'The body is the schedule of another year than the path names',
        {
          issues: [{ path: 'year', message: `path says ${year}, body says ${schedule.year}` }],
        },
      );
    }
    try {
      const result = await client.workflow.executeUpdateWithStart(loadYearUpdate, {
        args: [{ year, schedule, actor: actorOf(caller), requestId: c.get('requestId') }],
        startWorkflowOperation: new WithStartWorkflowOperation<HolidayCalendarWorkflow>(
          holidayCalendarWorkflowType,
          {
            workflowId: holidayCalendarWorkflowId,
            taskQueue,
            workflowIdConflictPolicy: 'USE_EXISTING',
            staticSummary: 'Holiday calendar 节假日安排: the year schedules operators loaded',
          },
        ),
      });
      return c.json(result, 200);
    } catch (error) {
      throw refusalOf(error) ?? error;
    }
  });

  return app;
}

/** The calendar workflow's validator refused the load (the checks above make this rare). */
function refusalOf(error: unknown): ApiError | undefined {
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) return;
  const failure = error.cause;
  if (failure.type === CalendarLoadForbidden) return new ApiError(403, 'forbidden', failure.message);
  if (failure.type !== InvalidCalendarLoad) return;
  const { issues } = (failure.details?.[0] ?? {}) as { issues?: { path: string[]; message: string }[] };
  return new ApiError(422, 'invalid_request', failure.message, {
    issues: issues?.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
