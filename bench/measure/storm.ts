import { DEFAULT_POLICY } from '../../domain/policy';
import { probationEndsOn } from '../../machines/probation';
import { startCaseDirect } from '../lib/cases';
import type { BenchContext } from '../lib/context';
import { workerCpu } from '../lib/context';
import type { Section } from '../lib/report';
import { pool, sleep, waitUntil } from '../lib/stats';
import { before, todayInChina, trackBenches } from '../lib/tracks';
import type { WorkerHost } from '../lib/worker-host';
import { instantWorkflow, timerWorkflow } from '../workflows/baseline';

/**
 * 3. A storm of N probation expiries at one instant T.
 *
 * A probation expires at China midnight, so a real storm cannot be scheduled a few seconds ahead
 * without changing the product. Instead, N cases are started with a start delay that ends at T and a
 * `startsOn` a year and a day ago: at T the server wakes all N at once (a server-side timer each, the
 * same timer queue a workflow timer uses), and each case finds its expiry past and opens its review at
 * once — what a case that is not in the worker's cache does when its expiry timer fires (a year-long
 * case almost never is): build the workflow, replay to where it was, fire. Here the "replay" is the
 * case's real first steps (the initial transition and its beginTrialPost activity), so this errs on the
 * expensive side. Done = every case's CaseStage search attribute reads `review` (polled, 100 ms).
 *
 * Each side gets fresh workers (product: the project's worker; baseline: the bench's), so nothing from
 * earlier sections sits in their caches. Baselines on the same server: N bare workflows sleeping until
 * T, started and cached beforehand (what firing N timers costs at the least), and N empty workflows
 * with the same start delay (the same wake-up as the cases, then one empty task each).
 */
export interface StormOptions {
  size: number;
  /** How far ahead T is set; must cover starting (and, for bare timers, first tasks of) all N. */
  leadMs?: number;
}

const STARTERS = 50;

export async function measureStorm(ctx: BenchContext, options: StormOptions): Promise<Section> {
  const { env, runId } = ctx;
  // Workers of their own: the long-running product worker already holds the cases of earlier sections.
  const product = await env.startWorker('product', `storm-product-${runId}`);
  const baseline = await env.startWorker('baseline', `storm-baseline-${runId}`);
  try {
    return await storm(ctx, options, product, baseline);
  } finally {
    await Promise.all([product.stop(), baseline.stop()]);
  }
}

async function storm(
  ctx: BenchContext,
  options: StormOptions,
  product: WorkerHost,
  baseline: WorkerHost,
): Promise<Section> {
  const { env, runId } = ctx;
  const n = options.size;
  const leadMs = options.leadMs ?? 4_000 + n * 6;
  const client = env.client;
  const count = async (query: string) => Number((await client.workflow.count(query)).count);

  /** Waits from T until `query` counts N; returns ms after T, and the workers' CPU meanwhile. */
  const stormFrom = async (at: number, query: string) => {
    const slack = at - Date.now();
    if (slack < 200) throw new Error(`storm: set-up overran T by ${-slack} ms; raise --storm-lead-ms`);
    await sleep(slack);
    let doneAt = 0;
    const { cpuMs } = await workerCpu([product, baseline], async () => {
      await waitUntil(
        `${n} × ${query}`,
        async () => {
          const dead = product.failure ?? baseline.failure;
          if (dead) throw new Error(`a worker died during the storm: ${dead}`);
          return (await count(query)) >= n;
        },
        { everyMs: 100 },
      );
      doneAt = Date.now();
      await Promise.all([product.waitIdle({ quietMs: 300 }), baseline.waitIdle({ quietMs: 300 })]);
    });
    return { ms: doneAt - at, slackMs: slack, workerCpuMs: cpuMs };
  };

  // Baseline 1: bare timers, started and cached before T.
  const timersAt = Date.now() + leadMs;
  await pool(n, STARTERS, (i) =>
    client.workflow.start(timerWorkflow, {
      taskQueue: baseline.taskQueue,
      workflowId: `storm-timer-${runId}-${i}`,
      args: [timersAt],
    }),
  );
  await baseline.waitIdle({ quietMs: 300 });
  const timers = await stormFrom(
    timersAt,
    `WorkflowType = 'timerWorkflow' AND ExecutionStatus = 'Completed' AND WorkflowId STARTS_WITH 'storm-timer-${runId}-'`,
  );
  ctx.log(`  ${n} bare timers: ${timers.ms} ms`);

  // Baseline 2: empty workflows woken by the same start delay as the cases.
  const delayedAt = Date.now() + leadMs;
  await pool(n, STARTERS, (i) =>
    client.workflow.start(instantWorkflow, {
      taskQueue: baseline.taskQueue,
      workflowId: `storm-delayed-${runId}-${i}`,
      startDelay: delayedAt - Date.now(),
    }),
  );
  const delayed = await stormFrom(
    delayedAt,
    `WorkflowType = 'instantWorkflow' AND ExecutionStatus = 'Completed' AND WorkflowId STARTS_WITH 'storm-delayed-${runId}-'`,
  );
  ctx.log(`  ${n} delayed empty starts: ${delayed.ms} ms`);

  // The cases: expired a day before T, woken at T.
  const startsOn = before(todayInChina(), DEFAULT_POLICY.probation.months, 1);
  const department = `storm-${runId}`;
  const casesAt = Date.now() + leadMs;
  await pool(n, STARTERS, (i) =>
    startCaseDirect(
      client,
      product.taskQueue,
      { ...trackBenches.probation.start(`c-${i}`, startsOn), department },
      casesAt - Date.now(),
    ),
  );
  const cases = await stormFrom(casesAt, `CaseDepartment = '${department}' AND CaseStage = 'review'`);
  ctx.log(`  ${n} probation expiries: ${cases.ms} ms`);

  const expiry = probationEndsOn(startsOn, DEFAULT_POLICY.probation.months);
  return {
    id: 'storm',
    title: '3. Expiry storm',
    rows: [
      {
        figure: `${n} probation expiries at one instant → all reviews open`,
        baseline: `${n} bare timers firing at one instant → all done`,
        unit: 's',
        productValue: cases.ms / 1000,
        baselineValue: timers.ms / 1000,
        kind: 'cost',
      },
      {
        figure: '  same',
        baseline: `${n} empty workflows, same start delay → all done`,
        unit: 's',
        productValue: cases.ms / 1000,
        baselineValue: delayed.ms / 1000,
        kind: 'cost',
      },
      {
        figure: '  worker CPU per expiry',
        baseline: 'per bare timer',
        unit: 'ms',
        productValue: (cases.workerCpuMs[0] ?? 0) / n,
        baselineValue: (timers.workerCpuMs[1] ?? 0) / n,
        kind: 'cost',
      },
    ],
    details: { options: { ...options, leadMs }, startsOn, expiresOn: expiry, cases, timers, delayed },
  };
}
