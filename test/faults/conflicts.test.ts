import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, RecordEntry } from '../../domain/case-view';
import { chinaDateOf } from '../../domain/dates';
import { probationStart } from '../support/cases';
import { startTestService, type TestService } from '../support/service';
import { rotation, rotationStart } from '../support/track-fixtures';

/**
 * Fifty conflicting events at one case at once, twice: two different terminal events from one state (a
 * rotation's notice and talk, and its withdrawal) with retries by request id; and many events of a
 * probation that each could apply in some order (new reports, a report filed twice, verifications that
 * are legal only once their report is in, one that closes the case). Whatever applies forms one legal
 * path, each applied once; every other event is refused with the state it lost to. Then Temporal's limit
 * on Updates in flight at one case, lowered to two, under twenty at once: a clear 429 with Retry-After,
 * never a 5xx and never an answer later than the API's deadline; the callers' retries apply each once.
 */
let service: TestService;
let limited: TestService;
/** The API's deadline for an event (api/temporal-connection.ts `actMs`) in the limited service. */
const ACT_MS = 5_000;
beforeAll(async () => {
  [service, limited] = await Promise.all([
    startTestService(),
    startTestService({
      dynamicConfig: ['history.maxInFlightUpdates=2'],
      deadlines: { callMs: 5_000, actMs: ACT_MS },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([service?.stop(), limited?.stop()]);
});

const withoutActor = ({ actor: _actor, ...event }: Record<string, unknown>) => event;
const shuffled = <T>(list: T[]) =>
  list
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

type Send = { event: Record<string, unknown>; requestId: string };
type Sent = Send & {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
  body: any;
  retryAfter: string | null;
  /** Every answer this request had, first to last (429s and 503s retried). */
  attempts: { status: number; code?: string; retryAfter: string | null; ms: number }[];
};

/**
 * Sends one event as a caller told to retry would: after a 429 or 503, again with the same request id,
 * after the Retry-After it was given (a 503: a case closing as its event arrived) and a jittered backoff,
 * and after no answer.
 */
async function send(on: TestService, path: string, s: Send): Promise<Sent> {
  const attempts: Sent['attempts'] = [];
  for (let attempt = 0; ; attempt++) {
    const started = performance.now();
    const response = await fetch(`${on.api.url}${path}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${on.tokens.org}`,
        'x-request-id': s.requestId,
      },
      body: JSON.stringify(s.event),
    }).catch(() => undefined);
    // A kept-alive connection the server closed as it was reused: send again (same id, so safe).
    if (!response) {
      if (attempt >= 40) throw new Error(`${s.requestId}: no answer`);
      continue;
    }
    const answer: Sent = {
      ...s,
      status: response.status,
      body: await response.json(),
      retryAfter: response.headers.get('retry-after'),
      attempts,
    };
    attempts.push({
      status: answer.status,
      code: answer.body?.error?.code,
      retryAfter: answer.retryAfter,
      ms: performance.now() - started,
    });
    if (![429, 503].includes(answer.status) || attempt >= 200) return answer;
    // Retry-After is the least wait; a crowd of callers also backs off, with jitter, as clients should.
    const least = Number(answer.retryAfter ?? 1) * 1_000;
    const backoff = Math.min(8_000, least * 1.5 ** attempt) * (0.5 + Math.random());
    await new Promise((resolve) => setTimeout(resolve, Math.max(least, backoff)));
  }
}

const countBy = (statuses: number[]) =>
  Object.fromEntries([...new Set(statuses)].sort().map((s) => [s, statuses.filter((x) => x === s).length]));

/** The record's transitions form one path: each starts where the one before it ended. */
function expectOnePath(view: CaseView, initial: string) {
  const transitions = view.record.filter((r) => r.kind === 'transition');
  let at = initial;
  for (const t of transitions) {
    expect(t.from, `${t.type} (${t.requestId})`).toBe(at);
    at = t.to as string;
  }
  expect(at).toBe(view.state);
  return transitions;
}

describe('conflicting events at one case', () => {
  it(
    '50 at once, two terminal events and retries: one transition applies, the rest are refused with the state they lost to',
    async () => {
      const start = { track: 'rotation', ...rotationStart() };
      const path = `/v1/cases/${start.department}/${start.caseId}`;
      expect((await service.request('POST', '/v1/cases', start)).status).toBe(201);
      for (const [event, token] of [
        [rotation.propose(), service.tokens.org],
        [rotation.consulted, service.tokens.org],
        [rotation.passes, service.tokens.committee],
      ] as const) {
        expect((await service.request('POST', `${path}/events`, withoutActor(event), { token })).status).toBe(
          200,
        );
      }
      const before = (await service.request('GET', path)).body as CaseView;

      // 20 talks, 20 withdrawals, each its own request; 10 retries of one talk by its request id.
      const talk = withoutActor(rotation.talk(chinaDateOf(Date.now())));
      const withdraw = withoutActor(rotation.withdraw);
      const sends = shuffled([
        ...Array.from({ length: 20 }, (_, i) => ({ event: talk, requestId: `talk-${i}` })),
        ...Array.from({ length: 20 }, (_, i) => ({ event: withdraw, requestId: `withdraw-${i}` })),
        ...Array.from({ length: 10 }, () => ({ event: talk, requestId: 'talk-0' })),
      ]);
      const answers = await Promise.all(sends.map((s) => send(service, path, s)));

      for (const a of answers) expect([200, 409], JSON.stringify(a.body)).toContain(a.status);
      const applied = new Set(answers.filter((a) => a.status === 200).map((a) => a.requestId));
      // One transition applied (talk-0 may be answered 200 more than once: a retry by its id gets its outcome).
      expect(applied.size).toBe(1);
      const view = (await service.request('GET', path)).body as CaseView;
      const transitions = expectOnePath(view, 'motion');
      expect(transitions.slice(before.record.filter((r) => r.kind === 'transition').length)).toEqual([
        expect.objectContaining({ requestId: [...applied][0], to: view.state }),
      ]);
      for (const refused of answers.filter((a) => a.status === 409)) {
        expect(['illegal_transition', 'case_closed']).toContain(refused.body.error.code);
        expect(refused.body.error.state).toBe(view.state);
      }
      console.log(
        'conflicts (two terminal events):',
        JSON.stringify({
          sent: sends.length,
          applied: [...applied],
          answered: countBy(answers.map((a) => a.status)),
          finalState: view.state,
        }),
      );
    },
    5 * 60_000,
  );

  it(
    '50 at once that could each apply in some order: whatever applied is one legal path, each once; the rest lost to a state on it',
    async () => {
      const start = { track: 'probation', ...probationStart() };
      const path = `/v1/cases/${start.department}/${start.caseId}`;
      expect((await service.request('POST', '/v1/cases', start)).status).toBe(201);

      const report = (n: number) => ({
        type: 'REPORT_FILED',
        reportId: `R${n}`,
        channel: 'online',
        summary: `反映问题 ${n}`,
      });
      const verify = (type: string, n: number) => ({ type, reportId: `R${n}`, findings: `核查 R${n}` });
      const sends = shuffled([
        // 16 new reports: each legal while the case is open.
        ...Array.from({ length: 16 }, (_, i) => ({ event: report(i + 1), requestId: `report-${i + 1}` })),
        // 8 retries of the first eight by request id: each applies at most once.
        ...Array.from({ length: 8 }, (_, i) => ({ event: report(i + 1), requestId: `report-${i + 1}` })),
        // 6 of R1 again under ids of their own: a report id is used once.
        ...Array.from({ length: 6 }, (_, i) => ({ event: report(1), requestId: `again-${i}` })),
        // 10 clearances of R1–R10: legal only once that report is in, and pending.
        ...Array.from({ length: 10 }, (_, i) => ({
          event: verify('VERIFICATION_CLEARED', i + 1),
          requestId: `clear-${i + 1}`,
        })),
        // 10 substantiations of R11–R20 (R17–R20 are never filed): the first to apply closes the case.
        ...Array.from({ length: 10 }, (_, i) => ({
          event: verify('VERIFICATION_SUBSTANTIATED', i + 11),
          requestId: `substantiate-${i + 11}`,
        })),
      ]);
      expect(sends).toHaveLength(50);
      const answers = await Promise.all(sends.map((s) => send(service, path, s)));
      for (const a of answers) expect([200, 409], JSON.stringify(a.body)).toContain(a.status);

      const view = (await service.request('GET', path)).body as CaseView;
      const transitions = expectOnePath(view, 'serving');
      const applied = new Set(answers.filter((a) => a.status === 200).map((a) => a.requestId));
      // Every 200 is in the record once, and everything in the record was answered 200.
      for (const id of applied)
        expect(
          transitions.filter((t) => t.requestId === id),
          id,
        ).toHaveLength(1);
      const recorded = new Set(transitions.map((t) => t.requestId));
      const unrecorded = answers.filter((a) => a.status === 200 && !recorded.has(a.requestId));
      expect(
        unrecorded.map((a) => ({ id: a.requestId, body: a.body, attempts: a.attempts })),
        'answered 200, not in the record',
      ).toEqual([]);
      expect(recorded).toEqual(applied);
      // A legal path: each report once; each verification after its report, while it was pending; at most
      // one substantiation, and the case ends with it.
      const seq = (t: RecordEntry) => t.seq;
      const reportIdOf = (t: RecordEntry) =>
        t.requestId && sends.find((s) => s.requestId === t.requestId)?.event.reportId;
      const filed = new Map<string, RecordEntry>();
      for (const t of transitions.filter((t) => t.type === 'REPORT_FILED')) {
        const id = reportIdOf(t) as string;
        expect(filed.has(id), `${id} filed twice`).toBe(false);
        filed.set(id, t);
      }
      for (const t of transitions.filter((t) => t.type.startsWith('VERIFICATION_'))) {
        const id = reportIdOf(t) as string;
        expect(filed.get(id), `${t.type} of ${id} before its report`).toBeDefined();
        expect(seq(filed.get(id) as RecordEntry)).toBeLessThan(seq(t));
      }
      const substantiated = transitions.filter((t) => t.type === 'VERIFICATION_SUBSTANTIATED');
      expect(substantiated.length).toBeLessThanOrEqual(1);
      if (substantiated.length === 1) {
        expect(transitions.at(-1)).toBe(substantiated[0]);
        expect(view.state).toBe('returned');
      } else expect(view.state).toBe('serving');
      // Refused: with the state the event lost to, one the case stood in.
      const path_ = new Set(['serving', ...transitions.map((t) => t.to)]);
      for (const refused of answers.filter((a) => a.status === 409)) {
        const { code, state } = refused.body.error;
        expect(['illegal_transition', 'case_closed'], refused.requestId).toContain(code);
        expect(path_.has(state), `${refused.requestId} lost to ${state}`).toBe(true);
        if (code === 'case_closed') expect(state).toBe(view.state);
      }
      console.log(
        'conflicts (a legal path):',
        JSON.stringify({
          sent: sends.length,
          applied: applied.size,
          path: transitions
            .map((t) => t.type)
            .reduce<Record<string, number>>((n, type) => {
              n[type] = (n[type] ?? 0) + 1;
              return n;
            }, {}),
          answered: countBy(answers.map((a) => a.status)),
          finalState: view.state,
        }),
      );
    },
    5 * 60_000,
  );

  it('a request id the API cannot keep is refused (422), never replaced by a fresh one a retry would not repeat', async () => {
    const start = { track: 'probation', ...probationStart() };
    const path = `/v1/cases/${start.department}/${start.caseId}`;
    expect((await service.request('POST', '/v1/cases', start)).status).toBe(201);
    const event = { type: 'REPORT_FILED', reportId: 'X1', channel: 'online', summary: '反映问题' };
    for (const id of ['case-1.step-2', 'urn:uuid:1', 'a'.repeat(256), 'report 1']) {
      const refused = await service.request('POST', `${path}/events`, event, {
        headers: { 'x-request-id': id },
      });
      expect(refused.status, id).toBe(422);
      expect(refused.body.error).toMatchObject({
        code: 'invalid_request',
        issues: [{ path: 'X-Request-Id' }],
      });
    }
    // Nothing applied; the same event under a usable id applies, and its retry by that id applies once.
    for (let i = 0; i < 2; i++) {
      const applied = await service.request('POST', `${path}/events`, event, {
        headers: { 'x-request-id': 'case-1_step-2' },
      });
      expect(applied.status).toBe(200);
    }
    const view = (await service.request('GET', path)).body as CaseView;
    expect(view.record.filter((r) => r.type === 'REPORT_FILED').map((r) => r.requestId)).toEqual([
      'case-1_step-2',
    ]);
  });

  it(
    "Temporal's limit on Updates in flight (lowered to two), twenty at once: a clear 429 with Retry-After, never a 5xx, never past the deadline; retries apply each event once",
    async () => {
      const start = { track: 'probation', ...probationStart() };
      const path = `/v1/cases/${start.department}/${start.caseId}`;
      expect((await limited.request('POST', '/v1/cases', start)).status).toBe(201);
      // Twenty at once: one at a time gets in, the rest are told to come back (and do, until each is in).
      const sends = Array.from({ length: 20 }, (_, i) => ({
        event: { type: 'REPORT_FILED', reportId: `L${i}`, channel: 'phone', summary: `来电反映 ${i}` },
        requestId: `limited-${i}`,
      }));
      const answers = await Promise.all(sends.map((s) => send(limited, path, s)));

      const first = answers.map((a) => a.attempts[0]?.status as number);
      const every = answers.flatMap((a) => a.attempts);
      // Each answer: applied, or "come back later" said clearly, with when.
      for (const attempt of every) expect([200, 429, 503]).toContain(attempt.status);
      const limitedAnswers = every.filter((a) => a.status === 429);
      expect(limitedAnswers.length).toBeGreaterThan(0);
      for (const answer of every.filter((a) => a.status !== 200)) {
        expect(answer.code).toBe(answer.status === 429 ? 'rate_limited' : 'unavailable');
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      }
      // Never a hang: every answer comes by the API's deadline (its short retries of Temporal included),
      // give or take what a loaded machine adds; the SDK's own retries alone would take 20 s.
      for (const answer of every) expect(answer.ms).toBeLessThan(ACT_MS + 7_000);
      // After the retries: every event applied, each once.
      for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
      const view = (await limited.request('GET', path)).body as CaseView;
      const transitions = expectOnePath(view, 'serving');
      expect(transitions.map((t) => t.requestId).sort()).toEqual(sends.map((s) => s.requestId).sort());
      console.log(
        'in-flight Update limit:',
        JSON.stringify({
          sent: sends.length,
          firstAnswers: countBy(first),
          allAnswers: countBy(every.map((a) => a.status)),
          slowestMs: Math.round(Math.max(...every.map((a) => a.ms))),
          applied: transitions.length,
        }),
      );
    },
    10 * 60_000,
  );
});
