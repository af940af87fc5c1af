import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import { type Credential, hashToken, newToken } from '../../api/credentials';
import { type RunningApi, startApi } from '../../api/server';
import { apiConnectionOptions, type TemporalDeadlines } from '../../api/temporal-connection';
import { builtInCalendar, coveredYears } from '../../machines/calendar';
import { apiMachines } from '../../worker/api-machines';
import { testDataConverter } from './keys';
import { devServerEnvironment, testWorker } from './temporal';

/** The whole service for HTTP tests: a real dev server, a real worker, the API on a free port. */
export interface TestService {
  env: TestWorkflowEnvironment;
  api: RunningApi;
  worker: Worker;
  taskQueue: string;
  /** Tokens by who holds them: org (organization department), finance and education (departments), committee. */
  tokens: Record<'org' | 'finance' | 'education' | 'committee', string>;
  request(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string | null; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
  ): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/**
 * `timeSkipping`: the dev server lets a test fast-forward a case's clock (see `fastForward`).
 * The API gets a connection of its own, configured as `npm start` configures it (apiConnectionOptions),
 * and a client that seals payloads with the test process's keys, as the worker's are.
 */
export async function startTestService(
  options: {
    timeSkipping?: boolean;
    dynamicConfig?: string[];
    deadlines?: TemporalDeadlines;
    failedAuthenticationsPerMinute?: number;
    ui?: { port: number; codecEndpoint: string };
  } = {},
): Promise<TestService> {
  const env = await devServerEnvironment(options);
  const apiConnection = await Connection.connect({ address: env.address, ...apiConnectionOptions() });
  const apiClient = new Client({
    connection: apiConnection,
    namespace: env.namespace ?? 'default',
    dataConverter: testDataConverter(),
  });
  const taskQueue = `api-${randomUUID()}`;
  const worker = await testWorker(env, taskQueue);
  const running = worker.run();
  const tokens = { org: newToken(), finance: newToken(), education: newToken(), committee: newToken() };
  const credentials: Credential[] = [
    { id: 'od-zhang', name: '张处长', role: 'organization_department', tokenSha256: hashToken(tokens.org) },
    {
      id: 'fin-hr',
      name: '财政局人事',
      role: 'department',
      department: 'district-finance',
      tokenSha256: hashToken(tokens.finance),
    },
    {
      id: 'edu-hr',
      name: '教育局人事',
      role: 'department',
      department: 'district-education',
      tokenSha256: hashToken(tokens.education),
    },
    { id: 'committee', name: '区委常委会', role: 'committee', tokenSha256: hashToken(tokens.committee) },
  ];
  const api = await startApi(
    {
      client: apiClient,
      taskQueue,
      deadlines: options.deadlines,
      logger: pino({ level: 'silent' }),
      credentials,
      rateLimitPerMinute: 100_000,
      failedAuthenticationsPerMinute: options.failedAuthenticationsPerMinute ?? 100_000,
      builtInCalendarYears: coveredYears(builtInCalendar),
      machines: apiMachines(),
    },
    '127.0.0.1',
    0,
  );
  return {
    env,
    api,
    worker,
    taskQueue,
    tokens,
    async request(method, path, body, { token = tokens.org, headers = {} } = {}) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
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
      await apiConnection.close();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
