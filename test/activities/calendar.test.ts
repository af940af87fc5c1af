import { describe, expect, it } from 'vitest';
import { type CalendarPorts, createCalendarActivities } from '../../activities/calendar';
import type { CalendarUpdated } from '../../domain/steps/publicity';
import { TEST_SCHEDULE_2027 } from '../support/calendar-fixtures';

/** The calendar activities over fake ports: what each asks of Temporal, and what it answers. */

const org = { id: 'od-zhang', role: 'organization_department' as const, name: '张处长' };

function fakePorts(cases: Record<string, string[] | undefined>, refuse: Record<string, string> = {}) {
  const sent: { workflowId: string; event: CalendarUpdated; updateId: string }[] = [];
  let schedules: CalendarUpdated['schedules'] | undefined;
  const ports: CalendarPorts = {
    loadedSchedules: async () => schedules,
    casesInPublicity: async (pageToken) =>
      pageToken ? { workflowIds: ['d/3'] } : { workflowIds: ['d/1', 'd/2'], nextPageToken: 'p2' },
    legalEvents: async (workflowId) => cases[workflowId],
    sendEvent: async (workflowId, event, updateId) => {
      sent.push({ workflowId, event, updateId });
      const why = refuse[workflowId];
      return why ? { accepted: false, why } : { accepted: true };
    },
  };
  return { ports, sent, load: (s: CalendarUpdated['schedules']) => (schedules = s) };
}

describe('calendar activities', () => {
  it('loadedHolidaySchedules: empty while the calendar was never started, then what it holds', async () => {
    const fake = fakePorts({});
    const activities = createCalendarActivities(fake.ports);
    expect(await activities.loadedHolidaySchedules()).toEqual([]);
    fake.load([TEST_SCHEDULE_2027]);
    expect(await activities.loadedHolidaySchedules()).toEqual([TEST_SCHEDULE_2027]);
  });

  it('listCasesInPublicity pages through the port', async () => {
    const activities = createCalendarActivities(fakePorts({}).ports);
    expect(await activities.listCasesInPublicity({})).toEqual({
      workflowIds: ['d/1', 'd/2'],
      nextPageToken: 'p2',
    });
    expect(await activities.listCasesInPublicity({ pageToken: 'p2' })).toEqual({ workflowIds: ['d/3'] });
  });

  it('deliverCalendarUpdate sends the event as the API did, under the fan-out’s Update id', async () => {
    const fake = fakePorts({ 'd/1': ['REPORT_FILED', 'CALENDAR_UPDATED'] });
    const activities = createCalendarActivities(fake.ports);
    const outcome = await activities.deliverCalendarUpdate({
      workflowId: 'd/1',
      schedules: [TEST_SCHEDULE_2027],
      actor: org,
      requestId: 'req-1',
      updateId: 'calendar-load-run-1',
    });
    expect(outcome).toEqual({ outcome: 'updated' });
    expect(fake.sent).toEqual([
      {
        workflowId: 'd/1',
        event: { type: 'CALENDAR_UPDATED', schedules: [TEST_SCHEDULE_2027], actor: org, requestId: 'req-1' },
        updateId: 'calendar-load-run-1',
      },
    ]);
  });

  it('skips a case that does not take CALENDAR_UPDATED now, or is closed; reports a refusal', async () => {
    const fake = fakePorts({ 'd/1': ['REPORT_FILED'], 'd/3': ['CALENDAR_UPDATED'] }, { 'd/3': 'no window' });
    const activities = createCalendarActivities(fake.ports);
    const delivery = { schedules: [TEST_SCHEDULE_2027], actor: org, updateId: 'u' };
    expect(await activities.deliverCalendarUpdate({ ...delivery, workflowId: 'd/1' })).toMatchObject({
      outcome: 'skipped',
    });
    expect(await activities.deliverCalendarUpdate({ ...delivery, workflowId: 'd/2' })).toMatchObject({
      outcome: 'skipped',
    });
    expect(await activities.deliverCalendarUpdate({ ...delivery, workflowId: 'd/3' })).toEqual({
      outcome: 'refused',
      why: 'no window',
    });
    expect(fake.sent.map((s) => s.workflowId)).toEqual(['d/3']);
  });
});
