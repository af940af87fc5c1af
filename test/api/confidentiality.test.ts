import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../domain/dates';
import { probationStart } from '../support/cases';
import { promotionInput } from '../support/promotion-driver';
import {
  checked,
  counts,
  datedOn,
  e,
  evaluate,
  inspected,
  nominate,
  review,
} from '../support/promotion-fixtures';
import { startTestService, type TestService } from '../support/service';
import { fastForward } from '../support/temporal';

/**
 * A report's content, who filed it, and its verification's findings are the organization department's
 * only (DOMAIN.md, "Confidentiality"). Before: the finance department's token read a report about its own
 * cadre in the case JSON and the record. Each route that shows a case is tried with each role.
 */
let service: TestService;
beforeAll(async () => {
  // Time skipping: a promotion reaches the checks before the vote only once its inspection notice ran out.
  service = await startTestService({ timeSkipping: true });
});
afterAll(async () => {
  await service?.stop();
});

const SECRET = '举报人张三反映：该同志收受礼金';
const FINDINGS = '经核查，反映的收受礼金问题属实';

describe('report contents are seen by the organization department only', () => {
  it('the cadre’s department and the committee see that the case is held, never who reported or what', async () => {
    const body = { track: 'probation', ...probationStart({ department: 'district-finance' }) };
    await service.request('POST', '/v1/cases', body, { token: service.tokens.finance });
    const path = `/v1/cases/${body.department}/${body.caseId}`;
    const filed = await service.request('POST', `${path}/reports`, {
      reportId: 'R-7',
      channel: 'letter',
      summary: SECRET,
      concerns: body.cadre.id,
    });
    expect(filed.status).toBe(200);
    expect(JSON.stringify(filed.body)).toContain(SECRET);

    const routes = [path, `${path}/record`, `${path}/record?format=text`];
    for (const token of [service.tokens.finance, service.tokens.committee]) {
      for (const route of routes) {
        const answer = await service.request('GET', route, undefined, { token });
        expect(answer.status).toBe(200);
        expect(JSON.stringify(answer.body)).not.toContain(SECRET);
        expect(JSON.stringify(answer.body)).not.toContain('od-zhang');
      }
      const view = (await service.request('GET', path, undefined, { token })).body;
      expect(view.context.reports).toEqual([{ id: 'R-7', status: 'pending', filedAt: expect.any(String) }]);
      // Held, but the verification is the organization department's: neither is offered it.
      expect(view.legalEvents).not.toContain('VERIFICATION_CLEARED');
    }
    for (const route of routes) {
      expect(JSON.stringify((await service.request('GET', route)).body)).toContain(SECRET);
    }

    // A department filing a report gets back that it was filed, not its content.
    const own = await service.request(
      'POST',
      `${path}/reports`,
      { reportId: 'R-8', channel: 'online', summary: SECRET },
      { token: service.tokens.finance },
    );
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.body)).not.toContain(SECRET);

    const verified = await service.request('POST', `${path}/events`, {
      type: 'VERIFICATION_SUBSTANTIATED',
      reportId: 'R-7',
      findings: FINDINGS,
    });
    expect(verified.status).toBe(200);
    for (const token of [service.tokens.finance, service.tokens.committee]) {
      for (const route of routes) {
        const text = JSON.stringify((await service.request('GET', route, undefined, { token })).body);
        expect(text).not.toContain(FINDINGS);
      }
    }
    const closed = (await service.request('GET', path, undefined, { token: service.tokens.finance })).body;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'ended_early' });
  });
});

/** An event as a department system sends it: the API stamps the actor (from the token) and the time. */
const http = ({ at: _at, actor: _actor, ...event }: Record<string, unknown>) => event;

async function sendEvent(path: string, event: Record<string, unknown>, token = service.tokens.org) {
  const answer = await service.request('POST', `${path}/events`, http(event), { token });
  if (answer.status !== 200) {
    throw new Error(`${event.type} → ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`);
  }
  return answer.body;
}

/** A promotion of district-finance over HTTP, through its inspection notice, A and B inspected, A proposed for the vote. */
async function promotionBeforeTheVote() {
  const start = { track: 'promotion', ...promotionInput() };
  expect((await service.request('POST', '/v1/cases', start)).status).toBe(201);
  const workflowId = `${start.department}/${start.caseId}`;
  const path = `/v1/cases/${workflowId}`;
  const today = chinaDateOf(Date.now());
  for (const event of [
    datedOn(today, e.motion),
    nominate('A'),
    nominate('B'),
    e.closeNominations,
    review('A', { asOf: today }),
    review('B', { asOf: today }),
    e.concludeReview,
    e.recommendation(60, ['A', 'B']),
    e.choose('A', 'B'),
  ])
    await sendEvent(path, event);
  await sendEvent(path, { ...e.notice, publishedAt: new Date().toISOString() });
  const notice = (await service.request('GET', path)).body.deadlines[0];
  await fastForward(service.env.client, workflowId, Date.parse(notice.at) + 60_000 - Date.now());
  for (const event of [
    evaluate('A', counts.clear),
    inspected('A'),
    evaluate('B', counts.clear),
    inspected('B'),
    e.conclude('A'),
    e.consulted,
  ])
    await sendEvent(path, event);
  const view = (await service.request('GET', path)).body;
  return { path, start, day: chinaDateOf(view.record.at(-1).at) };
}

const DISCIPLINE = '纪委意见：该同志曾因违规收受礼金受到诫勉';
const PERSONAL = '个人有关事项报告查核：漏报房产一处';
const LEADS = '信访举报核查：反映的问题部分属实';
const CHECKER = '区纪委第三监督检查室 王五';
const REPORT = '举报人李四反映：候选人乙收受礼金';
const REPORT_FINDINGS = '经核查，反映候选人乙收受礼金问题属实';
const SECRETS = [DISCIPLINE, PERSONAL, LEADS, CHECKER, REPORT, REPORT_FINDINGS];

describe('the discipline opinion, the personal-matters check and reports are the organization department’s', () => {
  it('each route, with each role: only the organization department reads them', async () => {
    const { path, start, day } = await promotionBeforeTheVote();
    const confidential = { checkedBy: CHECKER, conclusion: 'adverse' };
    for (const event of [
      checked('A', 'discipline_opinion', { ...confidential, summary: DISCIPLINE, reason: DISCIPLINE }),
      checked('A', 'personal_matters', { ...confidential, summary: PERSONAL }),
      checked('A', 'reports', { ...confidential, summary: LEADS }),
      checked('A', 'personnel_file', { summary: '档案审核无问题' }),
    ])
      await sendEvent(path, datedOn(day, event));
    // A report about B while B is in the running holds B; substantiated, it takes B out.
    const filed = await service.request(
      'POST',
      `${path}/reports`,
      { reportId: 'R-1', channel: 'letter', summary: REPORT, concerns: 'B' },
      { token: service.tokens.finance },
    );
    expect(filed.status).toBe(200);
    expect(JSON.stringify(filed.body)).not.toContain(REPORT);
    await sendEvent(path, { type: 'VERIFICATION_SUBSTANTIATED', reportId: 'R-1', findings: REPORT_FINDINGS });

    const routes = [
      path,
      `${path}/record`,
      `${path}/record?format=text`,
      `/v1/cases?department=${start.department}`,
      `${path}/documents/record?format=text`,
      '/v1/nominators/party-group-fin/ledger',
    ];
    const read = async (route: string, token: string) => {
      const answer = await service.request('GET', route, undefined, { token });
      return { status: answer.status, text: JSON.stringify(answer.body) };
    };
    // The organization department reads everything, in the case and its record.
    for (const route of routes.slice(0, 3)) {
      const { status, text } = await read(route, service.tokens.org);
      expect(status).toBe(200);
      for (const secret of SECRETS) expect(text).toContain(secret);
    }
    // The case's department and the committee read that checks were recorded, never their content.
    for (const token of [service.tokens.finance, service.tokens.committee]) {
      for (const route of routes) {
        const { status, text } = await read(route, token);
        expect(status).toBe(200);
        for (const secret of SECRETS) expect(text).not.toContain(secret);
        expect(text).not.toContain('adverse');
      }
      const view = (await service.request('GET', path, undefined, { token })).body;
      const [a, b] = view.context.candidates;
      expect(a.preVoteChecks.discipline_opinion).toMatchObject({
        checkedOn: day,
        conclusion: '〔仅组织部门可见 · organization department only〕',
      });
      expect(a.preVoteChecks.personnel_file).toMatchObject({
        conclusion: 'clear',
        summary: '档案审核无问题',
      });
      expect(b).toMatchObject({
        status: 'reportSubstantiated',
        out: { zh: '举报经核查属实', en: 'a report was substantiated' },
      });
      const entry = view.record.find(
        (r: { data?: { check?: string } }) => r.data?.check === 'personal_matters',
      );
      expect(entry).toMatchObject({
        type: 'PRE_VOTE_CHECK_RECORDED',
        data: { candidateId: 'A', checkedOn: day },
      });
    }
    // Another department: the case is not theirs to read (403), and its lists show none of it.
    for (const route of routes) {
      const { status, text } = await read(route, service.tokens.education);
      expect(status).toBe(route.startsWith('/v1/cases/') ? 403 : 200);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toContain(start.caseId);
    }
  });
});
