import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { ApiError } from './errors';

/**
 * Refusals at the door, before any route reads a request: what a hostile or careless client can send
 * must end in a clear 4xx, never a 5xx from deeper in (issue 13's hostile-input run).
 */

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Bodies are JSON: anything else (text, a form, no type at all) is 415 before a parser sees it. */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (BODY_METHODS.has(c.req.method)) {
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        `Send the body as JSON (Content-Type: application/json), not ${type ? `"${type}"` : 'without a content type'}`,
      );
    }
  }
  await next();
};

// A high surrogate not followed by a low one, or a low one without a high one before it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** C0 controls (NUL …) and DEL, except tab, line feed and carriage return, which texts may hold. */
const TEXT_CONTROLS_ALLOWED = new Set([0x09, 0x0a, 0x0d]);
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && !TEXT_CONTROLS_ALLOWED.has(code)) || code === 0x7f) return true;
  }
  return false;
}

/** The first string in `value` that is not clean text, with its path: a lone surrogate or a control. */
function uncleanString(value: unknown, path: string[] = []): { path: string; why: string } | undefined {
  const check = (text: string, at: string[]) => {
    if (LONE_SURROGATE.test(text)) return { path: at.join('.'), why: 'holds a lone UTF-16 surrogate' };
    if (hasControl(text)) return { path: at.join('.'), why: 'holds a control character' };
    return undefined;
  };
  if (typeof value === 'string') return check(value, path);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = uncleanString(item, [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = check(key, [...path, key]) ?? uncleanString(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Strings are text: a lone surrogate (which no UTF-8 can carry into Temporal) or a control character
 * (NUL in an id) is 422 on its field. Hono keeps the parsed body, so the route's validator reads the same.
 */
export const requireCleanStrings: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (BODY_METHODS.has(c.req.method)) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ApiError(400, 'malformed_json', 'Malformed JSON in request body');
    }
    const found = uncleanString(body);
    if (found) {
      throw new ApiError(422, 'invalid_request', `Invalid request: ${found.path || '(body)'} ${found.why}`, {
        issues: [{ path: found.path || '(body)', message: found.why }],
      });
    }
  }
  for (const [name, values] of Object.entries(c.req.queries())) {
    const found = uncleanString([name, ...values]);
    if (found) {
      throw new ApiError(
        422,
        'invalid_request',
        `Invalid query parameter ${JSON.stringify(name)}: ${found.why}`,
        {
          issues: [{ path: name || '(query)', message: found.why }],
        },
      );
    }
  }
  await next();
};

/** A route's path pattern as a regular expression: `/v1/cases/:department` matches `/v1/cases/x`. */
const patternOf = (path: string) =>
  new RegExp(
    `^${path
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:[^/]+/g, '[^/]+')
      .replace(/\/\\\*$/, '(/.*)?')}$`,
  );

/**
 * The methods the app answers on `path`, from its own routes: a wrong method on a route that exists is
 * 405 with `Allow`, not 404.
 */
export function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  const methods = app.routes
    .filter((route) => route.method !== 'ALL' && patternOf(route.path).test(path))
    .map((route) => route.method.toUpperCase());
  return [...new Set(methods)].sort();
}
