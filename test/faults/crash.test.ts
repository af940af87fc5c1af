import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../activities/notifier';
import { type Credential, hashToken, newToken } from '../../api/credentials';
import { type RunningApi, startApi } from '../../api/server';
import { apiConnectionOptions } from '../../api/temporal-connection';
import { chinaDateOf } from '../../domain/dates';
import { builtInCalendar, coveredYears } from '../../machines/calendar';
import { apiMachines } from '../../worker/api-machines';
import { type DevServer, superviseDevServer } from '../../worker/dev-server';
import { waitForNamespace } from '../../worker/namespace';
import { bundleCaseWorkflows } from '../../worker/worker';
import { probationStart, uniqueCaseId } from '../support/cases';
import { testDataConverter, testKeysEnv, testSealer } from '../support/keys';
import { freePort } from '../support/ports';
import { fastForward, freshDataDir } from '../support/temporal';
import { demotion, demotionPosts, demotionStart, rotation, rotationStart } from '../support/track-fixtures';

/**
 * Crashes at random, counted. Cases of three tracks are driven through the API while the worker (a
 * process of its own) is killed with SIGKILL again and again and started again; the dev server is killed
 * with SIGKILL under open probations and mid-flight cases, and its launcher starts it again on the same
 * data; a burst of starts has the dev server killed in its middle. Then: every transition applied
 * exactly once, every side effect once (registry, outbox, record archive), the probation timers fire.
 *
 * The figures scale with the environment; the are `CADRE_FAULT_CASES=50 CADRE_FAULT_KILLS=20
 * CADRE_FAULT_STARTS=200`. The defaults fit a few minutes on 2 shared cores.
 */
const figures = {
  cases: Number(process.env.CADRE_FAULT_CASES || 12),
  kills: Number(process.env.CADRE_FAULT_KILLS || 6),
  starts: Number(process.env.CADRE_FAULT_STARTS || 40),
};
const counted = {
  workerKills: 0,
  devServerKills: 0,
  cases: 0,
  transitionsChecked: 0,
  duplicates: 0,
  lost: 0,
};

const dataDir = freshDataDir();
const taskQueue = 'faults-crash';
const tokens = { org: newToken(), committee: newToken() };
const credentials: Credential[] = [
  { id: 'od-zhang', name: '张处长', role: 'organization_department', tokenSha256: hashToken(tokens.org) },
  { id: 'committee', name: '区委常委会', role: 'committee', tokenSha256: hashToken(tokens.committee) },
];
let server: DevServer;
let connection: Connection;
let client: Client;
let api: RunningApi;
let bundlePath: string;
let worker: ChildProcess | undefined;

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function startWorker() {
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
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...testKeysEnv } },
  );
  await once(child.stdout as NonNullable<typeof child.stdout>, 'data');
  worker = child;
}
async function killWorker() {
  const child = worker;
  if (!child) return;
  worker = undefined;
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  counted.workerKills++;
}
async function killDevServer() {
  const pid = server.pid;
  process.kill(pid, 'SIGKILL');
  counted.devServerKills++;
  // The launcher starts it again on the same data and ports; wait until it answers.
  for (;;) {
    await delay(200);
    if (server.pid === pid) continue;
    try {
      await client.workflowService.getSystemInfo({});
      return;
    } catch {}
  }
}

type Step = { event: Record<string, unknown>; token: string; requestId: string };

/** An event as the API takes it: the caller's credential stands for the actor. */
const step = (caseId: string, i: number, event: Record<string, unknown>): Step => {
  const { actor, ...body } = event as { actor?: { role?: string } };
  return {
    event: body,
    token: actor?.role === 'committee' ? tokens.committee : tokens.org,
    requestId: `${caseId}-step-${i}`,
  };
};

async function http(method: string, path: string, body: unknown, token: string, requestId?: string) {
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
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON bodies
    return { status: response.status, body: (await response.json()) as any };
  } catch (error) {
    return { status: 0, body: { error: String(error) } };
  }
}

/** Sends until the API gives an answer that is not "try again"; a caller with the same request id. */
async function deliver(path: string, s: Step) {
  for (let attempt = 0; ; attempt++) {
    const answer = await http('POST', path, s.event, s.token, s.requestId);
    if (![0, 429, 503].includes(answer.status)) return answer;
    if (attempt > 200) throw new Error(`gave up on ${s.requestId}: ${JSON.stringify(answer.body)}`);
    await delay(500);
  }
}

interface Scenario {
  start: Record<string, unknown> & { department: string; caseId: string };
  steps: Step[];
  /** The effect steps the registry must hold once each for this case. */
  registrySteps: string[];
}

function scenario(i: number): Scenario {
  const today = chinaDateOf(Date.now());
  switch (i % 3) {
    case 0: {
      const start = { track: 'rotation', ...rotationStart({ caseId: uniqueCaseId(`rot${i}`) }) };
      const events = [rotation.propose(), rotation.consulted, rotation.passes, rotation.talk(today)];
      return {
        start,
        steps: events.map((e, n) => step(start.caseId, n, e)),
        registrySteps: ['transferPost'],
      };
    }
    case 1: {
      const start = { track: 'demotion', ...demotionStart({ caseId: uniqueCaseId(`dem${i}`) }) };
      const events = [
        demotion.verified,
        demotion.talk(),
        demotion.propose('demotion', { newPost: demotionPosts.lower }),
        demotion.passes,
      ];
      return {
        start,
        steps: events.map((e, n) => step(start.caseId, n, e)),
        registrySteps: ['applyPersonnelChange'],
      };
    }
    default: {
      const start = { track: 'probation', ...probationStart({ caseId: uniqueCaseId(`prob${i}`) }) };
      return { start, steps: [], registrySteps: ['beginTrialPost'] };
    }
  }
}

beforeAll(async () => {
  const { code } = await bundleCaseWorkflows({ logger: undefined });
  bundlePath = join(dataDir, 'workflows-bundle.js');
  writeFileSync(bundlePath, code);
  server = await superviseDevServer(
    {
      dataDir,
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      extraArgs: ['--dynamic-config-value', 'frontend.WorkflowTimeSkippingEnabled=true'],
    },
    {
      restarting: () => undefined,
      gaveUp: (error) => {
        throw error;
      },
    },
    { maxRestarts: 100, windowMs: 60_000 },
  );
  connection = await Connection.connect({ address: server.address, ...apiConnectionOptions() });
  await waitForNamespace(connection, 'default');
  client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
  api = await startApi(
    {
      client,
      taskQueue,
      logger: pino({ level: 'error' }, pino.destination(2)),
      credentials,
      rateLimitPerMinute: 1_000_000,
      builtInCalendarYears: coveredYears(builtInCalendar),
      machines: apiMachines(),
    },
    '127.0.0.1',
    0,
  );
  await startWorker();
}, 180_000);

afterAll(async () => {
  await api?.close();
  await killWorker();
  await connection?.close();
  await server?.stop();
  console.log('fault suite figures:', JSON.stringify({ ...figures, ...counted }));
});

describe('crashes at random, counted', () => {
  const scenarios = Array.from({ length: figures.cases }, (_, i) => scenario(i));

  it(
    `${figures.cases} cases across three tracks survive ${figures.kills} kill -9 of the worker and kills of the dev server`,
    async () => {
      let driving = true;
      // The killer: SIGKILL the worker at random moments while cases move, start it again after each.
      const killer = (async () => {
        let kills = 0;
        while (driving || kills < figures.kills) {
          await delay(300 + Math.random() * 2_000);
          await killWorker();
          kills++;
          // Half the time the dev server dies too, while the worker is down: under open probations.
          if (kills % 3 === 0) await killDevServer();
          await startWorker();
          if (kills >= figures.kills && !driving) break;
        }
      })();

      await Promise.all(
        scenarios.map(async (s, i) => {
          await delay(i * 150);
          const path = `/v1/cases/${s.start.department}/${s.start.caseId}`;
          const started = await deliver('/v1/cases', {
            event: s.start,
            token: tokens.org,
            requestId: `${s.start.caseId}-start`,
          });
          expect([200, 201], JSON.stringify(started.body)).toContain(started.status);
          for (const st of s.steps) {
            const answer = await deliver(`${path}/events`, st);
            expect(answer.status, `${st.requestId}: ${JSON.stringify(answer.body)}`).toBe(200);
          }
        }),
      );
      driving = false;
      await killer;

      // Probation timers: a year passes for each open probation; its expiry is fed to the case once.
      const probations = scenarios.filter((s) => s.start.track === 'probation');
      for (const s of probations) {
        await fastForward(client, `${s.start.department}/${s.start.caseId}`, 370 * 24 * 3600 * 1000);
      }
      // A 降职 in effect stays open 30 days for 复核 and 申诉 (rules edition 4): the period passes, the case closes.
      for (const s of scenarios.filter((x) => x.start.track === 'demotion')) {
        await fastForward(client, `${s.start.department}/${s.start.caseId}`, 31 * 24 * 3600 * 1000);
      }

      // Let interrupted activities finish (start-to-close 10 s), then check every case.
      const views = new Map<string, { record: { type: string; requestId?: string }[]; state: string }>();
      for (const s of scenarios) {
        const path = `/v1/cases/${s.start.department}/${s.start.caseId}`;
        for (;;) {
          const view = await http('GET', path, undefined, tokens.org);
          const record = view.body.record as { type: string; requestId?: string }[] | undefined;
          const settled =
            view.status === 200 &&
            (s.start.track === 'probation'
              ? record?.some((r) => r.type === 'PROBATION_EXPIRED')
              : view.body.legalEvents?.length === 0 || view.body.closed);
          if (settled) {
            views.set(s.start.caseId, view.body);
            break;
          }
          await delay(500);
        }
      }
      for (const s of scenarios) {
        const view = views.get(s.start.caseId) as { record: { type: string; requestId?: string }[] };
        counted.cases++;
        for (const st of s.steps) {
          const applied = view.record.filter((r) => r.requestId === st.requestId).length;
          counted.transitionsChecked++;
          if (applied === 0) counted.lost++;
          if (applied > 1) counted.duplicates += applied - 1;
        }
        if (s.start.track === 'probation') {
          counted.transitionsChecked++;
          const expiries = view.record.filter((r) => r.type === 'PROBATION_EXPIRED').length;
          if (expiries > 1) counted.duplicates += expiries - 1;
        }
      }
      expect(counted.lost).toBe(0);
      expect(counted.duplicates).toBe(0);

      // Side effects: each registry write once per case and step; each notification once per key; one
      // archived record per closed case.
      await delay(2_000);
      const registry = JSON.parse(
        testSealer.open(readFileSync(join(dataDir, 'personnel-registry.json'), 'utf8').trim(), 'registry'),
      ) as {
        cadres: Record<string, { basis: { workflowId: string; step: string } }[]>;
      };
      const bases = Object.values(registry.cadres)
        .flat()
        .map((a) => `${a.basis.workflowId}#${a.basis.step}`);
      expect(new Set(bases).size).toBe(bases.length);
      for (const s of scenarios) {
        for (const effect of s.registrySteps) {
          expect(bases, `${s.start.caseId} ${effect}`).toContain(
            `${s.start.department}/${s.start.caseId}#${effect}`,
          );
        }
      }
      const keys = readOutbox(join(dataDir, 'notifications.jsonl'), testSealer).map((n) => n.key);
      counted.duplicates += keys.length - new Set(keys).size;
      expect(new Set(keys).size).toBe(keys.length);
      for (const s of scenarios.filter((x) => x.start.track !== 'probation')) {
        expect(existsSync(join(dataDir, 'records', s.start.department, `${s.start.caseId}.json`))).toBe(true);
      }
    },
    20 * 60_000,
  );

  it(
    `a burst of ${figures.starts} starts with the dev server killed in its middle`,
    async () => {
      const bodies = Array.from({ length: figures.starts }, (_, i) => ({
        track: 'probation',
        ...probationStart({ caseId: uniqueCaseId(`burst${i}`) }),
      }));
      const answers = bodies.map(async (body, i) => {
        await delay(i * 20);
        return http('POST', '/v1/cases', body, tokens.org);
      });
      await delay(figures.starts * 10);
      await killDevServer();
      const seen = await Promise.all(answers);
      const succeeded = bodies.filter((_, i) => [200, 201].includes(seen[i]?.status ?? 0));
      for (const answer of seen) expect([0, 200, 201, 503]).toContain(answer.status);

      // Every start a caller saw succeed exists; a retry of every start by the same id gives one case.
      for (const body of succeeded) {
        const read = await http('GET', `/v1/cases/${body.department}/${body.caseId}`, undefined, tokens.org);
        expect(read.status).toBe(200);
      }
      for (const body of bodies) {
        const again = await deliver('/v1/cases', {
          event: body,
          token: tokens.org,
          requestId: `${body.caseId}-retry`,
        });
        expect([200, 201]).toContain(again.status);
      }
      for (const body of bodies) {
        // Listing is eventually consistent: wait for the case to show, then it must show once.
        let count = 0;
        while (count === 0) {
          ({ count } = await client.workflow.count(`WorkflowId = '${body.department}/${body.caseId}'`));
          if (count === 0) await delay(200);
        }
        expect(count).toBe(1);
      }
      console.log(
        `burst: ${succeeded.length} of ${bodies.length} starts answered 2xx before and around the kill`,
      );
    },
    10 * 60_000,
  );
});
