import { startCaseDirect } from '../lib/cases';
import type { BenchContext } from '../lib/context';
import type { Row, Section } from '../lib/report';
import { now, pool } from '../lib/stats';
import { todayInChina, trackBenches } from '../lib/tracks';
import type { ChildMemory, WorkerKind } from '../lib/worker-child';
import type { WorkerHost } from '../lib/worker-host';
import { startEmpty } from './starts';

/**
 * 4. Worker memory with N open cases against N open empty workflows. Each side gets a fresh worker
 * child (so the memory is its own), with the product's settings (worker/worker.ts; SDK defaults). Cases
 * are started through the client with the API's options (set-up, not measured), in ascending sizes;
 * after each size, once the worker has been idle 2 s (for cases: every case's first activity ran),
 * the child forces GC (--expose-gc) in its main thread and in the SDK's workflow thread, and reports
 * RSS and V8 heap. The SDK keeps at most `maxCachedWorkflows` workflows in memory (the rest are evicted
 * and replayed when they next have work), so the per-workflow figure divides by those actually cached.
 * A side whose workflow thread would run out of heap before a size is stopped short and reported
 * with the count at which its heap fills (projected from its per-workflow cost); a crash likewise.
 */
export interface MemoryOptions {
  sizes: number[];
}

const STARTERS = 50;
const MiB = 2 ** 20;

interface Sample extends ChildMemory {
  open: number;
  /** Seconds from the first start of this size's workflows until they had settled (quiet periods excluded). */
  setupSeconds: number;
  /** Workflows started (and settled) per second on the way to this size. */
  startsPerSecond: number;
  /** V8 heap used after GC, the main thread's and the workflow thread's together. */
  heap: number;
}

interface Side {
  samples: Sample[];
  /** The worker died: why, at which size, and how many workflows it held last we looked. */
  crash?: { size: number; error: string; lastCached: number; lastSettled: number };
  /** Stopped before the workflow thread's heap filled (it would have died): where, and where it fills. */
  outOfHeap?: {
    size: number;
    open: number;
    cached: number;
    heapUsedMiB: number;
    heapLimitMiB: number;
    perWorkflowKiB: number;
    fillsAt: number;
  };
}

const sample = (memory: ChildMemory, open: number, setupSeconds: number, started: number): Sample => ({
  ...memory,
  open,
  setupSeconds,
  startsPerSecond: setupSeconds > 0 ? started / setupSeconds : Number.NaN,
  heap: memory.heapUsed + memory.workflowThreads.reduce((sum, t) => sum + t.usedHeapSize, 0),
});

export async function measureMemory(ctx: BenchContext, options: MemoryOptions): Promise<Section> {
  const sides = {} as Record<'product' | 'baseline', Side>;
  for (const kind of ['product', 'baseline'] as const satisfies WorkerKind[]) {
    const host = await ctx.env.startWorker(kind, `memory-${kind}-${ctx.runId}`);
    try {
      sides[kind] = await fill(ctx, host, options.sizes);
    } finally {
      await host.stop();
    }
  }
  const rows: Row[] = [];
  for (const size of options.sizes) {
    const at = (side: Side) => side.samples.find((s) => s.open === size);
    const p = at(sides.product);
    const b = at(sides.baseline);
    const note = (side: Side) =>
      side.crash && side.crash.size <= size
        ? `crashed (${side.crash.lastSettled.toLocaleString('en-US')} settled)`
        : side.outOfHeap && side.outOfHeap.size <= size
          ? `heap full at ≈${side.outOfHeap.fillsAt.toLocaleString('en-US')}`
          : undefined;
    const cached = (side: Side, s?: Sample) =>
      (s?.status.numCachedWorkflows ?? side.outOfHeap?.cached ?? side.crash?.lastCached ?? 0).toLocaleString(
        'en-US',
      );
    rows.push(
      {
        figure: `seeding ${size.toLocaleString('en-US')} open cases: starts/s (client, concurrency ${STARTERS}, until settled)`,
        baseline: `${size.toLocaleString('en-US')} empty workflows, same`,
        unit: '/s',
        productValue: p ? p.startsPerSecond : Number.NaN,
        baselineValue: b ? b.startsPerSecond : Number.NaN,
        kind: 'rate',
        productNote: note(sides.product),
        baselineNote: note(sides.baseline),
      },
      {
        figure: `  worker RSS, ${size.toLocaleString('en-US')} open cases (${cached(sides.product, p)} / ${cached(sides.baseline, b)} cached)`,
        baseline: `${size.toLocaleString('en-US')} open empty workflows`,
        unit: 'MiB',
        productValue: p ? p.rss / MiB : Number.NaN,
        baselineValue: b ? b.rss / MiB : Number.NaN,
        kind: 'cost',
        productNote: note(sides.product),
        baselineNote: note(sides.baseline),
      },
      {
        figure: '    V8 heap used after GC (main + workflow thread)',
        baseline: '',
        unit: 'MiB',
        productValue: p ? p.heap / MiB : Number.NaN,
        baselineValue: b ? b.heap / MiB : Number.NaN,
        kind: 'cost',
        productNote: note(sides.product),
        baselineNote: note(sides.baseline),
      },
    );
  }
  /** Heap or RSS per cached workflow: the largest settled size against the idle worker. */
  const perCached = (side: Side, key: 'heap' | 'rss') => {
    const idle = side.samples[0];
    const top = side.samples.at(-1);
    if (!idle || !top || top === idle) return Number.NaN;
    return (top[key] - idle[key]) / Math.max(top.status.numCachedWorkflows, 1) / 1024;
  };
  rows.push(
    {
      figure: '  heap per cached workflow (largest settled size − idle worker)',
      baseline: 'per cached empty workflow',
      unit: 'KiB',
      productValue: perCached(sides.product, 'heap'),
      baselineValue: perCached(sides.baseline, 'heap'),
      kind: 'cost',
    },
    {
      figure: '  RSS per cached workflow',
      baseline: '',
      unit: 'KiB',
      productValue: perCached(sides.product, 'rss'),
      baselineValue: perCached(sides.baseline, 'rss'),
      kind: 'cost',
    },
  );
  return { id: 'memory', title: '4. Worker memory', rows, details: { options, ...sides } };
}

/** Workflows started between heap checks; the check stops before the workflow thread's heap would fill. */
const CHUNK = 500;
/** Stop once the next chunk would take the workflow thread's heap past this share of its limit. */
const HEAP_CEILING = 0.85;

/**
 * Opens workflows on `host` up to each size in turn, sampling memory after each. Between chunks it
 * projects the workflow thread's heap from the per-workflow cost so far and stops short of the
 * thread's limit (past it V8 thrashes for minutes before the thread dies); a crash stops it too.
 */
async function fill(ctx: BenchContext, host: WorkerHost, sizes: number[]): Promise<Side> {
  const kind = host.kind;
  const today = todayInChina();
  const side: Side = { samples: [] };
  let open = 0;
  let last = { cached: 0, settled: 0 };
  const start = (serial: number) =>
    kind === 'product'
      ? startCaseDirect(
          ctx.env.client,
          host.taskQueue,
          trackBenches.probation.start(`m-${ctx.runId}-${serial}`, today),
        )
      : startEmpty(ctx.env.client, host.taskQueue, `m-empty-${ctx.runId}-${serial}`);
  const QUIET_MS = 2000;
  const settle = (size: number) =>
    host.waitIdle({
      quietMs: QUIET_MS,
      // Settled: every case has run its first activity (with --ports file only the quiet period counts).
      ready: (s) => {
        last = {
          cached: s.numCachedWorkflows,
          settled: s.counts?.['registry.assign'] ?? s.numCachedWorkflows,
        };
        return kind !== 'product' || !s.counts || (s.counts['registry.assign'] ?? 0) >= size;
      },
    });
  await host.waitIdle();
  const idle = sample(await host.memory(), 0, 0, 0);
  side.samples.push(idle);
  for (const size of sizes) {
    let busyMs = 0;
    const from = open;
    try {
      while (open < size) {
        let target = Math.min(size, open + CHUNK);
        if (open > 0) {
          const memory = await host.memory();
          const thread = memory.workflowThreads[0];
          const idleUsed = idle.workflowThreads[0]?.usedHeapSize ?? 0;
          if (thread) {
            const perWorkflow =
              (thread.usedHeapSize - idleUsed) / Math.max(memory.status.numCachedWorkflows, 1);
            const room = HEAP_CEILING * thread.heapSizeLimit - thread.usedHeapSize;
            const fits = Math.floor(room / Math.max(perWorkflow, 1));
            if (fits < 50) {
              side.outOfHeap = {
                size,
                open,
                cached: memory.status.numCachedWorkflows,
                heapUsedMiB: thread.usedHeapSize / MiB,
                heapLimitMiB: thread.heapSizeLimit / MiB,
                perWorkflowKiB: perWorkflow / 1024,
                fillsAt: Math.floor((thread.heapSizeLimit - idleUsed) / Math.max(perWorkflow, 1)),
              };
              ctx.log(
                `  ${kind}: stopped at ${open} open: the workflow thread's heap (${side.outOfHeap.heapUsedMiB.toFixed(0)} of ${side.outOfHeap.heapLimitMiB.toFixed(0)} MiB) fills at ≈${side.outOfHeap.fillsAt} cached workflows`,
              );
              return side;
            }
            target = Math.min(target, open + fits);
          }
        }
        const t0 = now();
        await pool(target - open, STARTERS, (i) => (host.failure ? Promise.resolve() : start(open + i)));
        await settle(target);
        // The quiet period that tells it settled is not set-up.
        busyMs += Math.max(now() - t0 - QUIET_MS, 1);
        open = target;
      }
      const s = sample(await host.memory(), open, busyMs / 1000, open - from);
      side.samples.push(s);
      ctx.log(
        `  ${kind}: ${size} open, ${s.status.numCachedWorkflows} cached, RSS ${(s.rss / MiB).toFixed(0)} MiB, heap ${(s.heap / MiB).toFixed(0)} MiB (set-up ${s.setupSeconds.toFixed(0)} s, ${s.startsPerSecond.toFixed(0)}/s)`,
      );
    } catch (error) {
      side.crash = {
        size,
        error: host.failure ?? String(error),
        lastCached: last.cached,
        lastSettled: last.settled,
      };
      ctx.log(
        `  ${kind}: the worker died on the way to ${size} open (${last.cached} cached): ${side.crash.error.split('\n')[0]}`,
      );
      break;
    }
  }
  return side;
}
