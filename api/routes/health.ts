import { createRoute } from '@hono/zod-openapi';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { type ApiDeps, createRouter } from '../context';
import { ApiError, errorResponses } from '../errors';
import { nameSchema } from '../openapi/components';

const healthSchema = nameSchema(
  'Health',
  z.object({
    status: z.enum(['ok']),
    temporal: z.string().optional(),
    /** Workers seen polling the task queue lately. */
    workers: z.number().int().optional(),
    /** The state of the worker this process runs, when it runs one (RUNNING when ready). */
    worker: z.string().optional(),
  }),
);

/** Readiness answers within this, whatever Temporal does. */
const READINESS_DEADLINE_MS = 1_500;
/**
 * A worker long-polls for up to a minute, and Temporal records when each poll began: one seen within
 * this long is alive. A killed worker drops out of readiness within it.
 */
const WORKER_SEEN_WITHIN_MS = 90_000;

export function healthRoutes({ client, taskQueue, worker }: ApiDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'getLiveness',
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
      operationId: 'getReadiness',
      tags: ['Health'],
      summary: 'Readiness: Temporal answers, and a worker polls the task queue',
      description:
        '503 with the reason when Temporal does not answer within 1.5 s, when the worker this process runs is not running, or when no worker has polled the task queue in 90 s.',
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: healthSchema } } },
        ...errorResponses(503),
      },
    }),
    async (c) => {
      // Our own worker first: no need to ask Temporal to learn that it stopped or failed.
      const ownWorker = worker?.getState();
      if (ownWorker !== undefined && ownWorker !== 'RUNNING') {
        throw new ApiError(
          503,
          'unavailable',
          `The worker of this process is ${ownWorker}, not RUNNING: cases cannot move`,
          {},
          5,
        );
      }
      const deadline = Date.now() + READINESS_DEADLINE_MS;
      let serverVersion: string;
      let pollers: temporal.api.taskqueue.v1.IPollerInfo[];
      try {
        [serverVersion, pollers] = await client.withDeadline(deadline, async () => {
          const info = await client.workflowService.getSystemInfo({});
          const queue = await client.workflowService.describeTaskQueue({
            namespace: client.options.namespace,
            taskQueue: { name: taskQueue },
            taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
          });
          return [info.serverVersion ?? 'unknown', queue.pollers ?? []] as const;
        });
      } catch (error) {
        throw new ApiError(503, 'unavailable', `Temporal unreachable: ${String(error)}`, {}, 5);
      }
      const workers = pollers.filter(
        (p) => Date.now() - (optionalTsToMs(p.lastAccessTime) ?? 0) < WORKER_SEEN_WITHIN_MS,
      ).length;
      if (workers === 0) {
        throw new ApiError(
          503,
          'unavailable',
          `No worker has polled task queue "${taskQueue}" in the last ${WORKER_SEEN_WITHIN_MS / 1000} s: cases cannot move`,
          {},
          5,
        );
      }
      return c.json({ status: 'ok' as const, temporal: serverVersion, workers, worker: ownWorker }, 200);
    },
  );
  return app;
}
