import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CadreClient } from '../../api/client';
import { writtenDate, writtenDateTime } from '../../documents/written';
import { addDays, chinaDateOf, formatChinaDateTime } from '../../domain/dates';
import { builtInCalendar, isWorkingDay, publicityWindow } from '../../machines/calendar';
import { uniqueCaseId } from '../support/cases';
import {
  demotionAtTheProposal,
  probationInReview,
  promotionThroughTheVote,
  rotationAtTheVote,
  today,
} from '../support/history-fixtures';
import { e } from '../support/promotion-fixtures';
import { startTestService, type TestService } from '../support/service';
import { rotation } from '../support/track-fixtures';

/**
 * Dated steps over real HTTP, against a real worker and dev server: `occurredAt` at its boundaries,
 * publicity windows published in the past, cases brought in under way on every track, and the Update
 * names a case's history shows.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const SECOND = 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const path = (department: string, caseId: string) => `/v1/cases/${department}/${caseId}`;
const send = (department: string, caseId: string, event: object, token?: string) =>
  service.request('POST', `${path(department, caseId)}/events`, event, token ? { token } : undefined);
const read = async (department: string, caseId: string) =>
  (await service.request('GET', path(department, caseId))).body;

/** Polls the case until `done` holds (effects and timers run after the answer). */
// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
async function settled(department: string, caseId: string, done: (view: any) => boolean) {
  for (let tries = 0; tries < 100; tries++) {
    const view = await read(department, caseId);
    if (done(view)) return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${department}/${caseId} did not settle`);
}

const report = (reportId: string, occurredAt?: string) => ({
  type: 'REPORT_FILED',
  reportId,
  channel: 'online',
  summary: '反映问题',
  ...(occurredAt === undefined ? {} : { occurredAt }),
});

/** The working day `n` working days before `day` (n ≥ 1). */
function workingDaysBefore(day: string, n: number): string {
  let date = day;
  for (let found = 0; found < n; ) {
    date = addDays(date, -1);
    if (isWorkingDay(builtInCalendar, date).working) found++;
  }
  return date;
}

describe('occurredAt at its boundaries', () => {
  const department = 'district-finance';
  const caseId = uniqueCaseId('dated');
  const startedOn = addDays(today(), -10);

  it('a case may start dated in the past, and a step then may not precede it', async () => {
    const started = await service.request('POST', '/v1/cases', {
      track: 'probation',
      department,
      caseId,
      cadre: { id: 'C-1001', name: '李明' },
      trialPost: {
        unit: '区财政局',
        title: '副局长',
        rank: '副处',
        leadershipTeam: true,
        carriesProbation: true,
      },
      previousPost: { unit: '区财政局', title: '预算科科长', rank: '正科' },
      startsOn: startedOn,
      nominatedBy: ['leader-wang'],
      occurredAt: startedOn,
    });
    expect(started.status).toBe(201);
    expect(started.body.record[0]).toMatchObject({ type: 'CASE_STARTED', occurredAt: startedOn });

    const before = await send(department, caseId, report('r0', addDays(startedOn, -1)));
    expect(before.status).toBe(422);
    expect(before.body.error.issues).toEqual([
      {
        path: 'occurredAt',
        message: expect.stringMatching(
          new RegExp(
            `早于上一步 CASE_STARTED 的时间（${startedOn}）.*before the step it follows: CASE_STARTED, on ${startedOn}`,
          ),
        ),
      },
    ]);
  });

  it('one second in the future is 422 naming now; one second in the past is taken, with both times recorded', async () => {
    const future = await send(department, caseId, report('r1', iso(Date.now() + SECOND)));
    expect(future.status).toBe(422);
    expect(future.body.error).toMatchObject({
      code: 'invalid_request',
      issues: [
        { path: 'occurredAt', message: expect.stringMatching(/晚于现在.*lies in the future: it is now/) },
      ],
    });

    const occurredAt = iso(Date.now() - SECOND);
    const taken = await send(department, caseId, report('r1', occurredAt));
    expect(taken.status).toBe(200);
    const entry = taken.body.applied[0];
    expect(entry).toMatchObject({ type: 'REPORT_FILED', at: occurredAt, occurredAt });
    expect(Date.parse(entry.recordedAt)).toBeGreaterThanOrEqual(Date.parse(occurredAt));
  });

  it('one second before the latest step is 422 naming it and its time; the same instant is taken', async () => {
    const view = await read(department, caseId);
    const latest = view.record.filter((r: { kind: string }) => r.kind !== 'effect').at(-1);
    const refused = await send(department, caseId, report('r2', iso(Date.parse(latest.at) - SECOND)));
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues[0].message).toContain(
      `before the step it follows: REPORT_FILED, on ${formatChinaDateTime(latest.at)}`,
    );
    expect((await send(department, caseId, report('r2', latest.at))).status).toBe(200);
  });

  it('by date: tomorrow is 422, today is taken', async () => {
    const tomorrow = await send(department, caseId, report('r3', addDays(today(), 1)));
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.error.issues[0]).toMatchObject({ path: 'occurredAt' });
    const todays = await send(department, caseId, report('r3', today()));
    expect(todays.status).toBe(200);
    expect(todays.body.applied[0]).toMatchObject({ occurredAt: today() });
  });

  it('the record, JSON and text, shows when each step happened and when it was recorded', async () => {
    const record = (await service.request('GET', `${path(department, caseId)}/record`)).body.record;
    expect(record.find((r: { type: string }) => r.type === 'CASE_STARTED')).toMatchObject({
      occurredAt: startedOn,
      recordedAt: expect.any(String),
    });
    const text = (await service.request('GET', `${path(department, caseId)}/record?format=text`)).body;
    // The 纪实: the day the case began (a date alone was stated), and when the service recorded it.
    expect(text).toContain(
      `办理时间：${writtenDate(startedOn)}；记录时间：${writtenDateTime(record[0].recordedAt)}`,
    );
  });

  it('a policy bound on late reporting: its last day is taken, the day before is 422', async () => {
    const id = uniqueCaseId('late');
    const body = {
      ...rotationAtTheVote(id),
      history: undefined,
      policy: { reporting: { maxDaysLate: 3 } },
    };
    expect(
      (await service.request('POST', '/v1/cases', { ...body, occurredAt: addDays(today(), -20) })).status,
    ).toBe(201);
    const tooLate = await send(body.department, id, {
      ...rotation.propose(),
      actor: undefined,
      occurredAt: addDays(today(), -4),
    });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body.error.issues[0].message).toMatch(
      /4 days ago; this case's policy takes steps reported at most 3 days/,
    );
    const inTime = await send(body.department, id, {
      ...rotation.propose(),
      actor: undefined,
      occurredAt: addDays(today(), -3),
    });
    expect(inTime.status).toBe(200);
  });
});

describe('publicity windows published in the past', () => {
  it('a notice posted three working days ago closes as the calendar says, in the future; its timer counts from then', async () => {
    const caseId = uniqueCaseId('pub');
    const { start } = promotionThroughTheVote(caseId);
    const started = await service.request('POST', '/v1/cases', start);
    expect(started.status).toBe(201);
    expect(started.body.state).toBe('publicity.pending');

    const postedOn = workingDaysBefore(today(), 3);
    const expected = publicityWindow(builtInCalendar, {
      publishedAt: `${postedOn}T00:00:00+08:00`,
      workingDays: 5,
      publicationDayCounts: true,
    });
    const { publishedAt: _fixed, ...publicity } = e.publicity;
    const open = await send(start.department, caseId, {
      ...publicity,
      actor: undefined,
      occurredAt: postedOn,
    });
    expect(open.status).toBe(200);
    expect(open.body.state).toBe('publicity.open');
    expect(open.body.deadlines[0]).toMatchObject({ timer: 'publicityWindow', at: expected.closesAt });
    expect(expected.workingDaysCounted[0]).toBe(postedOn);
    expect(Date.parse(expected.closesAt)).toBeGreaterThan(Date.now());
    // The answer says what the event set going: the department's notice, still on its way (`following`)
    // or, when the case fetched the loaded calendar meanwhile, already sent (an effect entry in `applied`).
    const notices = [
      ...open.body.following.map((f: { type: string; kind?: string }) => `${f.type}:${f.kind}`),
      ...open.body.applied
        .filter((r: { kind: string }) => r.kind === 'effect')
        .map(
          (r: { type: string; data?: { params?: { kind?: string } } }) => `${r.type}:${r.data?.params?.kind}`,
        ),
    ];
    expect(notices).toContain('notify:publicity_started');
  });

  it('a window whose end is already past closes at once, dated at its end, and the record says so', async () => {
    const caseId = uniqueCaseId('pub-past');
    const { start, votedOn } = promotionThroughTheVote(caseId);
    const postedOn = addDays(votedOn, 1);
    const window = publicityWindow(builtInCalendar, {
      publishedAt: `${postedOn}T00:00:00+08:00`,
      workingDays: 5,
      publicationDayCounts: true,
    });
    expect(Date.parse(window.closesAt)).toBeLessThan(Date.now());
    const { publishedAt: _fixed, actor: _actor, at: _at, ...publicity } = e.publicity;
    const history = [...(start.history ?? []), { ...publicity, occurredAt: postedOn }];
    const started = await service.request('POST', '/v1/cases', { ...start, history });
    expect(started.status).toBe(201);
    const view = await settled(start.department, caseId, (v) => v.state === 'awaitingAppointment');
    const closed = view.record.find((r: { type: string }) => r.type === 'PUBLICITY_CLOSED');
    expect(closed).toMatchObject({
      at: window.closesAt,
      actor: { role: 'system' },
      data: { dueAt: window.closesAt, firedAtOnce: true },
      reason: expect.stringMatching(/在记录前已过，即时办结 .*it fired at once/),
    });
    expect(closed.imported).toBeUndefined();
    expect(Date.parse(closed.recordedAt)).toBeGreaterThan(Date.parse(window.closesAt));
  });
});

describe('cases brought in under way', () => {
  it('promotion, at publicity: every step imported, the inspection notice’s timer fired between two of them', async () => {
    const caseId = uniqueCaseId('imp-pro');
    const { start } = promotionThroughTheVote(caseId);
    const started = await service.request('POST', '/v1/cases', start);
    expect(started.status).toBe(201);
    expect(started.body.state).toBe('publicity.pending');
    const record = started.body.record;
    const steps = record.filter((r: { kind: string }) => r.kind === 'transition');
    expect(steps.every((r: { imported?: boolean }) => r.imported === true)).toBe(true);
    expect(steps.map((r: { type: string }) => r.type)).toEqual(
      expect.arrayContaining(['INSPECTION_NOTICE_PUBLISHED', 'INSPECTION_NOTICE_ELAPSED', 'VOTE_RECORDED']),
    );
    const elapsed = steps.find((r: { type: string }) => r.type === 'INSPECTION_NOTICE_ELAPSED');
    expect(elapsed).toMatchObject({ actor: { role: 'system' }, data: { firedAtOnce: true } });
    // The vote is the committee's, named by the organization department that brought the case in.
    expect(steps.find((r: { type: string }) => r.type === 'VOTE_RECORDED').actor).toMatchObject({
      role: 'committee',
    });
    // None of the steps' effects ran: their notices went out when they happened.
    expect(record.filter((r: { kind: string }) => r.kind === 'effect')).toEqual([]);
  });

  it('rotation, at the vote: the committee votes live, and the reply lists the effects still running', async () => {
    const caseId = uniqueCaseId('imp-rot');
    const start = rotationAtTheVote(caseId);
    const started = await service.request('POST', '/v1/cases', start);
    expect(started.status).toBe(201);
    // The vote is the committee's to record: its view lists it, the organization department's does not.
    expect(started.body.state).toBe('committeeVote');
    expect(started.body.legalEvents).not.toContain('VOTE_RECORDED');
    const asCommittee = await service.request('GET', path(start.department, caseId), undefined, {
      token: service.tokens.committee,
    });
    expect(asCommittee.body.legalEvents).toContain('VOTE_RECORDED');
    const { actor: _a, ...vote } = rotation.passes;
    expect((await send(start.department, caseId, vote, service.tokens.committee)).status).toBe(200);
    const talk = await send(start.department, caseId, rotation.talk(today()));
    expect(talk.status).toBe(200);
    expect(talk.body.following).toContainEqual(expect.objectContaining({ type: 'transferPost' }));
    const done = await settled(start.department, caseId, (v) =>
      v.record.some((r: { type: string }) => r.type === 'transferPost'),
    );
    expect(done.status).toBe('closed');

    // The Web UI's history: each event under its own Update name, after the start's read-back (the
    // update-with-start that answered POST /v1/cases).
    const history = await service.env.client.workflow
      .getHandle(`${start.department}/${caseId}`)
      .fetchHistory();
    const names = (history.events ?? []).flatMap(
      (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? [],
    );
    expect(names).toEqual(['startReadBack', 'VOTE_RECORDED', 'NOTICE_AND_TALK_HELD']);
  });

  it('demotion, at the proposal', async () => {
    const caseId = uniqueCaseId('imp-dem');
    const start = demotionAtTheProposal(caseId);
    const started = await service.request('POST', '/v1/cases', start);
    expect(started.status).toBe(201);
    expect(started.body.state).toBe('proposal');
    expect(
      started.body.record.map((r: { type: string; imported?: boolean }) => [r.type, r.imported]),
    ).toEqual([
      ['CASE_STARTED', undefined],
      ['TRIGGER_VERIFIED', true],
      ['TALK_HELD', true],
    ]);
  });

  it('probation, in review: its expiry had passed, so it fired at once as the case came in', async () => {
    const caseId = uniqueCaseId('imp-prob');
    const { start } = probationInReview(caseId);
    const started = await service.request('POST', '/v1/cases', start);
    expect(started.status).toBe(201);
    const view = await settled(start.department, caseId, (v) => v.state === 'review');
    const expired = view.record.find((r: { type: string }) => r.type === 'PROBATION_EXPIRED');
    expect(expired).toMatchObject({ data: { firedAtOnce: true } });
    expect(Date.parse(expired.at)).toBeLessThan(Date.parse(expired.recordedAt));
    expect(
      view.record.filter((r: { imported?: boolean }) => r.imported).map((r: { type: string }) => r.type),
    ).toEqual(['REPORT_FILED', 'VERIFICATION_CLEARED']);
  });

  it('an illegal step refuses the whole start, 409 naming the step and the rule; no workflow is left behind', async () => {
    const caseId = uniqueCaseId('imp-bad');
    const start = rotationAtTheVote(caseId);
    const [proposed] = start.history ?? [];
    const { actor: _a, ...vote } = rotation.passes;
    const refused = await service.request('POST', '/v1/cases', {
      ...start,
      history: [proposed, { ...vote, actor: { id: 'committee', role: 'committee' }, occurredAt: today() }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'illegal_transition',
      step: { index: 1, type: 'VOTE_RECORDED' },
      state: 'consultation',
      message: expect.stringMatching(
        /^历史第 2 步 VOTE_RECORDED 无法导入 · history\[1\] \(VOTE_RECORDED\) cannot be brought in/,
      ),
    });
    expect((await service.request('GET', path(start.department, caseId))).status).toBe(404);
    await expect(
      service.env.client.workflow.getHandle(`${start.department}/${caseId}`).describe(),
    ).rejects.toThrow(/not found/i);
  });

  it('a step out of date order is 422 on its occurredAt; a department may not put a step in another’s name', async () => {
    const start = rotationAtTheVote(uniqueCaseId('imp-order'));
    const [proposed, consulted] = start.history ?? [];
    const disordered = await service.request('POST', '/v1/cases', {
      ...start,
      history: [proposed, { ...consulted, occurredAt: addDays(proposed?.occurredAt ?? today(), -1) }],
    });
    expect(disordered.status).toBe(422);
    expect(disordered.body.error).toMatchObject({
      step: { index: 1, type: 'CONSULTATION_CONCLUDED' },
      issues: [
        { path: 'history.1.occurredAt', message: expect.stringContaining('before the step it follows') },
      ],
    });

    const probation = probationInReview(uniqueCaseId('imp-name')).start;
    const forged = await service.request(
      'POST',
      '/v1/cases',
      {
        ...probation,
        history: [{ ...probation.history?.[1], actor: { id: 'od-zhang', role: 'organization_department' } }],
      },
      { token: service.tokens.finance },
    );
    expect(forged.status).toBe(403);
  });
});

describe('the publicity window preview', () => {
  it('says when a window closes, the days it counts, and that a window into an uncovered year is provisional', async () => {
    const client = new CadreClient({ baseUrl: service.api.url, token: service.tokens.finance });
    const preview = await client.publicityWindow({ publishedAt: '2026-12-28' });
    const expected = publicityWindow(builtInCalendar, {
      publishedAt: '2026-12-28T00:00:00+08:00',
      workingDays: 5,
      publicationDayCounts: true,
    });
    expect(preview).toMatchObject({
      publishedAt: '2026-12-27T16:00:00.000Z',
      workingDays: 5,
      closesAt: expected.closesAt,
      workingDaysCounted: expected.workingDaysCounted,
      provisional: true,
      uncoveredYears: [2027],
      loadedYears: [],
    });
    const past = await client.publicityWindow({ publishedAt: '2026-11-02T09:00', workingDays: 7 });
    expect(past).toMatchObject({ opensOn: '2026-11-02', provisional: false, workingDays: 7 });
    expect(past.workingDaysCounted).toHaveLength(7);
  });

  it('refuses a date it cannot read, and fewer working days than the rules allow', async () => {
    const bad = await service.request('GET', '/v1/calendar/publicity-window?publishedAt=2026-02-30');
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].path).toBe('publishedAt');
    const short = await service.request(
      'GET',
      '/v1/calendar/publicity-window?publishedAt=2026-12-01&workingDays=4',
    );
    expect(short.status).toBe(422);
    expect(chinaDateOf(Date.now())).toBe(today());
  });
});
