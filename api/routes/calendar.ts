import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { yearScheduleSchema } from '../../domain/holiday-schedule';
import { builtInCalendar, calendarWith, coveredYears } from '../../machines/calendar';
import { getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import type { ApiDeps, AppEnv } from '../app';
import type { Credential } from '../credentials';
import { ApiError, errorResponses } from '../errors';
import { listCases } from '../visibility';

const security = [{ bearer: [] }];
const calendarSchema = z.object({
  coveredYears: z.array(z.number().int()).describe('Years whose official schedule is known'),
  loadedYears: z.array(z.number().int()).describe('Years operators loaded (they replace the built-in data)'),
});
const loadResultSchema = calendarSchema.extend({
  casesUpdated: z.array(z.string()).describe('Open cases whose running publicity window was recomputed'),
  casesFailed: z.array(z.object({ workflowId: z.string(), why: z.string() })),
});

const actorOf = (caller: Credential) => ({ id: caller.id, role: caller.role, name: caller.name });

export function registerCalendarRoutes(app: OpenAPIHono<AppEnv>, { client, calendar: store }: ApiDeps): void {
  const describeCalendar = () => {
    const loaded = store.list();
    return {
      coveredYears: coveredYears(calendarWith(loaded, builtInCalendar)),
      loadedYears: loaded.map((s) => s.year),
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/calendar',
      tags: ['Calendar'],
      security,
      summary: 'Which years the working-day calendar knows',
      responses: {
        200: { description: 'Coverage', content: { 'application/json': { schema: calendarSchema } } },
        ...errorResponses(401, 429),
      },
    }),
    (c) => c.json(describeCalendar(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/calendar/years/{year}',
      tags: ['Calendar'],
      security,
      summary: "Load a year's official holiday schedule (国务院办公厅节假日安排)",
      description:
        'Organization department only. Stored without a release; every open case whose publicity window runs on that calendar is sent CALENDAR_UPDATED, which recomputes its deadline and corrects its timer.',
      request: {
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        body: { required: true, content: { 'application/json': { schema: yearScheduleSchema } } },
      },
      responses: {
        200: { description: 'Loaded', content: { 'application/json': { schema: loadResultSchema } } },
        ...errorResponses(400, 401, 403, 422, 429),
      },
    }),
    async (c) => {
      const caller = c.get('caller');
      if (caller.role !== 'organization_department') {
        throw new ApiError(403, 'forbidden', 'Only the organization department loads holiday schedules');
      }
      const schedule = c.req.valid('json');
      if (schedule.year !== c.req.valid('param').year) {
        throw new ApiError(
          422,
          'invalid_request',
          'The body is the schedule of another year than the path names',
          {
            issues: [
              { path: 'year', message: `path says ${c.req.valid('param').year}, body says ${schedule.year}` },
            ],
          },
        );
      }
      const schedules = store.put(schedule);
      const result = await broadcastCalendar(client, schedules, actorOf(caller), c.get('requestId'));
      return c.json({ ...describeCalendar(), ...result }, 200);
    },
  );
}

/** Sends the loaded schedules to every open case that accepts them now (a case in publicity). */
export async function broadcastCalendar(
  client: ApiDeps['client'],
  schedules: z.infer<typeof yearScheduleSchema>[],
  actor: { id: string; role: string; name?: string },
  requestId?: string,
) {
  const casesUpdated: string[] = [];
  const casesFailed: { workflowId: string; why: string }[] = [];
  if (schedules.length === 0) return { casesUpdated, casesFailed };
  let pageToken: string | undefined;
  do {
    const page = await listCases(client, { status: 'open', pageSize: 200, pageToken });
    for (const summary of page.cases) {
      const handle = client.workflow.getHandle(summary.workflowId);
      try {
        const view = await handle.query(getCaseQuery);
        if (!view.legalEvents.includes('CALENDAR_UPDATED')) continue;
        await handle.executeUpdate(sendEventUpdate, {
          args: [{ type: 'CALENDAR_UPDATED', schedules, actor, requestId }],
        });
        casesUpdated.push(summary.workflowId);
      } catch (error) {
        casesFailed.push({ workflowId: summary.workflowId, why: String(error) });
      }
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return { casesUpdated, casesFailed };
}
