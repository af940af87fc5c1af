import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { CLEAN_TEXT_PATTERN } from '../clean-text';
import type { AppEnv } from '../context';
import { type ErrorStatus, errorDescriptions, retryAfterHeaders } from '../errors';

/**
 * The OpenAPI document, generated from the zod schemas the routes validate with (zod-to-openapi), then
 * completed with what the middleware adds to every route, so that it says what the server does:
 *
 * - the statuses the middleware gives (401, 405, 422, 429, 431, 503 on /v1; 400, 413, 415 with a body;
 *   405 and 431 everywhere), each with the shared Error schema, Retry-After on 429 and 503;
 * - strings refuse control characters (api/hardening.ts checks every string the server keeps), and
 *   integers are safe integers (zod's `.int()`), which JSON Schema would otherwise not say;
 * - regular expressions without zod's flag suffix (`/u`), which no validator would match;
 * - where a body is checked by rules JSON Schema cannot state (zod refinements across fields, the
 *   case's own rules, a page token's signature), the operation says so in `x-rules-beyond-schema` and in
 *   its 422: a body valid by the schema may still be 422 there, and only there.
 */

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  requestBody?: unknown;
  responses: Record<string, Json>;
  parameters?: { schema?: Json }[];
  'x-rules-beyond-schema'?: string[];
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json>; responses?: Record<string, Json> };
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The statuses an operation gets from the middleware around it, besides the ones its route lists. */
function middlewareStatuses(path: string, operation: Operation): Exclude<ErrorStatus, 500>[] {
  const statuses: Exclude<ErrorStatus, 500>[] = [405, 431];
  // Every /v1 route authenticates, is rate limited, checks its strings and reads Temporal.
  if (path.startsWith('/v1/')) statuses.push(401, 422, 429, 503);
  if (operation.requestBody) statuses.push(400, 413, 415);
  return statuses;
}

/** The shared error responses, as components (#/components/responses/…), by status. */
const RESPONSE_NAMES: Record<Exclude<ErrorStatus, 500>, string> = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'InvalidRequest',
  429: 'RateLimited',
  431: 'HeaderFieldsTooLarge',
  503: 'Unavailable',
};
const errorResponse = (status: Exclude<ErrorStatus, 500>) => ({
  description: errorDescriptions[status],
  ...(retryAfterHeaders[status] ? { headers: retryAfterHeaders[status] } : {}),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const responseRef = (status: Exclude<ErrorStatus, 500>) => ({
  $ref: `#/components/responses/${RESPONSE_NAMES[status]}`,
});
/** A response as errorResponses() writes it (the standard description, the Error schema). */
function isStandard(status: string, response: Json): status is `${Exclude<ErrorStatus, 500>}` {
  const standard = errorDescriptions[Number(status) as Exclude<ErrorStatus, 500>];
  const content = response.content as Record<string, { schema?: Json }> | undefined;
  return (
    standard !== undefined &&
    response.description === standard &&
    Object.keys(content ?? {}).length === 1 &&
    content?.['application/json']?.schema?.$ref === '#/components/schemas/Error'
  );
}

/** Walks every schema object under `node`, following $refs into components once each. */
function walkSchemas(node: unknown, doc: Document, visit: (schema: Json) => void, seen = new Set<string>()) {
  if (Array.isArray(node)) {
    for (const item of node) walkSchemas(item, doc, visit, seen);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (seen.has(name)) return;
    seen.add(name);
    walkSchemas(doc.components?.schemas?.[name], doc, visit, seen);
    return;
  }
  visit(schema);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'examples' || key === 'example' || key === 'default' || key === 'enum' || key === 'const')
      continue;
    walkSchemas(value, doc, visit, seen);
  }
}

const isType = (schema: Json, type: string) =>
  schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));

/** zod-to-openapi writes a regex with flags as `source/flags`; the pattern is the source. */
function withoutFlags(schema: Json) {
  if (typeof schema.pattern === 'string') schema.pattern = schema.pattern.replace(/\/[dgimsuvy]+$/, '');
}

/** Patterns that admit no control character already (the ids' slug, the listing keywords). */
const CONTROL_FREE = new Set(['^[A-Za-z0-9][A-Za-z0-9._-]*$', '^[\\p{L}\\p{N}._:-]+$']);

/** A string the server keeps refuses control characters: say so, beside any pattern it has. */
function refusesControls(schema: Json) {
  if (!isType(schema, 'string') || schema.enum || schema.const !== undefined || schema.format) return;
  if (schema.pattern === undefined) schema.pattern = CLEAN_TEXT_PATTERN;
  else if (!CONTROL_FREE.has(schema.pattern as string) && schema.pattern !== CLEAN_TEXT_PATTERN) {
    const allOf = (schema.allOf as Json[] | undefined) ?? [];
    if (!allOf.some((s) => s.pattern === CLEAN_TEXT_PATTERN)) {
      schema.allOf = [...allOf, { pattern: CLEAN_TEXT_PATTERN }];
    }
  }
}

/** zod's `.int()` is a safe integer. */
function safeInteger(schema: Json) {
  if (!isType(schema, 'integer')) return;
  if (schema.minimum === undefined && schema.exclusiveMinimum === undefined) schema.minimum = -MAX_SAFE;
  if (schema.maximum === undefined && schema.exclusiveMaximum === undefined) schema.maximum = MAX_SAFE;
}

/**
 * Where a zod schema checks what JSON Schema cannot state: its refinements (`.refine`, `.superRefine`,
 * `.check` with a function), by path. A body valid by the document may be refused there with 422.
 */
function rulesBeyondSchema(schema: z.ZodType, path = '', found = new Set<string>()): Set<string> {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const checks = (def.checks as { _zod: { def: { check: string } } }[] | undefined) ?? [];
  if (checks.some((check) => check._zod.def.check === 'custom')) found.add(path || '(body)');
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const inner = (child: unknown, childPath = path) =>
    child && rulesBeyondSchema(child as z.ZodType, childPath, found);
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>))
        inner(child, at(key));
      break;
    case 'array':
      inner(def.element, `${path}[]`);
      break;
    case 'union':
      for (const option of def.options as z.ZodType[]) {
        const discriminator = def.discriminator as string | undefined;
        const value = discriminator
          ? ((option._zod.def as { shape?: Record<string, z.ZodType> }).shape?.[discriminator]?._zod.def as {
              values?: unknown[];
            })
          : undefined;
        inner(option, value?.values ? `${path}(${discriminator}=${String(value.values[0])})` : path);
      }
      break;
    case 'record':
      inner(def.keyType, `${path}{key}`);
      inner(def.valueType, `${path}{}`);
      break;
    case 'pipe':
      inner(def.in);
      inner(def.out);
      break;
    case 'intersection':
      inner(def.left);
      inner(def.right);
      break;
    case 'tuple':
      for (const item of def.items as z.ZodType[]) inner(item, `${path}[]`);
      break;
    case 'lazy':
      break; // recursive: not walked (none in the request schemas)
    default:
      inner(def.innerType);
  }
  return found;
}

type RouteDefinition = {
  type: string;
  route: {
    method: string;
    path: string;
    request?: {
      body?: { content: Record<string, { schema: z.ZodType }> };
      query?: z.ZodType;
      params?: z.ZodType;
    };
  };
};

/** The rules beyond the schema of each operation, from the zod schemas its route validates with. */
function rulesOfRoutes(app: OpenAPIHono<AppEnv>): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const definition of app.openAPIRegistry.definitions as unknown as RouteDefinition[]) {
    if (definition.type !== 'route') continue;
    const { method, path, request } = definition.route;
    const found = new Set<string>();
    for (const media of Object.values(request?.body?.content ?? {}))
      rulesBeyondSchema(media.schema, '', found);
    if (request?.query) rulesBeyondSchema(request.query, '', found);
    if (request?.params) rulesBeyondSchema(request.params, '', found);
    const openApiPath = path.replace(/:([^/]+)/g, '{$1}');
    if (found.size > 0) rules.set(`${method} ${openApiPath}`, [...found].sort());
  }
  return rules;
}

/** Completes the generated document in place (see the module comment). */
export function completeDocument<D>(generated: D, app: OpenAPIHono<AppEnv>): D {
  const doc = generated as unknown as Document;
  const rules = rulesOfRoutes(app);
  const sharedResponses: Record<string, Json> = {};
  walkSchemas([doc.paths, doc.components], doc, (schema) => {
    withoutFlags(schema);
    safeInteger(schema);
  });
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      for (const status of middlewareStatuses(path, operation)) {
        operation.responses[status] ??= errorResponse(status);
      }
      const beyond = [
        ...(operation['x-rules-beyond-schema'] ?? []),
        ...(rules.get(`${method} ${path}`) ?? []),
      ];
      if (beyond.length > 0) {
        operation['x-rules-beyond-schema'] = [...new Set(beyond)];
        operation.responses[422] = {
          ...errorResponse(422),
          description: `${errorDescriptions[422]}; or valid by this schema but breaking a rule the schema cannot state (across fields, or the server's own), at: ${operation['x-rules-beyond-schema'].join(', ')}`,
        };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!isStandard(status, response)) continue;
        const code = Number(status) as Exclude<ErrorStatus, 500>;
        sharedResponses[RESPONSE_NAMES[code]] = errorResponse(code);
        operation.responses[status] = responseRef(code);
      }
      for (const status of [429, 503] as const) {
        const response = operation.responses[status];
        if (response && !response.headers && !response.$ref) response.headers = retryAfterHeaders[status];
      }
      // What a caller sends: strings refuse control characters.
      walkSchemas([operation.parameters?.map((p) => p.schema), operation.requestBody], doc, refusesControls);
    }
  }
  doc.components = { ...doc.components, responses: { ...doc.components?.responses, ...sharedResponses } };
  return generated;
}
