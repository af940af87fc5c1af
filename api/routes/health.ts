import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { type ApiDeps, createRouter } from '../context';
import { ApiError, errorResponses } from '../errors';

const healthSchema = z.object({ status: z.enum(['ok']), temporal: z.string().optional() });

export function healthRoutes({ client }: ApiDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['Health'],
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'Alive', content: { 'application/json': { schema: healthSchema } } } },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['Health'],
      summary: 'Readiness: Temporal answers',
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: healthSchema } } },
        ...errorResponses(503),
      },
    }),
    async (c) => {
      try {
        const info = await client.workflowService.getSystemInfo({});
        return c.json({ status: 'ok' as const, temporal: info.serverVersion ?? 'unknown' }, 200);
      } catch (error) {
        throw new ApiError(503, 'unavailable', `Temporal unreachable: ${String(error)}`);
      }
    },
  );
  return app;
}
