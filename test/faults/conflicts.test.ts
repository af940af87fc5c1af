import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../domain/dates';
import { startTestService, type TestService } from '../support/service';
import { rotation, rotationStart } from '../support/track-fixtures';

/**
 * Fifty conflicting events at one case at once: two different legal events from one state (the notice
 * and talk that completes a rotation, and its withdrawal), many callers of each, and retries of one
 * request by its id. Exactly one transition applies; every other event is refused with the state it lost
 * to, or told to come back (Temporal's limit on Updates in flight at one case: 429), never a 5xx or a hang.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const withoutActor = ({ actor: _actor, ...event }: Record<string, unknown>) => event;

describe('conflicting events at one case', () => {
  it('50 at once: one legal transition applies, the rest are refused with the state they lost to', async () => {
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

    // 20 talks, 20 withdrawals, each its own request; 10 retries of one talk by its request id.
    const talk = withoutActor(rotation.talk(chinaDateOf(Date.now())));
    const withdraw = withoutActor(rotation.withdraw);
    const sends = [
      ...Array.from({ length: 20 }, (_, i) => ({ event: talk, requestId: `talk-${i}` })),
      ...Array.from({ length: 20 }, (_, i) => ({ event: withdraw, requestId: `withdraw-${i}` })),
      ...Array.from({ length: 10 }, () => ({ event: talk, requestId: 'talk-0' })),
    ].sort(() => Math.random() - 0.5);
    // A caller retries a 503 (a case closing as its event arrived) with the same request id, as told.
    const send = async (s: (typeof sends)[number]) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await service.request('POST', `${path}/events`, s.event, {
          headers: { 'x-request-id': s.requestId },
        });
        if (answer.status !== 503 || attempt >= 5) return answer;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    };
    const answers = await Promise.all(sends.map(async (s) => ({ ...s, ...(await send(s)) })));

    const statuses = answers.map((a) => a.status);
    for (const a of answers) expect([200, 409, 429], JSON.stringify(a.body)).toContain(a.status);
    const applied = new Set(answers.filter((a) => a.status === 200).map((a) => a.requestId));
    // One transition applied (talk-0 may be answered 200 more than once: a retry by its id gets its outcome).
    expect(applied.size).toBe(1);
    const view = (await service.request('GET', path)).body;
    const terminal = view.record.filter((r: { type: string }) =>
      ['NOTICE_AND_TALK_HELD', 'WITHDRAWN'].includes(r.type),
    );
    expect(terminal).toHaveLength(1);
    expect(terminal[0].requestId).toBe([...applied][0]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(['illegal_transition', 'case_closed']).toContain(refused.body.error.code);
      expect(refused.body.error.state).toBe(view.state);
    }
    console.log(
      'conflicts:',
      JSON.stringify({
        sent: sends.length,
        applied: [...applied],
        byStatus: Object.fromEntries([200, 409, 429].map((s) => [s, statuses.filter((x) => x === s).length])),
        finalState: view.state,
      }),
    );
  });
});
