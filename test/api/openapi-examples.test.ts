import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service';

/**
 * Every example in the served document, sent to the real service as the document says to send it: a start
 * body is accepted (201), an event is not refused as invalid content (it may be illegal in the case's
 * state: 409, never 422), every other body is accepted. Generic: an example added to any operation is
 * sent too.
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

type Example = { path: string; method: string; operationId: string; name: string; value: Json };
/** Every request-body example in the document, with the path its parameters' examples fill in. */
function examples(): Example[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([template, item]) =>
    Object.entries(item).flatMap(([method, operation]: [string, Json]) => {
      const path = template.replace(/\{(\w+)\}/g, (_, name) => {
        const parameter = operation.parameters?.find((p: Json) => p.name === name);
        return encodeURIComponent(String(parameter?.schema?.examples?.[0] ?? parameter?.example));
      });
      const media = operation.requestBody?.content?.['application/json'];
      return Object.entries((media?.examples ?? {}) as Record<string, Json>).map(([name, example]) => ({
        path,
        method,
        operationId: operation.operationId,
        name,
        value: example.value,
      }));
    }),
  );
}

describe('the examples in the document', () => {
  it('are there: a start and an event per track, a report, a calendar year', () => {
    const ids = examples().map((e) => `${e.operationId}:${e.name}`);
    for (const track of ['promotion', 'rotation', 'demotion', 'probation']) {
      expect(ids).toContain(`startCase:${track}`);
      expect(ids).toContain(`sendEvent:${track}`);
    }
    expect(ids).toEqual(expect.arrayContaining(['fileReport:mailbox', 'loadCalendarYear:notice']));
  });

  it('start bodies start a case of their track (and again: the same case, 200)', async () => {
    for (const example of examples().filter((e) => e.operationId === 'startCase')) {
      const started = await service.request('POST', example.path, example.value);
      expect(started.status, `${example.name}: ${JSON.stringify(started.body)}`).toBe(201);
      expect(started.body.track).toBe(example.name);
      const again = await service.request('POST', example.path, example.value);
      expect(again.status).toBe(200);
    }
  });

  it('events are taken as valid content by a case of their track (legal now, or refused as illegal, never 422)', async () => {
    const starts: Record<string, Json> = Object.fromEntries(
      examples()
        .filter((e) => e.operationId === 'startCase')
        .map((e) => [e.name, e.value]),
    );
    for (const example of examples().filter((e) => e.operationId === 'sendEvent')) {
      const start: Json = { ...starts[example.name], caseId: `event-${example.name}` };
      expect((await service.request('POST', '/v1/cases', start)).status).toBe(201);
      const sent = await service.request(
        'POST',
        `/v1/cases/${start.department}/${start.caseId}/events`,
        example.value,
      );
      expect([200, 409], `${example.name}: ${JSON.stringify(sent.body)}`).toContain(sent.status);
      if (sent.status === 409) expect(sent.body.error.code).toBe('illegal_transition');
    }
  });

  it('the other bodies are accepted where their path parameters point', async () => {
    for (const example of examples().filter((e) => !['startCase', 'sendEvent'].includes(e.operationId))) {
      const answer = await service.request(example.method.toUpperCase(), example.path, example.value);
      expect(answer.status, `${example.operationId}:${example.name}: ${JSON.stringify(answer.body)}`).toBe(
        200,
      );
    }
  });
});
