import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import pino from 'pino';
import { readOutbox } from '../../activities/notifier';
import { type Credential, hashToken, newToken } from '../../api/credentials';
import { type RunningApi, startApi } from '../../api/server';
import { apiConnectionOptions } from '../../api/temporal-connection';
import type { CaseView } from '../../domain/case-view';
import { builtInCalendar, coveredYears } from '../../machines/calendar';
import { apiMachines } from '../../worker/api-machines';
import { type DevServer, superviseDevServer } from '../../worker/dev-server';
import { waitForNamespace } from '../../worker/namespace';
import { bundleCaseWorkflows } from '../../worker/worker';
import { testDataConverter, testKeysEnv, testSealer } from '../support/keys';
import { freePort } from '../support/ports';
import { freshDataDir } from '../support/temporal';

/**
 * The fault suite's rig: the project's own supervised dev server (the launcher `npm start` uses, here with
 * workflow time skipping so a case's timers can be reached), the API in this process, and the worker in a
 * process of its own, so that either can be killed with SIGKILL and started again on the same data. The
 * side effects land in the data folder (personnel registry, notification outbox, record archive), where
 * the suite reads them back to count them.
 */
export const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

// biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
export type Answer = { status: number; body: any; retryAfter?: string | null };

/** An event as the API takes it, the credential that sends it, and the request id its retries keep. */
type Step = { event: Record<string, unknown>; token: string; requestId: string };

export interface Rig {
  dataDir: string;
  client: Client;
  tokens: { org: string; committee: string };
  /** How often each was killed, and how often the launcher started the dev server again. */
  kills: { worker: number; devServer: number; devServerRestarts: number };
  workerRunning(): boolean;
  startWorker(): Promise<void>;
  killWorker(): Promise<void>;
  /** SIGKILL to the dev server; resolves once the launcher has started it again and it answers. */
  killDevServer(): Promise<void>;
  http(method: string, path: string, body?: unknown, token?: string, requestId?: string): Promise<Answer>;
  /** Sends until the answer is not "try again" (no answer, 429, 503), as a caller told to retry would. */
  deliver(path: string, step: Step): Promise<Answer>;
  /** A step of an event whose `actor` names who sends it (the committee, or else the organization department). */
  step(requestId: string, event: Record<string, unknown>): Step;
  /** The case's view, read until it answers 200 (the worker may be down; `starting`: the case may not be there yet). */
  read(department: string, caseId: string, starting?: boolean): Promise<CaseView>;
  /** Moves one case's clock `ms` ahead (its due timers fire), through kills and restarts. */
  fastForward(workflowId: string, ms: number): Promise<void>;
  /**
   * The case's own clock (ms since the epoch) as Temporal keeps it: ahead of the real one once it was
   * fast-forwarded, or once its parent was (a child case starts on its parent's clock).
   */
  caseTime(workflowId: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startRig(taskQueue: string): Promise<Rig> {
  const dataDir = freshDataDir();
  const tokens = { org: newToken(), committee: newToken() };
  const credentials: Credential[] = [
    { id: 'od-zhang', name: '张处长', role: 'organization_department', tokenSha256: hashToken(tokens.org) },
    { id: 'committee', name: '区委常委会', role: 'committee', tokenSha256: hashToken(tokens.committee) },
  ];
  const kills = { worker: 0, devServer: 0, devServerRestarts: 0 };

  const { code } = await bundleCaseWorkflows({ logger: undefined });
  const bundlePath = join(dataDir, 'workflows-bundle.js');
  writeFileSync(bundlePath, code);

  const server: DevServer = await superviseDevServer(
    {
      dataDir,
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      extraArgs: ['--dynamic-config-value', 'frontend.WorkflowTimeSkippingEnabled=true'],
    },
    {
      restarting: () => {
        kills.devServerRestarts++;
      },
      gaveUp: (error) => {
        console.error('the dev server launcher gave up:', error);
      },
    },
    { maxRestarts: 1_000, windowMs: 60_000 },
  );
  const connection = await Connection.connect({ address: server.address, ...apiConnectionOptions() });
  await waitForNamespace(connection, 'default');
  const client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
  const api: RunningApi = await startApi(
    {
      client,
      taskQueue,
      logger: pino({ level: 'error' }, pino.destination(2)),
      credentials,
      rateLimitPerMinute: 1_000_000,
      failedAuthenticationsPerMinute: 1_000_000,
      builtInCalendarYears: coveredYears(builtInCalendar),
      machines: apiMachines(),
    },
    '127.0.0.1',
    0,
  );

  let worker: ChildProcess | undefined;
  /** A worker process with its code loaded, waiting to be told to connect: the next restart's. */
  let spare: Promise<ChildProcess | undefined> | undefined;
  const loadWorker = async (): Promise<ChildProcess | undefined> => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, 'processes/worker.ts'),
        server.address,
        taskQueue,
        dataDir,
        bundlePath,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...testKeysEnv } },
    );
    const loaded = await Promise.race([
      once(child.stdout as NonNullable<typeof child.stdout>, 'data').then(() => true),
      once(child, 'exit').then(() => false),
    ]);
    return loaded ? child : undefined;
  };
  /**
   * Starts a worker: the spare, told to connect and poll, and a new spare loads behind it. One that dies
   * before it polls (Temporal restarting under it) is replaced by another.
   */
  async function startWorker() {
    for (let attempt = 0; ; attempt++) {
      const child = await (spare ?? loadWorker());
      spare = loadWorker();
      if (child) {
        const stdout = child.stdout as NonNullable<typeof child.stdout>;
        const ready = Promise.race([
          once(stdout, 'data').then(() => true),
          once(child, 'exit').then(() => false),
        ]);
        child.stdin?.write('go\n');
        if (await ready) {
          worker = child;
          return;
        }
      }
      if (attempt >= 20) throw new Error('the worker would not start');
      await delay(500);
    }
  }
  async function killWorker() {
    const child = worker;
    if (!child) return;
    worker = undefined;
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    kills.worker++;
  }
  async function killDevServer() {
    const pid = server.pid;
    process.kill(pid, 'SIGKILL');
    kills.devServer++;
    // The launcher starts it again on the same data file and ports; wait until it answers.
    while (server.pid === pid) await delay(100);
    await waitForNamespace(connection, 'default', 120_000);
  }

  async function http(method: string, path: string, body?: unknown, token = tokens.org, requestId?: string) {
    try {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: response.status,
        body: await response.json(),
        retryAfter: response.headers.get('retry-after'),
      };
    } catch (error) {
      return { status: 0, body: { error: String(error) } };
    }
  }
  /** How long a caller keeps trying before the suite calls it a failure: minutes, on a loaded machine. */
  const GIVE_UP_MS = 10 * 60_000;
  async function deliver(path: string, s: Step) {
    const since = Date.now();
    for (;;) {
      const answer = await http('POST', path, s.event, s.token, s.requestId);
      if (![0, 429, 503].includes(answer.status)) return answer;
      if (Date.now() - since > GIVE_UP_MS) {
        // What Temporal says of the case, for the failure's message.
        const id = `${(s.event.department as string | undefined) ?? path.split('/')[3]}/${(s.event.caseId as string | undefined) ?? path.split('/')[4]}`;
        const described = await client.workflow
          .getHandle(id)
          .describe()
          .then((d) =>
            JSON.stringify({
              status: d.status.name,
              pendingWorkflowTask: d.raw.pendingWorkflowTask,
              historyLength: d.historyLength,
            }),
          )
          .catch((error: Error) => error.message);
        throw new Error(`gave up on ${s.requestId}: ${JSON.stringify(answer.body)}; ${id}: ${described}`);
      }
      await delay(250);
    }
  }
  const step = (requestId: string, event: Record<string, unknown>): Step => {
    const { actor, at: _at, ...body } = event as { actor?: { role?: string }; at?: string };
    return { event: body, token: actor?.role === 'committee' ? tokens.committee : tokens.org, requestId };
  };
  async function read(department: string, caseId: string, starting = false): Promise<CaseView> {
    const since = Date.now();
    for (;;) {
      const view = await http('GET', `/v1/cases/${department}/${caseId}`);
      if (view.status === 200) return view.body as CaseView;
      if (![0, 429, 503, ...(starting ? [404] : [])].includes(view.status) || Date.now() - since > GIVE_UP_MS)
        throw new Error(`read ${department}/${caseId}: ${view.status} ${JSON.stringify(view.body)}`);
      await delay(250);
    }
  }
  /**
   * `fastForward` (test/support/temporal.ts) through Temporal restarting under it. Sending a fast-forward
   * twice moves the clock twice, even under one id: after a failed send, the case's own time-skipping
   * info says whether it arrived before it is sent again. Polling for its end is retried freely.
   */
  async function fastForwardThroughFaults(workflowId: string, ms: number) {
    const fastForwardId = `ff-${randomUUID()}`;
    const transient = (error: unknown) => {
      const code = (error as { code?: number }).code ?? (error as { cause?: { code?: number } }).cause?.code;
      return [1, 4, 14].includes(code ?? -1);
    };
    const workflowExecution = { workflowId };
    for (let attempt = 0; ; attempt++) {
      try {
        await client.workflowService.updateWorkflowExecutionOptions({
          namespace: 'default',
          workflowExecution,
          workflowExecutionOptions: {
            timeSkippingConfig: {
              enabled: true,
              fastForwardConfig: { id: fastForwardId, duration: msToTs(ms) },
            },
          },
          updateMask: { paths: ['time_skipping_config'] },
        });
        break;
      } catch (error) {
        if (!transient(error) || attempt > 40) throw error;
        await delay(500);
        const arrived = await describeRaw(workflowId)
          .then(
            (d) => d.workflowExtendedInfo?.timeSkippingInfo?.fastForwardInfo?.fastForwardId === fastForwardId,
          )
          .catch(() => false);
        if (arrived) break;
      }
    }
    const { FastForwardPollingResult } = temporal.api.enums.v1;
    for (let attempt = 0; ; attempt++) {
      try {
        const polled = await client.workflowService.pollWorkflowExecutionTimeSkipping({
          namespace: 'default',
          workflowExecution,
          fastForwardId,
        });
        const result = polled.fastForwardPollingResult;
        if (result === FastForwardPollingResult.FAST_FORWARD_POLLING_RESULT_FAST_FORWARD_COMPLETED) return;
        // A timer the forward reached closed the case (a 降职's 复核/申诉 period ending): its clock went as
        // far as there was a case to move. The caller reads the case to see what fired.
        if (polled.failedReason?.includes('execution ended')) {
          const closed = await describeRaw(workflowId);
          if (
            closed.workflowExecutionInfo?.status ===
            temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
          )
            return;
        }
        if (result !== FastForwardPollingResult.FAST_FORWARD_POLLING_RESULT_POLL_TIMEOUT)
          throw new Error(`fast-forward of ${workflowId} failed: ${polled.failedReason || result}`);
      } catch (error) {
        if (!transient(error) || attempt > 200) throw error;
        await delay(500);
      }
    }
  }
  const describeRaw = (workflowId: string) =>
    client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
  async function caseTime(workflowId: string): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const described = await client.workflowService.describeWorkflowExecution({
          namespace: 'default',
          execution: { workflowId },
        });
        const current = described.workflowExtendedInfo?.timeSkippingInfo?.currentTime;
        return current ? Number(current.seconds) * 1000 + Math.floor((current.nanos ?? 0) / 1e6) : Date.now();
      } catch (error) {
        if (attempt > 40) throw error;
        await delay(500);
      }
    }
  }

  return {
    dataDir,
    client,
    caseTime,
    tokens,
    kills,
    workerRunning: () => worker !== undefined,
    startWorker,
    killWorker,
    killDevServer,
    http,
    deliver,
    step,
    read,
    fastForward: fastForwardThroughFaults,
    async stop() {
      await api.close();
      await killWorker();
      kills.worker--;
      (await spare)?.kill('SIGKILL');
      await connection.close();
      await server.stop();
    },
  };
}

// ---- the side effects, read back from the data folder ----

/** Every write in the personnel registry (assignments and measures on file), by the case step that made it. */
export interface Assignment {
  cadreId: string;
  basis: { workflowId: string; step: string };
}
export function registryWrites(dataDir: string): Assignment[] {
  const file = join(dataDir, 'personnel-registry.json');
  if (!existsSync(file)) return [];
  const registry = JSON.parse(testSealer.open(readFileSync(file, 'utf8').trim(), 'registry')) as {
    cadres: Record<string, { basis: Assignment['basis'] }[]>;
    measures?: Record<string, { basis: Assignment['basis'] }[]>;
  };
  return [...Object.entries(registry.cadres), ...Object.entries(registry.measures ?? {})].flatMap(
    ([cadreId, list]) => list.map((a) => ({ cadreId, basis: a.basis })),
  );
}
export interface Notification {
  key: string;
  workflowId: string;
  kind: string;
  to: string;
}
export function outbox(dataDir: string): Notification[] {
  return readOutbox(join(dataDir, 'notifications.jsonl'), testSealer) as Notification[];
}
export function archivedRecord(dataDir: string, department: string, caseId: string): CaseView | undefined {
  const file = join(dataDir, 'records', department, `${caseId}.json`);
  return existsSync(file)
    ? (JSON.parse(testSealer.open(readFileSync(file, 'utf8').trim(), 'record')) as CaseView)
    : undefined;
}
