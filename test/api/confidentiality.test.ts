import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probationStart } from '../support/cases';
import { startTestService, type TestService } from '../support/service';

/**
 * A report's content, who filed it, and its verification's findings are the organization department's
 * only (DOMAIN.md, "Confidentiality"). Before: the finance department's token read a report about its own
 * cadre in the case JSON and the record. Each route that shows a case is tried with each role.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
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
