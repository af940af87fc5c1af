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

/** A body that is not JSON at all is 400 before any route reads it. */
export const requireParsableJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (BODY_METHODS.has(c.req.method)) {
    try {
      // Hono keeps the parsed body, so the route's validator reads the same.
      await c.req.json();
    } catch {
      throw new ApiError(400, 'malformed_json', 'Malformed JSON in request body');
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
