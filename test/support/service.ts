import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import { type RunningApi, startApi } from '../../api/server';
import { devServerEnvironment, testWorker } from './temporal';

/** The whole service for HTTP tests: a real dev server, a real worker, the API on a free port. */
export interface TestService {
  env: TestWorkflowEnvironment;
  api: RunningApi;
  worker: Worker;
  taskQueue: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
  ): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startTestService(): Promise<TestService> {
  const env = await devServerEnvironment();
  const taskQueue = `api-${randomUUID()}`;
  const worker = await testWorker(env, taskQueue);
  const running = worker.run();
  const api = await startApi(
    { client: env.client, taskQueue, logger: pino({ level: 'silent' }) },
    '127.0.0.1',
    0,
  );
  return {
    env,
    api,
    worker,
    taskQueue,
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, body: parsed };
    },
    async stop() {
      await api.close();
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
