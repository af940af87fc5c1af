import type { Client } from '@temporalio/client';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { CLEAN_TEXT_PATTERN } from '../../api/clean-text';
import { tracks } from '../../domain/case';
import { apiEventSchema, startCaseSchema } from '../../domain/start';
import { apiMachines } from '../../worker/api-machines';

/**
 * The OpenAPI document as a whole (no Temporal needed: it is generated from the routes). These checks are
 * generic on purpose: a route added later is held to the same rules without a line here.
 */
// biome-ignore lint/suspicious/noExplicitAny: the tests read the document as the JSON it is
type Json = Record<string, any>;
let doc: Json;
let size: number;
beforeAll(async () => {
  const app = createApp({
    client: {} as Client,
    taskQueue: 'unused',
    logger: pino({ level: 'silent' }),
    credentials: [],
    builtInCalendarYears: [],
    machines: apiMachines(),
  });
  const text = await (await app.request('/openapi.json')).text();
  size = text.length;
  doc = JSON.parse(text);
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = () =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation: operation as Json })),
  );
const resolve = (node: Json): Json => {
  if (typeof node?.$ref !== 'string') return node;
  const [, , section = '', name = ''] = node.$ref.split('/');
  return resolve(doc.components[section][name]);
};

describe('every operation', () => {
  it('has a unique camelCase operationId', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['startCase', 'sendEvent', 'getCase', 'listCases', 'getRecord', 'fileReport']),
    );
  });

  it('lists the statuses the middleware gives, each with the Error schema (Retry-After on 429 and 503)', () => {
    for (const { path, method, operation } of operations()) {
      const listed = Object.keys(operation.responses);
      const expected = ['405', '431'];
      if (path.startsWith('/v1/')) expected.push('401', '422', '429', '503');
      if (operation.requestBody) expected.push('400', '413', '415');
      expect(listed, `${method} ${path}`).toEqual(expect.arrayContaining(expected));
      for (const [status, reference] of Object.entries(operation.responses as Record<string, Json>)) {
        const response = resolve(reference);
        if (Number(status) < 400) continue;
        const schema = response.content?.['application/json']?.schema;
        expect(
          ['#/components/schemas/Error', '#/components/schemas/Refusal'],
          `${method} ${path} ${status}`,
        ).toContain(schema?.$ref);
        if (status === '503') expect(response.headers?.['Retry-After']?.required).toBe(true);
        if (status === '429') expect(response.headers?.['Retry-After']).toBeDefined();
      }
    }
  });

  it('that sends an event to a case answers 409 with the refusal (state and legal events)', () => {
    const refusal = resolve({ $ref: '#/components/schemas/Refusal' });
    expect(refusal.properties.error.required).toEqual(
      expect.arrayContaining(['state', 'legalEvents', 'label']),
    );
    for (const id of ['sendEvent', 'fileReport']) {
      const { operation } = operations().find((o) => o.operation.operationId === id) as { operation: Json };
      expect(operation.responses['409'].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/Refusal',
      );
    }
  });

  it('whose body a rule beyond JSON Schema checks says so, and says it in its 422', () => {
    for (const { operation } of operations()) {
      const rules = operation['x-rules-beyond-schema'];
      if (!rules) continue;
      expect(resolve(operation.responses['422']).description).toContain(rules[0]);
    }
    const beyond = operations()
      .filter(({ operation }) => operation['x-rules-beyond-schema'])
      .map(({ operation }) => operation.operationId);
    // The cross-field rules of start bodies and events, the page token's signature, the calendar's year.
    expect(beyond).toEqual(
      expect.arrayContaining(['startCase', 'sendEvent', 'listCases', 'loadCalendarYear']),
    );
    // …and nothing else: a fuzzer's valid request must be accepted everywhere else. (A report's
    // occurredAt may not lie in the future nor before the case's last step: a rule beyond its schema.)
    expect(beyond).not.toContain('getCase');
  });
});

describe('the schemas', () => {
  it('are named components, not inlined: the document is less than half what it would be inlined', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(
      expect.arrayContaining([
        'StartCase',
        'Event',
        'CaseView',
        'EventOutcome',
        'Error',
        'Refusal',
        'CaseList',
      ]),
    );
    for (const track of tracks) expect(names).toContain(`${track[0]?.toUpperCase()}${track.slice(1)}Start`);
    // 90 KB where it was 111 KB, with more in it (statuses, examples, patterns); inlined, the same document
    // would be twice that. Measured as a share, so routes added later do not break it.
    const inline = (node: unknown, through: string[] = []): unknown => {
      if (Array.isArray(node)) return node.map((n) => inline(n, through));
      if (!node || typeof node !== 'object') return node;
      const ref = (node as Json).$ref;
      if (typeof ref === 'string')
        return through.includes(ref) ? node : inline(resolve(node as Json), [...through, ref]);
      return Object.fromEntries(
        Object.entries(node).map(([k, v]) => [k, k === 'mapping' ? v : inline(v, through)]),
      );
    };
    expect(size).toBeLessThan(0.6 * JSON.stringify(inline(doc.paths)).length);
  });

  it('render the track and event discriminators as oneOf with a mapping to a component per option', () => {
    const start = doc.components.schemas.StartCase;
    expect(start.discriminator.propertyName).toBe('track');
    expect(Object.keys(start.discriminator.mapping).sort()).toEqual([...tracks].sort());
    expect(start.oneOf).toHaveLength(tracks.length);
    const event = doc.components.schemas.Event;
    expect(event.discriminator.propertyName).toBe('type');
    expect(Object.keys(event.discriminator.mapping)).toHaveLength(apiEventSchema.options.length);
    for (const [type, ref] of Object.entries(event.discriminator.mapping as Record<string, string>)) {
      expect(resolve({ $ref: ref }).properties.type.enum).toEqual([type]);
    }
  });

  it('state the rank ladder as an enum, so a fuzzer sends ranks the server takes', () => {
    const rank = resolve(doc.components.schemas.PromotionStart.properties.post).properties.rank;
    expect(rank.enum).toEqual(expect.arrayContaining(['正科', '副处', '副处级', 'section']));
    for (const value of rank.enum) {
      const body = { ...startExample('promotion'), post: { ...startExample('promotion').post, rank: value } };
      expect(startCaseSchema.safeParse(body).success, value).toBe(true);
    }
  });

  it('have patterns every validator reads (no zod flag suffix) and refuse control characters in what callers send', () => {
    const patterns: string[] = [];
    const strings: Json[] = [];
    const walk = (node: unknown, request: boolean, seen: Set<string>) => {
      if (Array.isArray(node)) {
        for (const n of node) walk(n, request, seen);
        return;
      }
      if (!node || typeof node !== 'object') return;
      const schema = node as Json;
      if (typeof schema.$ref === 'string') {
        if (seen.has(schema.$ref)) return;
        seen.add(schema.$ref);
        return walk(resolve(schema), request, seen);
      }
      if (typeof schema.pattern === 'string') patterns.push(schema.pattern);
      if (request && schema.type === 'string' && !schema.enum && !schema.format) strings.push(schema);
      for (const [key, value] of Object.entries(schema))
        if (!['examples', 'enum', 'default'].includes(key)) walk(value, request, seen);
    };
    walk(doc.components, false, new Set());
    for (const { operation } of operations())
      walk([operation.parameters, operation.requestBody], true, new Set());
    for (const pattern of patterns) {
      expect(pattern).not.toMatch(/\/[a-z]+$/);
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
    }
    expect(strings.length).toBeGreaterThan(50);
    for (const schema of strings) {
      const rules = [schema.pattern, ...(schema.allOf ?? []).map((s: Json) => s.pattern)].filter(Boolean);
      const refuses = (text: string) => rules.some((p: string) => !new RegExp(p, 'u').test(text));
      expect(refuses('a\u0000b') && refuses('a\u001fb'), JSON.stringify(schema)).toBe(true);
    }
    expect(CLEAN_TEXT_PATTERN).toBe('^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$');
  });

  it('bound integers to the safe integers zod takes', () => {
    const counts = resolve(doc.components.schemas.Policy).properties.vote.properties.quorum.properties;
    expect(counts.numerator.maximum).toBe(Number.MAX_SAFE_INTEGER);
  });
});

/** The document's own example for a track's start. */
function startExample(track: string): Json {
  return doc.paths['/v1/cases'].post.requestBody.content['application/json'].examples[track].value;
}

describe('the examples', () => {
  it('give a start body and an event for every track', () => {
    const starts = doc.paths['/v1/cases'].post.requestBody.content['application/json'].examples;
    const events =
      doc.paths['/v1/cases/{department}/{caseId}/events'].post.requestBody.content['application/json']
        .examples;
    expect(Object.keys(starts).sort()).toEqual([...tracks].sort());
    expect(Object.keys(events).sort()).toEqual([...tracks].sort());
  });

  it('are valid by the schemas the routes validate with (the real server takes them: openapi-examples.test.ts)', () => {
    for (const track of tracks) expect(startCaseSchema.safeParse(startExample(track)).error).toBeUndefined();
    const events =
      doc.paths['/v1/cases/{department}/{caseId}/events'].post.requestBody.content['application/json']
        .examples;
    for (const { value } of Object.values(events as Record<string, Json>)) {
      expect(apiEventSchema.safeParse(value).error).toBeUndefined();
    }
  });
});
