import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credential, hashToken, newToken } from '../../api/credentials';
import { chinaDateOf } from '../../domain/dates';
import { freshKeyFile } from '../../security/keyring';
import { bundleCaseWorkflows } from '../../worker/worker';
import { allSearchAttributes } from '../../workflows/search-attributes';
import { probationStart, uniqueCaseId } from '../support/cases';
import { type Cluster, startCluster } from '../support/cluster';
import { freePort } from '../support/ports';
import { exited } from '../support/postgres';
import { promotionInput } from '../support/promotion-driver';
import { e, nominate } from '../support/promotion-fixtures';
import { demotion, demotionPosts, demotionStart, rotation, rotationStart } from '../support/track-fixtures';

/**
 * The production topology, tested (issue 17): the Temporal server built from go.temporal.io/server on
 * PostgreSQL with SQL visibility (test/support/cluster.ts), the project's search attributes registered by
 * the worker through the operator API, two workers and two API replicas — the real `bin/worker.ts` and
 * `bin/api.ts`, processes of their own — sharing the stores in PostgreSQL and the keys in one read-only
 * folder. Cases of the four tracks are driven through both APIs in turn; one worker is killed with
 * SIGKILL midway and not restarted: the other carries every case to its end. Then every case is where its
 * track says, listing and filters answer on SQL visibility, and the registry, outbox and record archive
 * hold each write once (counted by key against the cases' own records), sealed.
 *
 * CADRE_CLUSTER_CASES (default 100) scales it.
 */
const CASES = Number(process.env.CADRE_CLUSTER_CASES || 100);
const CONCURRENCY = 8;
/** Small pages: a page token one replica gave is taken by the other (they share its key). */
const PAGE = 7;
const root = resolve(__dirname, '../..');
const taskQueue = 'cadre-cluster';

let cluster: Cluster;
let work: string;
let keysDir: string;
let bundlePath: string;
const tokens = { org: newToken(), finance: newToken(), committee: newToken() };
const processes: { name: string; child: ChildProcess; dataDir: string }[] = [];
let apis: string[] = [];
const figures = {
  cases: CASES,
  workers: 2,
  apis: 2,
  workerKilledAfterCases: 0,
  requests: 0,
  driveSeconds: 0,
  settleSeconds: 0,
  registryRows: 0,
  outboxRows: 0,
  archivedRecords: 0,
  lost: 0,
  doubled: 0,
};

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The shared secrets, as a deployment mounts them in every process: one folder, read-only. */
function writeKeysFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const credentials: Credential[] = [
    { id: 'od-zhang', name: '张处长', role: 'organization_department', tokenSha256: hashToken(tokens.org) },
    {
      id: 'fin-hr',
      name: '财政局人事',
      role: 'department',
      department: 'district-finance',
      tokenSha256: hashToken(tokens.finance),
    },
    { id: 'committee', name: '区委常委会', role: 'committee', tokenSha256: hashToken(tokens.committee) },
  ];
  writeFileSync(join(dir, 'codec-keys.json'), JSON.stringify(freshKeyFile()));
  writeFileSync(join(dir, 'search-key'), `${newToken()}\n`);
  writeFileSync(join(dir, 'page-token-key'), `${newToken()}\n`);
  writeFileSync(join(dir, 'credentials.json'), JSON.stringify(credentials));
  for (const file of readdirSync(dir)) chmodSync(join(dir, file), 0o400);
  chmodSync(dir, 0o500);
}

/** Starts `bin/<entry>.ts` in a process of its own, as a deployment does; resolves once it says `ready`. */
async function startProcess(name: string, entry: string, env: Record<string, string>): Promise<ChildProcess> {
  const dataDir = mkdtempSync(join(work, `${name}-data-`));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bin', `${entry}.ts`)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_NAMESPACE: cluster.namespace,
      CADRE_TASK_QUEUE: taskQueue,
      CADRE_KEYS_DIR: keysDir,
      CADRE_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  processes.push({ name, child, dataDir });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const look = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (/"msg":"(worker polling|api listening)"/.test(output)) ready();
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => fail(new Error(`${name} exited (${code}) before it was ready:\n${output}`)));
  });
  // Keep draining its output, or a full pipe would block it.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

const startWorker = (name: string) =>
  startProcess(name, 'worker', {
    CADRE_DATABASE_URL: cluster.databaseUrl,
    CADRE_WORKFLOW_BUNDLE: bundlePath,
  });

async function startApiReplica(name: string): Promise<string> {
  const port = await freePort();
  await startProcess(name, 'api', {
    CADRE_API_HOST: '127.0.0.1',
    CADRE_API_PORT: String(port),
    CADRE_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  return `http://127.0.0.1:${port}`;
}

/** Each request goes to the next API replica, as a round-robin load balancer sends them. */
let turn = 0;
async function http(method: string, path: string, body: unknown, token: string, requestId?: string) {
  const api = apis[turn++ % apis.length] as string;
  figures.requests++;
  try {
    const response = await fetch(`${api}${path}`, {
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

/** Sends until the answer is not "try again" (a worker's death can make an Update wait past the deadline). */
async function deliver(path: string, body: unknown, token: string, requestId: string) {
  for (let attempt = 0; ; attempt++) {
    const answer = await http('POST', path, body, token, requestId);
    if (![0, 429, 503, 504].includes(answer.status)) return answer;
    if (attempt > 120) throw new Error(`gave up on ${requestId}: ${JSON.stringify(answer.body)}`);
    await delay(500);
  }
}

type Step = { body: Record<string, unknown>; token: string };

/** An event as a caller sends it: the API stamps the actor from the token, the workflow the time. */
function step(event: Record<string, unknown>): Step {
  const { actor, at: _at, ...body } = event as { actor?: { role?: string }; at?: string };
  const token =
    actor?.role === 'committee'
      ? tokens.committee
      : actor?.role === 'department'
        ? tokens.finance
        : tokens.org;
  return { body, token };
}

interface Scenario {
  track: 'promotion' | 'rotation' | 'demotion' | 'probation';
  start: Record<string, unknown> & { department: string; caseId: string };
  steps: Step[];
  /** The distinctive name of the case's cadre (or first nominee), for the search and the sealing checks. */
  name: string;
  /** Where the case must end: closed with this outcome, or open in this state. */
  ends: { status: 'closed' } | { status: 'open'; state: string };
  /** The registry's writes the case must leave, once each. */
  registrySteps: string[];
}

const run = Date.now().toString(36);
const nameOf = (i: number) => `集群${run}测试${i}号`;

function scenario(i: number): Scenario {
  const today = chinaDateOf(Date.now());
  const name = nameOf(i);
  const cadre = { id: `C-${run}-${i}`, name };
  switch (i % 4) {
    case 0: {
      const start = { track: 'rotation', ...rotationStart({ caseId: uniqueCaseId(`rot${i}`), cadre }) };
      return {
        track: 'rotation',
        start,
        name,
        steps: [rotation.propose(), rotation.consulted, rotation.passes, rotation.talk(today)].map(step),
        ends: { status: 'closed' },
        registrySteps: ['transferPost'],
      };
    }
    case 1: {
      const start = { track: 'demotion', ...demotionStart({ caseId: uniqueCaseId(`dem${i}`), cadre }) };
      return {
        track: 'demotion',
        start,
        name,
        steps: [
          demotion.verified,
          demotion.talk(),
          demotion.propose('demotion', { newPost: demotionPosts.lower }),
          demotion.passes,
        ].map(step),
        // Rules edition 4: in effect, and open for 复核 and 申诉 for 30 days (公务员法 art. 95).
        ends: { status: 'open', state: 'openToReview' },
        registrySteps: ['applyPersonnelChange'],
      };
    }
    case 2: {
      const start = { track: 'probation', ...probationStart({ caseId: uniqueCaseId(`prob${i}`), cadre }) };
      return {
        track: 'probation',
        start,
        name,
        steps: [],
        ends: { status: 'open', state: 'serving' },
        registrySteps: ['beginTrialPost'],
      };
    }
    default: {
      const start = { track: 'promotion', ...promotionInput({ caseId: uniqueCaseId(`pro${i}`) }) };
      const nominee = (id: string, who: string) =>
        nominate(id, { nominee: { ...(nominate(id).nominee as object), name: who } });
      return {
        track: 'promotion',
        start,
        name,
        // A motion withdrawn while nominations are open (动议撤回): the case closes and is archived.
        steps: [e.motion, nominee('A', name), nominee('B', `${name}乙`), e.withdraw].map(step),
        ends: { status: 'closed' },
        registrySteps: [],
      };
    }
  }
}

/** A name as JSON writes it with every character escaped (`\u96c6…`). */
const unicodeEscaped = (text: string) =>
  [...text].map((c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`).join('');

const caseUrl = (s: Scenario) => `/v1/cases/${s.start.department}/${s.start.caseId}`;
const workflowIdOf = (s: Scenario) => `${s.start.department}/${s.start.caseId}`;

async function drive(s: Scenario): Promise<void> {
  const started = await deliver('/v1/cases', s.start, tokens.org, `${s.start.caseId}-start`);
  expect([200, 201], `${s.start.caseId}: ${JSON.stringify(started.body)}`).toContain(started.status);
  for (const [n, st] of s.steps.entries()) {
    const answer = await deliver(`${caseUrl(s)}/events`, st.body, st.token, `${s.start.caseId}-step-${n}`);
    expect(answer.status, `${s.start.caseId} step ${n}: ${JSON.stringify(answer.body)}`).toBe(200);
  }
}

/** Polls `check` until it holds (visibility and effects are eventually consistent); fails after `ms`. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(500);
  }
}

beforeAll(async () => {
  cluster = await startCluster();
  work = mkdtempSync(join(tmpdir(), 'cadre-cluster-run-'));
  keysDir = join(work, 'keys');
  writeKeysFolder(keysDir);
  bundlePath = join(work, 'workflows-bundle.js');
  writeFileSync(bundlePath, (await bundleCaseWorkflows({ logger: undefined })).code);
}, 600_000);

afterAll(async () => {
  for (const { child } of processes) child.kill('SIGTERM');
  await Promise.all(processes.map(({ child }) => exited(child)));
  await cluster?.stop();
  console.log('cluster figures:', JSON.stringify(figures));
}, 120_000);

describe('the production topology: Temporal on PostgreSQL, two workers, two API replicas', () => {
  const scenarios = Array.from({ length: CASES }, (_, i) => scenario(i));

  it('a fresh namespace on SQL visibility has none of the project’s search attributes; the worker registers them through the operator API', async () => {
    const connection = await Connection.connect({ address: cluster.address });
    try {
      const before = await connection.operatorService.listSearchAttributes({ namespace: cluster.namespace });
      for (const key of allSearchAttributes)
        expect(before.customAttributes ?? {}).not.toHaveProperty(key.name);
      // The first worker registers them (bin/worker.ts, ensureSearchAttributes); the second finds them there.
      await startWorker('worker-1');
      await startWorker('worker-2');
      const after = await connection.operatorService.listSearchAttributes({ namespace: cluster.namespace });
      for (const key of allSearchAttributes) {
        expect(after.customAttributes?.[key.name], key.name).toBe(
          temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
        );
      }
    } finally {
      await connection.close();
    }
    apis = [await startApiReplica('api-1'), await startApiReplica('api-2')];
  }, 300_000);

  it(
    `${CASES} cases across the four tracks, through both APIs, one worker killed with kill -9 midway`,
    async () => {
      expect(apis).toHaveLength(2);
      const began = Date.now();
      let next = 0;
      let done = 0;
      const killAt = Math.floor(CASES / 2);
      const lanes = Array.from({ length: CONCURRENCY }, async () => {
        while (next < scenarios.length) {
          const s = scenarios[next++] as Scenario;
          await drive(s);
          done++;
          if (done === killAt) {
            // SIGKILL mid-flight: whatever tasks it held time out and go to the other worker.
            const victim = processes.find((p) => p.name === 'worker-1');
            victim?.child.kill('SIGKILL');
            figures.workerKilledAfterCases = done;
          }
        }
      });
      await Promise.all(lanes);
      figures.driveSeconds = Math.round((Date.now() - began) / 1000);
      expect(processes.find((p) => p.name === 'worker-1')?.child.signalCode).toBe('SIGKILL');

      // Every case where its track says, through either API.
      const settleBegan = Date.now();
      for (const s of scenarios) {
        await eventually(`${s.start.caseId} to settle`, async () => {
          const view = await http('GET', caseUrl(s), undefined, tokens.org);
          if (view.status !== 200) return false;
          if (s.ends.status === 'closed')
            return view.body.status === 'closed' && Boolean(view.body.archivedTo);
          const effectsDone = s.registrySteps.every((effect) =>
            (view.body.record as { kind: string; type: string }[]).some(
              (r) => r.kind === 'effect' && r.type === effect,
            ),
          );
          return view.body.status === 'open' && view.body.state === s.ends.state && effectsDone;
        });
      }
      figures.settleSeconds = Math.round((Date.now() - settleBegan) / 1000);
    },
    30 * 60_000,
  );

  it('listing and filters answer on SQL visibility, through either replica', async () => {
    const ours = new Set(scenarios.map(workflowIdOf));
    const listed = async (query: string): Promise<string[]> => {
      const ids: string[] = [];
      let pageToken: string | undefined;
      do {
        const answer = await http(
          'GET',
          `/v1/cases?${query}&pageSize=${PAGE}${pageToken ? `&pageToken=${pageToken}` : ''}`,
          undefined,
          tokens.org,
        );
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        ids.push(...(answer.body.cases as { workflowId: string }[]).map((c) => c.workflowId));
        pageToken = answer.body.nextPageToken ?? undefined;
      } while (pageToken);
      return ids.filter((id) => ours.has(id)).sort();
    };
    const expectListed = (query: string, expected: Scenario[]) =>
      eventually(`the list ${query}`, async () => {
        const want = expected.map(workflowIdOf).sort();
        return JSON.stringify(await listed(query)) === JSON.stringify(want);
      });

    for (const track of ['promotion', 'rotation', 'demotion', 'probation'] as const) {
      await expectListed(
        `track=${track}`,
        scenarios.filter((s) => s.track === track),
      );
    }
    await expectListed(
      'status=open',
      scenarios.filter((s) => s.ends.status === 'open'),
    );
    await expectListed(
      'track=demotion&status=open&department=district-finance',
      scenarios.filter((s) => s.track === 'demotion'),
    );
    await expectListed(
      'stage=serving',
      scenarios.filter((s) => s.track === 'probation'),
    );
    await expectListed(
      `unit=${encodeURIComponent('区审计局')}`,
      scenarios.filter((s) => s.track === 'rotation'),
    );
    // By name: a keyed digest one replica computed at the start, looked up by whichever answers now.
    for (const s of scenarios.filter((_, i) => i % 10 === 0)) {
      await expectListed(`cadre=${encodeURIComponent(s.name)}`, [s]);
    }
  }, 600_000);

  it('the registry, the outbox and the record archive hold each write once, sealed; no process kept a file', async () => {
    const pg = cluster.postgres;
    const rows = (sql: string) =>
      pg
        .psql(sql)
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('|'));
    const registry = rows('SELECT workflow_id, step, count(*) FROM cadre_registry_assignments GROUP BY 1, 2');
    const outbox = new Map(
      rows('SELECT workflow_id, count(*), count(DISTINCT key) FROM cadre_outbox GROUP BY 1').map(
        ([id, n, distinct]) => [id, { n: Number(n), distinct: Number(distinct) }],
      ),
    );
    const records = new Map(
      rows('SELECT department, case_id, count(*) FROM cadre_records GROUP BY 1, 2').map(([d, c, n]) => [
        `${d}/${c}`,
        Number(n),
      ]),
    );
    let lost = 0;
    let doubled = 0;
    for (const s of scenarios) {
      const id = workflowIdOf(s);
      const view = await http('GET', caseUrl(s), undefined, tokens.org);
      const effects = (view.body.record as { kind: string; type: string }[]).filter(
        (r) => r.kind === 'effect',
      );
      // Registry: each of the case's registry steps once.
      for (const effect of s.registrySteps) {
        const found = registry.filter(([w, st]) => w === id && st === effect);
        if (found.length === 0) lost++;
        if (found.length > 1 || Number(found[0]?.[2] ?? 1) > 1) doubled++;
      }
      expect(
        registry
          .filter(([w]) => w === id)
          .map(([, st]) => st)
          .sort(),
        id,
      ).toEqual([...s.registrySteps].sort());
      // Outbox: one row per notification the case's record says it sent, each key once.
      const notices = effects.filter((r) => r.type === 'notify').length;
      const queued = outbox.get(id) ?? { n: 0, distinct: 0 };
      if (queued.n < notices) lost += notices - queued.n;
      if (queued.n > notices) doubled += queued.n - notices;
      expect(queued, id).toEqual({ n: notices, distinct: notices });
      // Archive: one record per closed case, none for an open one.
      expect(records.get(id) ?? 0, id).toBe(s.ends.status === 'closed' ? 1 : 0);
    }
    Object.assign(figures, {
      lost,
      doubled,
      registryRows: registry.length,
      outboxRows: [...outbox.values()].reduce((sum, q) => sum + q.n, 0),
      archivedRecords: records.size,
    });
    expect({ lost, doubled }).toEqual({ lost: 0, doubled: 0 });
    expect([...outbox.values()].reduce((sum, q) => sum + q.n, 0)).toBeGreaterThan(CASES);

    // Sealed: no cadre's name in any column of the service's tables, nor in SQL visibility.
    const atRest = [
      ...['cadre_registry_assignments', 'cadre_registry_measures', 'cadre_outbox', 'cadre_records'].map((t) =>
        pg.psql(`COPY ${t} TO STDOUT`),
      ),
      pg.psql('COPY (SELECT * FROM executions_visibility) TO STDOUT', 'temporal_visibility'),
    ].join('\n');
    expect(atRest).toContain('cadre-sealed:v1:');
    for (const s of scenarios) {
      expect(atRest.includes(s.name), s.name).toBe(false);
      expect(atRest.includes(unicodeEscaped(s.name)), s.name).toBe(false);
    }
    // The stores live in PostgreSQL only: no worker or API wrote a file of its own.
    for (const p of processes) expect(readdirSync(p.dataDir), p.name).toEqual([]);
  }, 300_000);
});
