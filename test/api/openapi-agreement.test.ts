import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service';

/**
 * The document and the server agree: each disagreement schemathesis found (issue 13's run, and the runs of
 * test/api/schemathesis.test.ts while the document was made the truth) is reproduced here, from the
 * served document's own schemas where it is about them.
 */
// biome-ignore lint/suspicious/noExplicitAny: the tests read the document as the JSON it is
type Json = Record<string, any>;
let service: TestService;
let doc: Json;
beforeAll(async () => {
  service = await startTestService();
  doc = (await service.request('GET', '/openapi.json')).body;
});
afterAll(async () => {
  await service?.stop();
});

const resolve = (node: Json): Json => {
  if (typeof node?.$ref !== 'string') return node;
  const [, , section = '', name = ''] = node.$ref.split('/');
  return resolve(doc.components[section][name]);
};
const example = (track: string): Json =>
  structuredClone(doc.paths['/v1/cases'].post.requestBody.content['application/json'].examples[track].value);
let unique = 0;
const fresh = (body: Json): Json => ({ ...body, caseId: `agree-${Date.now().toString(36)}-${++unique}` });
const parameter = (path: string, name: string) =>
  (doc.paths[path].get.parameters as Json[]).find((p) => p.name === name)?.schema as Json;

describe('bodies valid by the document are accepted', () => {
  it('every rank of the ladder the document lists starts a promotion (it was free text, refused by a refinement)', async () => {
    const rank = resolve(resolve(doc.components.schemas.PromotionStart).properties.post).properties.rank;
    for (const value of ['副处', '副处级', 'deputy_division', '科员']) {
      expect(rank.enum).toContain(value);
      const body = fresh(example('promotion'));
      body.post.rank = value;
      expect((await service.request('POST', '/v1/cases', body)).status, value).toBe(201);
    }
    const outside = fresh(example('promotion'));
    outside.post.rank = ' 副处';
    expect(rank.enum).not.toContain(' 副处');
    expect((await service.request('POST', '/v1/cases', outside)).status).toBe(422);
  });

  it('a property the schema does not name is ignored, whatever it holds (control characters included)', async () => {
    const body = { ...fresh(example('probation')), 'x\u0001': 'a\u0000b', note: ['\u001f'] };
    const started = await service.request('POST', '/v1/cases', body);
    expect(started.status).toBe(201);
    expect(JSON.stringify(started.body)).not.toContain('\\u0000');
  });

  it('a schedule source of spaces is refused, and the document says so (pattern \\S)', async () => {
    const source = resolve(doc.components.schemas.YearSchedule).properties.source;
    expect(source.pattern).toBe('\\S');
    const body = {
      year: 2031,
      holidays: ['2031-01-01', '2031-05-01', '2031-10-01'],
      makeUpWorkdays: [],
      source: '   ',
    };
    expect((await service.request('PUT', '/v1/calendar/years/2031', body)).status).toBe(422);
  });
});

describe('requests invalid by the document are refused', () => {
  it('the nominator path is held to its pattern (the document said `…$/u`, which nothing matches)', async () => {
    const pattern = doc.paths['/v1/nominators/{nominator}/ledger'].get.parameters[0].schema.pattern;
    expect(new RegExp(pattern, 'u').test('leader-wang')).toBe(true);
    expect((await service.request('GET', '/v1/nominators/leader-wang/ledger')).status).toBe(200);
    expect(new RegExp(pattern, 'u').test("a'b")).toBe(false);
    expect((await service.request('GET', `/v1/nominators/${encodeURIComponent("a'b")}/ledger`)).status).toBe(
      422,
    );
  });

  it('pageSize is held to its minimum and maximum', async () => {
    const pageSize = parameter('/v1/cases', 'pageSize');
    expect([pageSize.minimum, pageSize.maximum]).toEqual([1, 200]);
    for (const [size, status] of [
      [0, 422],
      [1, 200],
      [200, 200],
      [201, 422],
    ] as const) {
      expect((await service.request('GET', `/v1/cases?pageSize=${size}`)).status, String(size)).toBe(status);
    }
  });

  it('a page token not shaped as the API makes them is refused by the schema, before any signature check', async () => {
    const token = parameter('/v1/cases', 'pageToken');
    expect(new RegExp(token.pattern, 'u').test('not a token')).toBe(false);
    const answer = await service.request('GET', `/v1/cases?pageToken=${encodeURIComponent('not a token')}`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.issues).toEqual([expect.objectContaining({ path: 'pageToken' })]);
  });

  it('an id that starts with a space is refused, and the document says so', async () => {
    const body = fresh(example('rotation'));
    body.relatives = [{ id: ' m3', relation: 'collateral' }];
    expect((await service.request('POST', '/v1/cases', body)).status).toBe(422);
  });

  it('a control character in a field the schema names is 422 on that field', async () => {
    const body = fresh(example('probation'));
    body.cadre.name = '李\u0007明';
    const answer = await service.request('POST', '/v1/cases', body);
    expect(answer.status).toBe(422);
    expect(answer.body.error.issues).toEqual([expect.objectContaining({ path: 'cadre.name' })]);
  });
});

describe('statuses the document lists are what the server answers', () => {
  it('headers past 16 KiB are 431 with the Error schema (it was an empty 431 the document did not list)', async () => {
    const answer = await new Promise<{ status: number; type?: string; body: string }>((done, fail) => {
      const req = httpRequest(
        `${service.api.url}/v1/cases`,
        { headers: { 'x-padding': 'a'.repeat(20_000) } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
        },
      );
      req.on('error', fail);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toBe('application/json');
    expect(JSON.parse(answer.body).error).toMatchObject({ status: 431, code: 'header_fields_too_large' });
    expect(doc.paths['/v1/cases'].get.responses['431']).toBeDefined();
  });

  it('a method the path does not take is 405 with Allow, even with a body that is not JSON (it was 415)', async () => {
    const answer = await fetch(`${service.api.url}/v1/cases/district-finance/x`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${service.tokens.org}` },
    });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET');
  });
});
