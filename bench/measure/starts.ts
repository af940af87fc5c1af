import type { Client } from '@temporalio/client';
import type { BenchContext } from '../lib/context';
import { workerCpu } from '../lib/context';
import type { Section } from '../lib/report';
import { now, pool } from '../lib/stats';
import { todayInChina, trackBenches } from '../lib/tracks';
import { emptyWorkflow, stateQuery } from '../workflows/baseline';

/**
 * 1. Case starts per second through the API (POST /v1/cases, a probation case; the API answers 201
 * with the case as its workflow reports it) against bare `client.workflow.start` of the empty
 * workflow — same N, same concurrency — and, to show where the difference goes, against a bare start
 * followed by a Query (what the API's read-back costs at the least). Product and baseline alternate in
 * rounds, so drift on a shared machine hits both; warm-up starts are not counted.
 */
export interface StartsOptions {
  starts: number;
  concurrency: number;
  warmup: number;
  rounds: number;
}

export async function measureStarts(ctx: BenchContext, options: StartsOptions): Promise<Section> {
  const { env, product, baseline, runId } = ctx;
  const today = todayInChina();
  let serial = 0;
  /**
   * A start the API answered 503 (Temporal did not answer in time: on a loaded machine the read-back
   * can wait on the worker) is sent again, as the API tells a client to: the same body is idempotent, and
   * answers 200 with the case once it is there. Its time counts, retries included; the JSON counts them.
   */
  let retried = 0;
  const apiStart = async () => {
    const body = trackBenches.probation.start(`s-${runId}-${serial++}`, today);
    for (let attempt = 1; ; attempt++) {
      const response = await env.request('POST', '/v1/cases', body);
      if (response.status === 201 || (attempt > 1 && response.status === 200)) return;
      if (response.status !== 503 || attempt === 5)
        throw new Error(`POST /v1/cases: ${response.status} ${JSON.stringify(response.body)}`);
      retried++;
    }
  };
  const bareStart = (readBack: boolean) => async () => {
    const handle = await startEmpty(env.client, baseline.taskQueue, `e-${runId}-${serial++}`);
    if (readBack) await handle.query(stateQuery);
  };
  const variants = {
    api: { run: apiStart, hosts: [product] },
    bare: { run: bareStart(false), hosts: [baseline] },
    bareQuery: { run: bareStart(true), hosts: [baseline] },
  };
  type Variant = keyof typeof variants;
  const totals: Record<Variant, { ms: number; n: number; workerCpuMs: number; parentCpuMs: number }> = {
    api: { ms: 0, n: 0, workerCpuMs: 0, parentCpuMs: 0 },
    bare: { ms: 0, n: 0, workerCpuMs: 0, parentCpuMs: 0 },
    bareQuery: { ms: 0, n: 0, workerCpuMs: 0, parentCpuMs: 0 },
  };

  const settle = () => Promise.all([product.waitIdle({ quietMs: 300 }), baseline.waitIdle({ quietMs: 300 })]);
  for (const variant of Object.keys(variants) as Variant[]) {
    await pool(options.warmup, options.concurrency, variants[variant].run);
  }
  await settle();
  const perRound = Math.ceil(options.starts / options.rounds);
  for (let round = 0; round < options.rounds; round++) {
    // Alternate the order, so neither side always runs first.
    const order: Variant[] = round % 2 === 0 ? ['api', 'bare', 'bareQuery'] : ['bareQuery', 'bare', 'api'];
    for (const variant of order) {
      const { run, hosts } = variants[variant];
      const n = Math.min(perRound, options.starts - round * perRound);
      const {
        result: ms,
        cpuMs,
        parentCpuMs,
      } = await workerCpu(hosts, async () => {
        const t0 = now();
        await pool(n, options.concurrency, run);
        return now() - t0;
      });
      totals[variant].ms += ms;
      totals[variant].n += n;
      totals[variant].workerCpuMs += cpuMs[0] ?? 0;
      totals[variant].parentCpuMs += parentCpuMs;
      // The cases go on (their first activity, their second task) after the API answered: let that
      // finish before the other side is timed, and count it as this side's worker CPU.
      const { cpuMs: trailing } = await workerCpu(hosts, settle);
      totals[variant].workerCpuMs += trailing[0] ?? 0;
    }
  }
  if (retried > 0)
    ctx.log(`  ${retried} API starts answered 503 and were sent again (counted in their time)`);
  const rate = (v: Variant) => (totals[v].n / totals[v].ms) * 1000;
  const perStart = (v: Variant, key: 'workerCpuMs' | 'parentCpuMs') => totals[v][key] / totals[v].n;
  const c = options.concurrency;
  return {
    id: 'starts',
    title: '1. Case starts',
    rows: [
      {
        figure: `starts/s, POST /v1/cases (probation), concurrency ${c}`,
        baseline: `bare workflow.start, empty workflow, concurrency ${c}`,
        unit: '/s',
        productValue: rate('api'),
        baselineValue: rate('bare'),
        kind: 'rate',
      },
      {
        figure: '  same, against a baseline that also reads back',
        baseline: 'bare workflow.start + Query, empty workflow',
        unit: '/s',
        productValue: rate('api'),
        baselineValue: rate('bareQuery'),
        kind: 'rate',
      },
      {
        figure: '  worker CPU per start (incl. the case’s first activity)',
        baseline: 'empty workflow’s worker, start + Query',
        unit: 'ms',
        productValue: perStart('api', 'workerCpuMs'),
        baselineValue: perStart('bareQuery', 'workerCpuMs'),
        kind: 'cost',
      },
      {
        figure: '  API-process CPU per start (HTTP, zod, client)',
        baseline: 'client process, start + Query',
        unit: 'ms',
        productValue: perStart('api', 'parentCpuMs'),
        baselineValue: perStart('bareQuery', 'parentCpuMs'),
        kind: 'cost',
      },
    ],
    details: {
      options,
      totals,
      apiStartsRetriedAfter503: retried,
      ratesPerSecond: { api: rate('api'), bare: rate('bare'), bareQuery: rate('bareQuery') },
    },
  };
}

export function startEmpty(client: Client, taskQueue: string, workflowId: string) {
  return client.workflow.start(emptyWorkflow, { taskQueue, workflowId });
}
