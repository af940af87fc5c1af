import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDateOf, endOfChinaDay } from '../../domain/dates';
import { startTestService, type TestService } from '../support/service';
import { fastForward } from '../support/temporal';
import { demotion, demotionPosts, demotionStart } from '../support/track-fixtures';

/**
 * 复核 over HTTP (rules edition 4): a 降职 voted through stays open 30 days (《公务员法》(2018) art. 95); the
 * cadre's department files the request on the cadre's behalf through the ordinary event route, on day 30;
 * once the period has passed the case is closed and the request is a 409 naming the rule. The dev server
 * fast-forwards a case's own clock (time skipping), so the 30 days pass in seconds.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService({ timeSkipping: true });
});
afterAll(async () => {
  await service?.stop();
});

const http = ({ actor: _actor, ...event }: Record<string, unknown>) => event;

async function demoted(caseId: string) {
  const body = { track: 'demotion', ...demotionStart({ caseId }) };
  expect((await service.request('POST', '/v1/cases', body)).status).toBe(201);
  const path = `/v1/cases/${body.department}/${body.caseId}`;
  for (const event of [
    demotion.verified,
    demotion.talk(),
    demotion.propose('demotion', { newPost: demotionPosts.lower }),
  ]) {
    expect((await service.request('POST', `${path}/events`, http(event))).status).toBe(200);
  }
  const voted = await service.request('POST', `${path}/events`, http(demotion.passes), {
    token: service.tokens.committee,
  });
  expect(voted.status).toBe(200);
  expect(voted.body.state).toBe('openToReview');
  return { path, workflowId: `${body.department}/${body.caseId}`, voted: voted.body };
}

/**
 * Moves the case's own clock to `instant` plus `ms`. A case that closes on the way (its period's timer
 * fired) ends the fast-forward early, which the server reports as such: that is the point.
 */
async function caseClockTo(workflowId: string, instant: string, ms: number) {
  await fastForward(service.env.client, workflowId, Date.parse(instant) + ms - Date.now()).catch(
    (error: Error) => {
      if (!/execution ended before the fast-forward completed/.test(error.message)) throw error;
    },
  );
}

describe('复核 through the API', () => {
  it('requested on day 30 by the cadre’s department: 200, the decision stays in force, the 纪实 shows it', async () => {
    const { path, workflowId, voted } = await demoted(`rec-in-${Date.now().toString(36)}`);
    const decidedOn = chinaDateOf(Date.now());
    const closesAt = endOfChinaDay(addDays(decidedOn, 30));
    expect(voted.deadlines[0]).toMatchObject({ timer: 'recoursePeriod', at: closesAt });
    // The committee records votes only: it may not file the request (the table's words).
    const byCommittee = await service.request('POST', `${path}/events`, http(demotion.reviewRequested), {
      token: service.tokens.committee,
    });
    expect(byCommittee.status).toBe(409);
    expect(byCommittee.body.error.message).toContain('代干部本人提交复核申请');

    await caseClockTo(workflowId, closesAt, -60 * 60_000); // 23:00 on day 30
    const requested = await service.request('POST', `${path}/events`, http(demotion.reviewRequested), {
      token: service.tokens.finance,
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);
    expect(requested.body).toMatchObject({ state: 'reviewPending', status: 'open' });
    expect(requested.body.outcome).toBeUndefined();
    expect(requested.body.applied[0]).toMatchObject({
      type: 'REVIEW_REQUESTED',
      actor: { role: 'department' },
      data: { grounds: demotion.reviewRequested.grounds },
    });
    expect(chinaDateOf(requested.body.applied[0].at)).toBe(addDays(decidedOn, 30));
    // A department may file it; only the organization department decides it.
    expect(requested.body.legalEvents).toEqual([]);
    const asOrg = (await service.request('GET', path)).body;
    expect(asOrg.legalEvents).toEqual(['REVIEW_DECIDED']);

    const record = await service.request('GET', `${path}/documents/record?format=text`);
    expect(record.status).toBe(200);
    expect(String(record.body)).toContain('申请复核，理由：本人认为事故系客观原因所致，处理过重');
  });

  it('after day 30 the case has closed with the decision in force: a request is 409, naming the rule, changing nothing', async () => {
    const { path, workflowId } = await demoted(`rec-out-${Date.now().toString(36)}`);
    const closesAt = endOfChinaDay(addDays(chinaDateOf(Date.now()), 30));
    await caseClockTo(workflowId, closesAt, 60_000); // day 31 has begun
    let view = (await service.request('GET', path)).body;
    for (let tries = 0; view.status !== 'closed' && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = (await service.request('GET', path)).body;
    }
    expect(view).toMatchObject({ state: 'recourseEnded', status: 'closed', outcome: 'demotion' });

    const late = await service.request('POST', `${path}/events`, http(demotion.reviewRequested), {
      token: service.tokens.finance,
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 'case_closed',
      state: 'recourseEnded',
      legalEvents: [],
      label: {
        zh: '决定生效（复核、申诉期已满，公务员法第九十五条）',
        en: 'In effect; the period for 复核 and 申诉 has passed (公务员法 art. 95)',
      },
    });
    const after = (await service.request('GET', path)).body;
    expect(after.record.map((r: { type: string }) => r.type)).not.toContain('REVIEW_REQUESTED');
    expect(after.record.length).toBe(view.record.length);
  });
});
