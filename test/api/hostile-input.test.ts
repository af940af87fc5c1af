import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probationStart } from '../support/cases';
import { startTestService, type TestService } from '../support/service';

/**
 * Defects a hostile-input run found (issue 13), each reproduced here first: no request a client can send
 * may end in a 5xx, and a refused request changes nothing.
 */
/** Low here, so that guessing tokens meets it; the last test in this file spends it. */
const FAILED_AUTH_LIMIT = 20;
let service: TestService;
beforeAll(async () => {
  service = await startTestService({ failedAuthenticationsPerMinute: FAILED_AUTH_LIMIT });
});
afterAll(async () => {
  await service?.stop();
});

const start = () => ({ track: 'probation', ...probationStart() });

/** A raw HTTP request on a given agent, so keep-alive behaviour is what a client library sees. */
function raw(
  options: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
  agent?: import('node:http').Agent,
): Promise<{ status: number; body: string; headers: import('node:http').IncomingHttpHeaders }> {
  const url = new URL(options.path, service.api.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method, headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('bodies that are not JSON', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''])(
    'a body sent as "%s" is 415 with the error shape, and no case starts',
    async (type) => {
      const body = start();
      const answer = await raw({
        method: 'POST',
        path: '/v1/cases',
        headers: {
          authorization: `Bearer ${service.tokens.org}`,
          ...(type ? { 'content-type': type } : {}),
        },
        body: JSON.stringify(body),
      });
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.body).error).toMatchObject({ status: 415, code: 'unsupported_media_type' });
      const read = await service.request('GET', `/v1/cases/${body.department}/${body.caseId}`);
      expect(read.status).toBe(404);
    },
  );
});

describe('queries and strings a client should not send, but may', () => {
  it('an empty query parameter name (GET /v1/cases?=false) is answered, not a 500', async () => {
    const answer = await service.request('GET', '/v1/cases?=false');
    expect(answer.status).toBeLessThan(500);
  });

  it('a lone UTF-16 surrogate in a string is 422 on its field, and nothing starts', async () => {
    const body = start();
    const text = JSON.stringify({ ...body, cadre: { ...body.cadre, name: 'x' } }).replace(
      '"name":"x"',
      '"name":"\\ud800"',
    );
    const answer = await service.request('POST', '/v1/cases', text);
    expect(answer.status).toBe(422);
    expect(answer.body.error.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'cadre.name' })]),
    );
    expect((await service.request('GET', `/v1/cases/${body.department}/${body.caseId}`)).status).toBe(404);
  });

  it('a forged page token is 422 on pageToken at once', async () => {
    // Forged the way anyone could while the checksum was an unkeyed SHA-256 of the token's bytes.
    const bytes = Buffer.from('forged-temporal-page-token');
    const sum = createHash('sha256').update(bytes).digest('base64url').slice(0, 12);
    const forged = `${sum}.${bytes.toString('base64url')}`;
    const answer = await service.request('GET', `/v1/cases?pageToken=${forged}`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.issues).toEqual([expect.objectContaining({ path: 'pageToken' })]);
  });

  it('an id with a control character (NUL) is refused', async () => {
    const body = start();
    await service.request('POST', '/v1/cases', body);
    const answer = await service.request('POST', `/v1/cases/${body.department}/${body.caseId}/reports`, {
      reportId: 'R\u0000-1',
      channel: 'online',
      summary: '反映问题',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.issues).toEqual([expect.objectContaining({ path: 'reportId' })]);
  });
});

describe('the connection after a refusal', () => {
  it('after a 413 the keep-alive connection still serves the next request', async () => {
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Buffer.alloc(300 * 1024, 'a');
      const tooLarge = await raw(
        {
          method: 'POST',
          path: '/v1/cases',
          headers: { authorization: `Bearer ${service.tokens.org}`, 'content-type': 'application/json' },
          body: big,
        },
        agent,
      );
      expect(tooLarge.status).toBe(413);
      const next = await raw(
        { method: 'GET', path: '/v1/cases', headers: { authorization: `Bearer ${service.tokens.org}` } },
        agent,
      );
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

describe('methods and roles', () => {
  it('a wrong method on a route that exists is 405 with Allow, not 404', async () => {
    const answer = await raw({
      method: 'DELETE',
      path: '/v1/cases',
      headers: { authorization: `Bearer ${service.tokens.org}` },
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toMatch(/GET/);
    expect(answer.headers.allow).toMatch(/POST/);
  });

  it('the calendar PUT checks the role before it reads the body: a department gets 403 even for a bad body', async () => {
    const answer = await service.request(
      'PUT',
      '/v1/calendar/years/2027',
      { nonsense: true },
      {
        token: service.tokens.finance,
      },
    );
    expect(answer.status).toBe(403);
  });
});

describe('guessing tokens (the last test here: it spends this address’s failed-authentication budget)', () => {
  it(`wrong tokens from one address meet 429 with Retry-After after ${FAILED_AUTH_LIMIT} failures`, async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 100; i++) {
      const answer = await raw({
        method: 'GET',
        path: '/v1/cases',
        headers: { authorization: `Bearer guess-${i}` },
      });
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers['retry-after'] as string;
    }
    expect(statuses.slice(0, FAILED_AUTH_LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(FAILED_AUTH_LIMIT).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
