import { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { rateLimiter } from 'hono-rate-limiter';
import type { Logger } from 'pino';
import { authenticate } from './auth';
import type { CalendarStore } from './calendar-store';
import type { Credential } from './credentials';
import { ApiError, invalidRequest } from './errors';
import { registerCalendarRoutes } from './routes/calendar';
import { registerCaseRoutes } from './routes/cases';
import { registerDocs } from './routes/docs';
import { registerHealthRoutes } from './routes/health';

export interface ApiDeps {
  client: Client;
  taskQueue: string;
  logger: Logger;
  credentials: Credential[];
  /** Holiday schedules operators loaded. */
  calendar: CalendarStore;
  /** Requests per minute per credential (default 600). */
  rateLimitPerMinute?: number;
}

export type AppEnv = { Variables: { requestId: string; caller: Credential } };

/** The HTTP service for department systems. Every route is declared once, with zod, and documented from that. */
export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // A request that fails its schema is the caller's mistake: 422 with each field's path.
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error);
    },
  });

  app.use(requestId());
  app.use(
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', 'Request body is larger than 256 KiB');
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

  app.use('/v1/*', authenticate(deps.credentials));
  app.use(
    '/v1/*',
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: deps.rateLimitPerMinute ?? 600,
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
    if (error instanceof ApiError) return c.json(error.body(id), error.status);
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
  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', `No route ${c.req.method} ${c.req.path}`).body(), 404),
  );

  registerCaseRoutes(app, deps);
  registerCalendarRoutes(app, deps);
  registerHealthRoutes(app, deps);
  registerDocs(app);
  return app;
}
