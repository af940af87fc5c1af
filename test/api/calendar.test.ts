import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, EventOutcome } from '../../domain/case-view';
import { chinaDateOf } from '../../domain/dates';
import { startCaseSchema, staticSummaryFor, workflowTypeFor } from '../../domain/start';
import { builtInCalendar, calendarWith, coveredYears, publicityWindow } from '../../machines/calendar';
import { testSchedule } from '../support/calendar-fixtures';
import { probationStart } from '../support/cases';
import { promotionInput } from '../support/promotion-driver';
import {
  counts,
  datedOn,
  e,
  evaluate,
  eventsToTheChoice,
  inspected,
  readyForVote,
  votes,
} from '../support/promotion-fixtures';
import { startTestService, type TestService } from '../support/service';
import { fastForward } from '../support/temporal';
import { demotionStart, rotationStart } from '../support/track-fixtures';

/**
 * The holiday calendar over HTTP, against a real dev server, worker and API: which years it covers, who
 * may load a year and what a bad schedule gets, and what loading one does to a case whose publicity
 * window runs into that year.
 *
 * The dev server runs on the real clock, and a promotion cannot reach publicity without its inspection
 * notice period (at least three full days) running out. So this server is started with workflow time
 * skipping (an experimental dev-server feature, see `fastForward`), and the one case that needs it has
 * its own clock fast-forwarded — through its notice period to Monday 28 December, 10:00 China time, of
 * the last year the built-in calendar covers — as an operator could never do in production.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService({ timeSkipping: true });
});
afterAll(async () => {
  await service?.stop();
});

const DAY_MS = 86_400_000;
/**
 * The year under test: the first year the built-in calendar lacks (2027 when this was written), whose
 * 28 December of the year before still lies ahead, beyond a notice period.
 */
const YEAR = (() => {
  const covered = coveredYears(builtInCalendar);
  let year = Number(chinaDateOf(Date.now()).slice(0, 4));
  while (covered.includes(year) || Date.parse(`${year - 1}-12-28T02:00:00Z`) < Date.now() + 5 * DAY_MS)
    year++;
  return year;
})();
/** TEST DATA for YEAR — not the official notice (see testSchedule). */
const SCHEDULE = testSchedule(YEAR);

/** An event as a department system sends it: the API stamps the actor (from the token) and the time. */
const http = ({ at: _at, actor: _actor, ...event }: Record<string, unknown>) => event;

async function sendEvent(path: string, event: Record<string, unknown>, token = service.tokens.org) {
  const answer = await service.request('POST', `${path}/events`, http(event), { token });
  if (answer.status !== 200) {
    throw new Error(`${event.type} → ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`);
  }
  return answer.body as EventOutcome;
}

/**
 * A promotion over HTTP, started now, its own clock fast-forwarded through the inspection notice to Mon
 * 28 December of the year before YEAR, 10:00 China time, and voted: it waits in publicity.pending.
 */
async function promotionVotedOnDecember28() {
  // A promotion over HTTP up to its inspection notice, on the real clock.
  const start = { track: 'promotion', ...promotionInput() };
  const started = await service.request('POST', '/v1/cases', start);
  expect(started.status).toBe(201);
  const workflowId = started.body.workflowId as string;
  const path = `/v1/cases/${start.department}/${start.caseId}`;
  const today = chinaDateOf(Date.now());
  for (const event of eventsToTheChoice(today)) await sendEvent(path, event);
  const notice = await sendEvent(path, { ...e.notice, publishedAt: new Date().toISOString() });
  expect(notice.state).toBe('inspectionNotice');

  // The case's own clock to Mon 28 December, 10:00 China time: its notice period runs out on the way.
  await fastForward(service.env.client, workflowId, Date.parse(`${YEAR - 1}-12-28T02:00:00Z`) - Date.now());
  const inspecting = await service.request('GET', path);
  expect(inspecting.body.state).toBe('inspection');
  expect(
    inspecting.body.record.find((r: { type: string }) => r.type === 'INSPECTION_NOTICE_ELAPSED'),
  ).toMatchObject({
    actor: { role: 'system' },
  });

  for (const event of [
    evaluate('A', counts.clear),
    inspected('A'),
    evaluate('B', counts.clear),
    inspected('B'),
    e.conclude('A'),
    e.consulted,
    // The gates before the vote (rules edition 2), dated on the case's day.
    ...readyForVote('A').map((event) => datedOn(`${YEAR - 1}-12-28`, event)),
  ])
    await sendEvent(path, event);
  const voted = await sendEvent(path, votes.passes, service.tokens.committee);
  expect(voted.state).toBe('publicity.pending');
  const votedAt = voted.applied.find((r) => r.type === 'VOTE_RECORDED')?.at as string;
  expect(chinaDateOf(votedAt)).toBe(`${YEAR - 1}-12-28`);

  return { workflowId, path, votedAt };
}

describe('the holiday calendar over HTTP', () => {
  it(`GET /v1/calendar: the built-in years are covered, ${YEAR} is not, nothing loaded`, async () => {
    const calendar = await service.request('GET', '/v1/calendar', undefined, {
      token: service.tokens.finance,
    });
    expect(calendar.status).toBe(200);
    expect(calendar.body.coveredYears).toEqual(coveredYears(builtInCalendar));
    expect(calendar.body.coveredYears).toContain(YEAR - 1);
    expect(calendar.body.coveredYears).not.toContain(YEAR);
    expect(calendar.body.loadedYears).toEqual([]);
  });

  it('a department may not load a schedule: 403, and nothing is stored', async () => {
    const put = await service.request('PUT', `/v1/calendar/years/${YEAR}`, SCHEDULE, {
      token: service.tokens.finance,
    });
    expect(put.status).toBe(403);
    expect(put.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('organization'),
    });
    const committee = await service.request('PUT', `/v1/calendar/years/${YEAR}`, SCHEDULE, {
      token: service.tokens.committee,
    });
    expect(committee.status).toBe(403);
    expect((await service.request('GET', '/v1/calendar')).body.loadedYears).toEqual([]);
  });

  it('a schedule of another year than the path names is 422, on the year', async () => {
    const put = await service.request('PUT', `/v1/calendar/years/${YEAR + 1}`, SCHEDULE);
    expect(put.status).toBe(422);
    expect(put.body.error).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'year', message: expect.stringContaining(String(YEAR)) }],
    });
    expect((await service.request('GET', '/v1/calendar')).body.loadedYears).toEqual([]);
  });

  it('an invalid schedule is 422 naming each field: a make-up workday on a weekday, a day outside the notice', async () => {
    const monday = [4, 5, 6, 7, 8, 9, 10]
      .map((day) => `${YEAR}-01-${String(day).padStart(2, '0')}`)
      .find((date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1) as string;
    const put = await service.request('PUT', `/v1/calendar/years/${YEAR}`, {
      ...SCHEDULE,
      holidays: [...SCHEDULE.holidays, `${YEAR + 1}-01-05`],
      makeUpWorkdays: [monday],
    });
    expect(put.status).toBe(422);
    expect(put.body.error.code).toBe('invalid_request');
    expect(put.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'makeUpWorkdays.0', message: `${monday} is a make-up workday but not a weekend day` },
        { path: 'holidays.5', message: expect.stringContaining(`outside the ${YEAR} notice`) },
      ]),
    );
    const noNewYear = await service.request('PUT', `/v1/calendar/years/${YEAR}`, {
      ...SCHEDULE,
      holidays: SCHEDULE.holidays.filter((date) => !date.endsWith('-01-01')),
    });
    expect(noNewYear.status).toBe(422);
    expect(noNewYear.body.error.issues).toEqual([
      { path: 'holidays', message: `${YEAR}-01-01 is a statutory holiday` },
    ]);
    expect((await service.request('GET', '/v1/calendar')).body.loadedYears).toEqual([]);
  });

  it(`the organization department loads ${YEAR} (test data): a case in open publicity is recomputed and its deadline moves`, async () => {
    const { workflowId, path, votedAt } = await promotionVotedOnDecember28();

    // Published as the vote is recorded: 12-28 … 12-31 need the YEAR notice too, and the fifth working
    // day falls in YEAR. (For 2027: closes no earlier than the end of Mon 2027-01-04, provisionally, since
    // 元旦 is never counted; the loaded test schedule also takes that last day off, so the deadline moves.)
    const policy = { workingDays: 5, publicationDayCounts: true };
    const provisional = publicityWindow(builtInCalendar, { publishedAt: votedAt, ...policy });
    const schedule = { ...SCHEDULE, holidays: [...SCHEDULE.holidays, provisional.lastWorkingDay].sort() };
    const corrected = publicityWindow(calendarWith([schedule]), { publishedAt: votedAt, ...policy });
    expect(provisional).toMatchObject({ provisional: true, uncoveredYears: [YEAR] });
    expect(provisional.lastWorkingDay.startsWith(String(YEAR))).toBe(true);
    expect(corrected.provisional).toBe(false);
    expect(corrected.closesAt).not.toBe(provisional.closesAt);

    const open = await sendEvent(path, { ...e.publicity, publishedAt: votedAt });
    expect(open.state).toBe('publicity.open');
    expect(open.deadlines).toEqual([
      expect.objectContaining({ timer: 'publicityWindow', at: provisional.closesAt }),
    ]);
    const opened = (await service.request('GET', path)).body as CaseView;
    expect(opened.context.publicity).toMatchObject({ provisional: true, uncoveredYears: [YEAR] });
    const handle = service.env.client.workflow.getHandle(workflowId);
    const flagged = (await handle.describe()).searchAttributes as Record<string, unknown[]>;
    expect(flagged.CaseDeadlineProvisional).toEqual([true]);

    // The organization department loads the year.
    const loaded = await service.request('PUT', `/v1/calendar/years/${YEAR}`, schedule);
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ loadedYears: [YEAR], casesUpdated: [workflowId], casesFailed: [] });
    expect(loaded.body.coveredYears).toContain(YEAR);

    const after = await service.request('GET', path);
    expect(after.body.state).toBe('publicity.open');
    expect(after.body.deadlines).toEqual([
      expect.objectContaining({ timer: 'publicityWindow', at: corrected.closesAt }),
    ]);
    expect(after.body.context.publicity).toMatchObject({
      provisional: false,
      uncoveredYears: [],
      lastWorkingDay: corrected.lastWorkingDay,
    });
    // The update is on the case's record, by the caller who loaded the year, through that request.
    expect(after.body.record.find((r: { type: string }) => r.type === 'CALENDAR_UPDATED')).toMatchObject({
      type: 'CALENDAR_UPDATED',
      actor: { id: 'od-zhang', role: 'organization_department' },
      from: 'publicity.open',
      to: 'publicity.open',
      requestId: expect.any(String),
    });
    const cleared = (await handle.describe()).searchAttributes as Record<string, unknown[]>;
    expect(cleared.CaseDeadlineProvisional).toEqual([false]);
    expect(cleared.CaseNextDeadline).toEqual([new Date(corrected.closesAt)]);

    const calendar = await service.request('GET', '/v1/calendar');
    expect(calendar.body).toMatchObject({ loadedYears: [YEAR] });
    expect(calendar.body.coveredYears).toContain(YEAR);
  });

  it(`a case that opens its window after ${YEAR} was loaded fetches the loaded year itself: no provisional deadline`, async () => {
    const loaded = await service.request('PUT', `/v1/calendar/years/${YEAR}`, SCHEDULE);
    expect(loaded.status).toBe(200);
    const { path, votedAt } = await promotionVotedOnDecember28();
    const policy = { workingDays: 5, publicationDayCounts: true };
    const corrected = publicityWindow(calendarWith([SCHEDULE]), { publishedAt: votedAt, ...policy });

    // One request, one Update: the case asks the holiday calendar for the loaded years as the window opens.
    const open = await sendEvent(path, { ...e.publicity, publishedAt: votedAt });
    expect(open.state).toBe('publicity.open');
    expect(open.deadlines).toEqual([
      expect.objectContaining({ timer: 'publicityWindow', at: corrected.closesAt }),
    ]);
    const opened = (await service.request('GET', path)).body as CaseView;
    expect(opened.context.publicity).toMatchObject({ provisional: false, uncoveredYears: [] });
    // What the Update answered includes the loaded calendar's step, by the case itself.
    expect(open.applied.find((r) => r.type === 'CALENDAR_UPDATED')).toMatchObject({
      actor: { id: 'holiday-calendar', role: 'system' },
      requestId: expect.any(String),
    });
  });
});

describe('starting each track over HTTP', () => {
  const starts = {
    promotion: () => ({ track: 'promotion' as const, ...promotionInput() }),
    rotation: () => ({ track: 'rotation' as const, ...rotationStart() }),
    demotion: () => ({ track: 'demotion' as const, ...demotionStart() }),
    probation: () => ({ track: 'probation' as const, ...probationStart() }),
  };
  const firstState = {
    promotion: 'motion',
    rotation: 'motion',
    demotion: 'verification',
    probation: 'serving',
  };

  it.each(Object.keys(starts) as (keyof typeof starts)[])(
    '%s: 201, the track’s workflow type and its one-line summary',
    async (track) => {
      const body = starts[track]();
      const started = await service.request('POST', '/v1/cases', body);
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({ track, state: firstState[track], status: 'open' });
      const description = await service.env.client.workflow.getHandle(started.body.workflowId).describe();
      expect(description.type).toBe(workflowTypeFor[track]);
      expect(await description.staticSummary()).toBe(staticSummaryFor(startCaseSchema.parse(body)));
      expect((description.searchAttributes as Record<string, unknown[]>).CaseTrack).toEqual([track]);
    },
  );
});
