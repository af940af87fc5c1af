import { DEFAULT_POLICY } from '../../domain/policy';
import { probationEndsOn } from '../../machines/probation';
import { startCaseDirect } from '../lib/cases';
import type { BenchContext } from '../lib/context';
import { workerCpu } from '../lib/context';
import type { Row, Section } from '../lib/report';
import { pool, sleep, waitUntil } from '../lib/stats';
import { before, todayInChina, trackBenches } from '../lib/tracks';
import type { WorkerHost } from '../lib/worker-host';
import { instantWorkflow, timerWorkflow } from '../workflows/baseline';

/**
 * 3. A storm of N probation expiries at one instant T, for each N asked (the scale curve).
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
 * Each N gets fresh workers (product: the project's worker; baseline: the bench's), so nothing from
 * earlier sections sits in their caches. Baselines on the same server: N bare workflows sleeping until
 * T, started and cached beforehand (what firing N timers costs at the least), and N empty workflows
 * with the same start delay (the same wake-up as the cases, then one empty task each).
 *
 * The lead (how far ahead T is set) must cover the set-up of all N. It is derived from the set-up rate
 * measured on this machine in this run — first a probe of starts, then every set-up before — and a
 * set-up that overruns T anyway (a loaded machine slows down mid-way) is thrown away and done again, with
 * a lead derived from the set-up time it just measured. The output and the JSON say which happened.
 */
export interface StormOptions {
  sizes: number[];
  /** A fixed lead instead of the derived one (a set-up that overruns it is still retried, longer). */
  leadMs?: number;
}

const STARTERS = 50;
/** Set-ups tried for one side of one N before the bench gives up. */
const ATTEMPTS = 4;
/** The derived lead: this many times the projected set-up, plus a fixed margin. */
const SAFETY = 1.6;
const MARGIN_MS = 2_000;
/** T must still be this far ahead when the set-up ends, or the attempt is retried. */
const MIN_SLACK_MS = 200;

interface Storm {
  ms: number;
  slackMs: number;
  workerCpuMs: number[];
  leadMs: number;
  setupMs: number;
  attempts: { leadMs: number; setupMs: number; overranMs?: number; derivedFrom: string }[];
}

export async function measureStorm(ctx: BenchContext, options: StormOptions): Promise<Section> {
  const { env, runId } = ctx;
  // Set-up speed: ms per workflow started (and, for bare timers, run to its sleep), worst seen so far.
  const pace = { msPerStart: await probeStartPace(ctx), from: 'a probe of 100 starts' };
  ctx.log(`  set-up pace from a probe: ${pace.msPerStart.toFixed(2)} ms per start`);
  const results = [];
  for (const n of options.sizes) {
    // Workers of their own per N: nothing from earlier sections or sizes is in their caches.
    const product = await env.startWorker('product', `storm-product-${runId}-${n}`);
    const baseline = await env.startWorker('baseline', `storm-baseline-${runId}-${n}`);
    try {
      results.push(await storm(ctx, n, options, pace, product, baseline));
    } finally {
      await Promise.all([product.stop(), baseline.stop()]);
    }
  }
  const rows: Row[] = results.flatMap(({ n, cases, timers, delayed }, i) => [
    {
      figure: `${n.toLocaleString('en-US')} probation expiries at one instant → all reviews open`,
      baseline: `${n.toLocaleString('en-US')} bare timers firing at one instant → all done`,
      unit: 's',
      productValue: cases.ms / 1000,
      baselineValue: timers.ms / 1000,
      kind: 'cost' as const,
    },
    ...(i === results.length - 1
      ? [
          {
            figure: '  same',
            baseline: `${n.toLocaleString('en-US')} empty workflows, same start delay → all done`,
            unit: 's',
            productValue: cases.ms / 1000,
            baselineValue: delayed.ms / 1000,
            kind: 'cost' as const,
          },
        ]
      : []),
    {
      figure: '  worker CPU per expiry',
      baseline: 'per bare timer',
      unit: 'ms',
      productValue: (cases.workerCpuMs[0] ?? 0) / n,
      baselineValue: (timers.workerCpuMs[1] ?? 0) / n,
      kind: 'cost' as const,
    },
  ]);
  return { id: 'storm', title: '3. Expiry storm', rows, details: { options, storms: results } };
}

/** ms per start of an empty workflow at the set-up's concurrency, on this machine now. */
async function probeStartPace(ctx: BenchContext): Promise<number> {
  const count = 100;
  const t0 = Date.now();
  await pool(count, STARTERS, (i) =>
    ctx.env.client.workflow.start(instantWorkflow, {
      taskQueue: ctx.baseline.taskQueue,
      workflowId: `storm-probe-${ctx.runId}-${i}`,
    }),
  );
  await ctx.baseline.waitIdle({ quietMs: 100 });
  return (Date.now() - t0) / count;
}

async function storm(
  ctx: BenchContext,
  n: number,
  options: StormOptions,
  pace: { msPerStart: number; from: string },
  product: WorkerHost,
  baseline: WorkerHost,
) {
  const { env, runId } = ctx;
  const client = env.client;
  const count = async (query: string) => Number((await client.workflow.count(query)).count);

  /** Waits from T until `query` counts N; returns ms after T, and the workers' CPU meanwhile. */
  const stormFrom = async (at: number, query: string) => {
    await sleep(at - Date.now());
    let doneAt = 0;
    const { cpuMs } = await workerCpu([product, baseline], async () => {
      await waitUntil(`${n} × ${query}`, () => allDone(query), { everyMs: 100 });
      doneAt = Date.now();
      await Promise.all([product.waitIdle({ quietMs: 300 }), baseline.waitIdle({ quietMs: 300 })]);
    });
    return { ms: doneAt - at, workerCpuMs: cpuMs };
  };
  const allDone = async (query: string) => {
    const dead = product.failure ?? baseline.failure;
    if (dead) throw new Error(`a worker died during the storm: ${dead}`);
    return (await count(query)) >= n;
  };

  /**
   * Sets up one side for T = now + lead and runs its storm; a set-up that overran T is waited out
   * (its workflows finish, so they load nothing after) and done again under new ids with a longer lead.
   */
  const side = async (
    name: string,
    setUp: (at: number, attempt: number) => Promise<void>,
    query: (attempt: number) => string,
    started: (attempt: number) => string,
  ): Promise<Storm> => {
    const attempts: Storm['attempts'] = [];
    let leadMs = options.leadMs ?? Math.ceil(pace.msPerStart * n * SAFETY + MARGIN_MS);
    let derivedFrom = options.leadMs === undefined ? `${pace.from}` : '--storm-lead-ms';
    for (let attempt = 1; ; attempt++) {
      const t0 = Date.now();
      const at = t0 + leadMs;
      await setUp(at, attempt);
      // The set-up ends when visibility lists all N: the server has written what the starts left it,
      // so its backlog does not run into the storm (with a lead of a few seconds, 1,000 bare timers
      // took 41 s against 26–31 s with a lead of a minute).
      await waitUntil(`${n} ${name} listed`, async () => (await count(started(attempt))) >= n, {
        everyMs: 100,
      });
      const setupMs = Date.now() - t0;
      const slackMs = at - Date.now();
      // What this set-up shows of the machine's pace now: the next sides and sizes start from it. The
      // worst seen, on purpose: a lead of about a minute for the 1,000-case sides also lets the server
      // finish its own work from the set-up before T. Derived from the latest set-up instead (leads of
      // 22–32 s, slack 3–19 s), 1,000 bare timers took 35–41 s against 26–31 s: a shorter run that
      // measured the server's backlog.
      if (setupMs / n > pace.msPerStart) {
        pace.msPerStart = setupMs / n;
        pace.from = `the set-up of ${n} ${name}`;
      }
      if (slackMs >= MIN_SLACK_MS) {
        attempts.push({ leadMs, setupMs, derivedFrom });
        const result = await stormFrom(at, query(attempt));
        return { ...result, slackMs, leadMs, setupMs, attempts };
      }
      attempts.push({ leadMs, setupMs, overranMs: -slackMs, derivedFrom });
      if (attempt === ATTEMPTS)
        throw new Error(`storm: ${ATTEMPTS} set-ups of ${n} ${name} overran T, the last by ${-slackMs} ms`);
      const longer = Math.ceil(setupMs * SAFETY + MARGIN_MS);
      ctx.log(
        `  ${n} ${name}: set-up took ${setupMs} ms and overran T (lead ${leadMs} ms) by ${-slackMs} ms; waiting it out, then again with a lead of ${longer} ms (from the set-up just measured)`,
      );
      await waitUntil(`the overrun ${name} to finish`, () => allDone(query(attempt)), { everyMs: 250 });
      await Promise.all([product.waitIdle({ quietMs: 300 }), baseline.waitIdle({ quietMs: 300 })]);
      leadMs = longer;
      derivedFrom = `the overrun set-up (attempt ${attempt})`;
    }
  };
  const report = (what: string, s: Storm) =>
    ctx.log(
      `  ${n} ${what}: ${s.ms} ms (lead ${s.leadMs} ms from ${s.attempts.at(-1)?.derivedFrom}; set-up ${s.setupMs} ms; ${s.attempts.length} attempt${s.attempts.length > 1 ? 's' : ''})`,
    );

  // Baseline 1: bare timers, started and cached before T.
  const timerId = (attempt: number) => `storm-timer-${runId}-${n}-${attempt}-`;
  const timers = await side(
    'bare timers',
    async (at, attempt) => {
      await pool(n, STARTERS, (i) =>
        client.workflow.start(timerWorkflow, {
          taskQueue: baseline.taskQueue,
          workflowId: `${timerId(attempt)}${i}`,
          args: [at],
        }),
      );
      await baseline.waitIdle({ quietMs: 300 });
    },
    (attempt) =>
      `WorkflowType = 'timerWorkflow' AND ExecutionStatus = 'Completed' AND WorkflowId STARTS_WITH '${timerId(attempt)}'`,
    (attempt) => `WorkflowId STARTS_WITH '${timerId(attempt)}'`,
  );
  report('bare timers', timers);

  // Baseline 2: empty workflows woken by the same start delay as the cases.
  const delayedId = (attempt: number) => `storm-delayed-${runId}-${n}-${attempt}-`;
  const delayed = await side(
    'delayed empty starts',
    (at, attempt) =>
      pool(n, STARTERS, (i) =>
        client.workflow.start(instantWorkflow, {
          taskQueue: baseline.taskQueue,
          workflowId: `${delayedId(attempt)}${i}`,
          startDelay: Math.max(at - Date.now(), 1),
        }),
      ),
    (attempt) =>
      `WorkflowType = 'instantWorkflow' AND ExecutionStatus = 'Completed' AND WorkflowId STARTS_WITH '${delayedId(attempt)}'`,
    (attempt) => `WorkflowId STARTS_WITH '${delayedId(attempt)}'`,
  );
  report('delayed empty starts', delayed);

  // The cases: expired a day before T, woken at T.
  const startsOn = before(todayInChina(), DEFAULT_POLICY.probation.months, 1);
  const department = (attempt: number) => `storm-${runId}-${n}-${attempt}`;
  const cases = await side(
    'probation expiries',
    (at, attempt) =>
      pool(n, STARTERS, (i) =>
        startCaseDirect(
          client,
          product.taskQueue,
          { ...trackBenches.probation.start(`c-${i}`, startsOn), department: department(attempt) },
          Math.max(at - Date.now(), 1),
        ),
      ),
    (attempt) => `CaseDepartment = '${department(attempt)}' AND CaseStage = 'review'`,
    (attempt) => `CaseDepartment = '${department(attempt)}'`,
  );
  report('probation expiries', cases);

  return {
    n,
    startsOn,
    expiresOn: probationEndsOn(startsOn, DEFAULT_POLICY.probation.months),
    cases,
    timers,
    delayed,
  };
}
