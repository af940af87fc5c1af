import type { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { rateLimiter } from 'hono-rate-limiter';
import { authenticate } from './auth';
import { type ApiDeps, type AppEnv, createRouter } from './context';
import { ApiError } from './errors';
import { allowedMethods, requireJsonBody, requireParsableJson } from './hardening';
import { calendarRoutes } from './routes/calendar';
import { caseRoutes } from './routes/cases';
import { registerDocs } from './routes/docs';
import { documentRoutes } from './routes/documents';
import { healthRoutes } from './routes/health';
import { defaultDeadlines } from './temporal-connection';
import { temporalUnavailable } from './temporal-errors';

/** What hono's request-id middleware keeps of a caller's X-Request-Id (anything else it replaces). */
const REQUEST_ID_MAX = 255;
const REQUEST_ID = /^[\w\-=]{1,255}$/;

/** A limit per minute: the starter's, else the environment's, else the default. */
function perMinute(given: number | undefined, variable: string, fallback: number): number {
  const fromEnv = Number(process.env[variable]);
  return given ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback);
}

/** The HTTP service for department systems. Every route is declared once, with zod, and documented from that. */
export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();

  app.use(requestId({ limitLength: REQUEST_ID_MAX }));
  // A caller's X-Request-Id is what makes its retries apply once (an event's Update id): one the API
  // cannot keep is refused, never quietly replaced by a fresh id, which would apply a retried event twice.
  app.use(async (c, next) => {
    const given = c.req.header('x-request-id');
    if (given && !REQUEST_ID.test(given)) {
      throw new ApiError(422, 'invalid_request', 'X-Request-Id is unusable', {
        issues: [
          {
            path: 'X-Request-Id',
            message: `1 to ${REQUEST_ID_MAX} characters, each a letter, a digit, "_", "-" or "=" (the one a retry repeats)`,
          },
        ],
      });
    }
    await next();
  });
  app.use(
    bodyLimit({
      maxSize: 256 * 1024,
      onError: (c) => {
        // The rest of the body is still on its way: answer, and close the connection cleanly rather than
        // leave a keep-alive socket with unread bytes that would garble the next request on it.
        c.header('connection', 'close');
        const tooLarge = new ApiError(413, 'payload_too_large', 'Request body is larger than 256 KiB');
        return c.json(tooLarge.body(c.get('requestId')), 413);
      },
    }),
  );
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        caller: c.get('caller')?.id,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  app.use(
    '/v1/*',
    authenticate(
      deps.credentials,
      perMinute(deps.failedAuthenticationsPerMinute, 'CADRE_FAILED_AUTH_LIMIT_PER_MINUTE', 60),
    ),
  );
  // Every Temporal call a request makes shares one deadline: a request never hangs on Temporal.
  const deadlines = deps.deadlines ?? defaultDeadlines;
  app.use('/v1/*', (c, next) =>
    deps.client.withDeadline(Date.now() + (c.req.method === 'GET' ? deadlines.callMs : deadlines.actMs), () =>
      next(),
    ),
  );
  // A body is read only on a route that takes this method: elsewhere the answer is 405 (below), whatever
  // the body is.
  app.use('/v1/*', (c, next) =>
    allowedMethods(app, c.req.path).includes(c.req.method) ? requireJsonBody(c, next) : next(),
  );
  app.use('/v1/*', (c, next) =>
    allowedMethods(app, c.req.path).includes(c.req.method) ? requireParsableJson(c, next) : next(),
  );
  app.use(
    '/v1/*',
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: perMinute(deps.rateLimitPerMinute, 'CADRE_RATE_LIMIT_PER_MINUTE', 600),
      keyGenerator: (c) => c.get('caller').id,
      handler: (c) => {
        const limited = new ApiError(
          429,
          'rate_limited',
          'Too many requests from this credential; slow down',
        );
        return c.json(limited.body(c.get('requestId')), 429);
      },
    }),
  );

  app.onError((error, c) => {
    const id = c.get('requestId');
    const known = error instanceof ApiError ? error : temporalUnavailable(error);
    if (known) {
      if (known.retryAfterSeconds !== undefined) c.header('Retry-After', String(known.retryAfterSeconds));
      return c.json(known.body(id), known.status);
    }
    if (error instanceof HTTPException && error.status === 400) {
      const malformed = new ApiError(
        400,
        'malformed_json',
        error.message || 'Malformed JSON in request body',
      );
      return c.json(malformed.body(id), 400);
    }
    deps.logger.error({ requestId: id, err: error }, 'unhandled error');
    return c.json(
      new ApiError(500, 'internal', 'Internal error; the request id is in the logs').body(id),
      500,
    );
  });
  app.notFound((c) => {
    const allowed = allowedMethods(app, c.req.path);
    if (allowed.length > 0) {
      c.header('allow', allowed.join(', '));
      const wrong = new ApiError(
        405,
        'method_not_allowed',
        `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(' or ')}`,
      );
      return c.json(wrong.body(c.get('requestId')), 405);
    }
    return c.json(new ApiError(404, 'not_found', `No route ${c.req.method} ${c.req.path}`).body(), 404);
  });

  // Routers are mounted after the middleware above, which therefore runs for each of them.
  app.route('/v1', caseRoutes(deps));
  app.route('/v1', documentRoutes(deps));
  app.route('/v1/calendar', calendarRoutes(deps));
  app.route('/', healthRoutes(deps));
  registerDocs(app);
  return app;
}
