import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarActivities } from '../../activities/calendar';
import type { LoadYearInput } from '../../domain/holiday-calendar';
import { builtInCalendar, coveredYears } from '../../machines/calendar';
import { workerDataConverter } from '../../security/data-converters';
import { casesInPublicityQuery, temporalCalendarPorts } from '../../worker/calendar-ports';
import {
  CalendarLoadForbidden,
  getHolidayCalendarQuery,
  type HolidayCalendarInput,
  type HolidayCalendarWorkflow,
  holidayCalendarWorkflowId,
  holidayCalendarWorkflowType,
  loadYearUpdate,
} from '../../workflows/holiday-calendar/messages';
import { testSchedule } from '../support/calendar-fixtures';
import { type FakeCaseInput, fakeCase, receivedQuery } from '../support/fake-case-workflows';
import { openedPayload, testDataConverter, testKeyring } from '../support/keys';
import { devServerEnvironment, testWorker } from '../support/temporal';

/**
 * The holiday calendar entity and the fan-out of a load, on a dev server (the fan-out lists cases through
 * visibility). The cases are stand-ins (support/fake-case-workflows.ts) in the stages under test, on a
 * worker of their own; the calendar runs on the product worker. test/api/calendar.test.ts loads a year into
 * a real promotion in publicity over HTTP.
 */
let env: TestWorkflowEnvironment;
let taskQueue: string;
const workers: { worker: Worker; running: Promise<void> }[] = [];
beforeAll(async () => {
  env = await devServerEnvironment();
  taskQueue = `calendar-${randomUUID()}`;
  const product = await testWorker(env, taskQueue);
  const fakes = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: `${taskQueue}-fakes`,
    workflowsPath: resolve(__dirname, '../support/fake-case-workflows.ts'),
    // The fan-out's Updates reach the stand-ins sealed, as they reach real cases.
    dataConverter: workerDataConverter(testKeyring),
  });
  for (const worker of [product, fakes]) workers.push({ worker, running: worker.run() });
});
afterAll(async () => {
  for (const { worker, running } of workers) {
    worker.shutdown();
    await running;
  }
  await env?.teardown();
});

const Y = (() => {
  const covered = coveredYears(builtInCalendar);
  return Math.max(...covered) + 1;
})();
const org = { id: 'od-zhang', role: 'organization_department' as const, name: '张处长' };
const loadOf = (year: number, actor: LoadYearInput['actor'] = org): LoadYearInput => ({
  year,
  schedule: testSchedule(year),
  actor,
  requestId: `req-${year}`,
});

/** As the API loads: one update-with-start, the entity started on demand. */
function load(input: LoadYearInput, start: HolidayCalendarInput = { schedules: [] }) {
  return env.client.workflow.executeUpdateWithStart(loadYearUpdate, {
    args: [input],
    startWorkflowOperation: new WithStartWorkflowOperation<HolidayCalendarWorkflow>(
      holidayCalendarWorkflowType,
      {
        workflowId: holidayCalendarWorkflowId,
        taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [start],
      },
    ),
  });
}

async function startFake(name: string, input: FakeCaseInput) {
  const workflowId = `fake-dept/${name}-${randomUUID().slice(0, 8)}`;
  await env.client.workflow.start(fakeCase, { workflowId, taskQueue: `${taskQueue}-fakes`, args: [input] });
  return workflowId;
}

const received = (workflowId: string) => env.client.workflow.getHandle(workflowId).query(receivedQuery);

/** Visibility lags a little behind the cases' search attributes. */
async function listedInPublicity(count: number) {
  for (let i = 0; i < 100; i++) {
    const { executions } = await env.client.workflowService.listWorkflowExecutions({
      namespace: env.namespace ?? 'default',
      query: casesInPublicityQuery,
    });
    if ((executions ?? []).length >= count) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`fewer than ${count} cases listed in publicity`);
}

async function scheduledActivities(workflowId: string, activityType: string) {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const attributes = event.activityTaskScheduledEventAttributes;
    if (attributes?.activityType?.name !== activityType) return [];
    return [openedPayload(attributes.input?.payloads?.[0]) as { workflowId: string }];
  });
}

describe('the holiday calendar entity', () => {
  // As the worker builds them: a client on the worker's own (native) connection.
  const calendarActivities = () =>
    createCalendarActivities(
      temporalCalendarPorts(
        new Client({
          connection: env.nativeConnection,
          namespace: env.namespace,
          dataConverter: testDataConverter(),
        }),
      ),
    );

  it('before any load there is no calendar workflow: a case fetches no loaded years', async () => {
    expect(await calendarActivities().loadedHolidaySchedules()).toEqual([]);
  });

  it('a load reaches, one activity per case, every open case in publicity that takes it, and answers with them', async () => {
    const open = await startFake('open', { stage: 'publicity.open', legalEvents: ['CALENDAR_UPDATED'] });
    const flaky = await startFake('flaky', {
      stage: 'publicity.open',
      legalEvents: ['CALENDAR_UPDATED'],
      failQueries: 1,
    });
    const pending = await startFake('pending', {
      stage: 'publicity.pending',
      legalEvents: ['PUBLICITY_STARTED'],
    });
    const refusing = await startFake('refusing', {
      stage: 'publicity.open',
      legalEvents: ['CALENDAR_UPDATED'],
      refuse: true,
    });
    const inspecting = await startFake('inspecting', {
      stage: 'inspection',
      legalEvents: ['CALENDAR_UPDATED'],
    });
    await listedInPublicity(4);

    const result = await load(loadOf(Y), { schedules: [], historyLimit: 60 });
    expect(result.loadedYears).toEqual([Y]);
    expect(result.coveredYears).toEqual([...coveredYears(builtInCalendar), Y]);
    expect([...result.casesUpdated].sort()).toEqual([open, flaky].sort());
    expect(result.casesFailed).toEqual([
      { workflowId: refusing, why: expect.stringContaining('refused by the fake case') },
    ]);

    // The event as the API sent it before: the schedules, the loader, the request.
    const event = {
      type: 'CALENDAR_UPDATED',
      schedules: [testSchedule(Y)],
      actor: org,
      requestId: `req-${Y}`,
    };
    expect(await received(open)).toEqual([event]);
    // Its first attempt failed (the case could not answer); the retry delivered it once.
    expect(await received(flaky)).toEqual([event]);
    expect(await received(pending)).toEqual([]);
    expect(await received(inspecting)).toEqual([]);

    // The fan-out is a child workflow: a listing, then one delivery activity per listed case.
    const fanOut = `${holidayCalendarWorkflowId}/load-1-${Y}`;
    expect(await scheduledActivities(fanOut, 'listCasesInPublicity')).toHaveLength(1);
    const deliveries = (await scheduledActivities(fanOut, 'deliverCalendarUpdate')).map((d) => d.workflowId);
    expect(deliveries.sort()).toEqual([open, flaky, pending, refusing].sort());

    // Held by the entity: its Query, and the activity a case calls when it opens a window.
    const view = await env.client.workflow
      .getHandle(holidayCalendarWorkflowId)
      .query(getHolidayCalendarQuery);
    expect(view).toEqual({
      coveredYears: result.coveredYears,
      loadedYears: [Y],
      schedules: [testSchedule(Y)],
    });
    expect(await calendarActivities().loadedHolidaySchedules()).toEqual([testSchedule(Y)]);
  });

  it('refuses a load by anyone but the organization department, before it reaches history', async () => {
    const handle = env.client.workflow.getHandle(holidayCalendarWorkflowId);
    const before = (await handle.fetchHistory()).events?.length;
    const refused = await load(loadOf(Y + 1, { id: 'fin-hr', role: 'department' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe(
      CalendarLoadForbidden,
    );
    expect((await handle.query(getHolidayCalendarQuery)).loadedYears).toEqual([Y]);
    expect((await handle.fetchHistory()).events?.length).toBe(before);
  });

  it('loads sent at once fan out one after the other', async () => {
    const handle = env.client.workflow.getHandle(holidayCalendarWorkflowId);
    const loads = (await handle.query(getHolidayCalendarQuery)).loadedYears.length;
    const answers = await Promise.all([load(loadOf(Y + 20)), load(loadOf(Y + 21))]);
    // Whichever ran second answers with both years.
    expect(answers.some((a) => a.loadedYears.includes(Y + 20) && a.loadedYears.includes(Y + 21))).toBe(true);
    const children = await Promise.all(
      [1, 2].map(async (n) => {
        const listed = env.client.workflow.list({
          query: `WorkflowType = 'holidayCalendarFanOut' AND WorkflowId STARTS_WITH '${holidayCalendarWorkflowId}/load-${loads + n}-'`,
        });
        for await (const child of listed) return child;
        throw new Error(`no fan-out for load ${loads + n}`);
      }),
    );
    const [earlier, later] = children as [(typeof children)[0], (typeof children)[0]];
    expect(later.startTime.getTime()).toBeGreaterThanOrEqual(earlier.closeTime?.getTime() ?? Infinity);
  });

  it('continues as new before its history grows large, carrying the schedules', async () => {
    const handle = env.client.workflow.getHandle(holidayCalendarWorkflowId);
    const firstRun = (await handle.describe()).runId;
    const years = (await handle.query(getHolidayCalendarQuery)).loadedYears;
    while ((await handle.describe()).runId === firstRun) {
      expect(years.length).toBeLessThan(10);
      const year = Y + years.length;
      await load(loadOf(year));
      years.push(year);
    }
    expect(
      (await env.client.workflow.getHandle(holidayCalendarWorkflowId, firstRun).describe()).status.name,
    ).toBe('CONTINUED_AS_NEW');
    const view = await handle.query(getHolidayCalendarQuery);
    const ascending = [...years].sort((a, b) => a - b);
    expect(view.loadedYears).toEqual(ascending);
    expect(view.schedules).toEqual(ascending.map(testSchedule));
    // The next run keeps counting loads, so each fan-out has its own id.
    const next = Y + years.length;
    await load(loadOf(next));
    const fanOut = `${holidayCalendarWorkflowId}/load-${years.length + 1}-${next}`;
    expect((await env.client.workflow.getHandle(fanOut).describe()).status.name).toBe('COMPLETED');
  });
});
