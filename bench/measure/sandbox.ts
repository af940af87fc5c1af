import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { BenchContext } from '../lib/context';
import type { Section } from '../lib/report';
import { median, now } from '../lib/stats';
import { type SandboxTiming, transitionsWorkflow } from '../workflows/sandbox';
import { runTransitions } from '../workflows/transitions';

/**
 * 6. What an XState transition costs inside the workflow sandbox and outside it: the same function
 * (bench/workflows/transitions.ts: the probation machine's `transition()` over its full path, K times).
 *  - inside: a bench workflow does K transitions, K more as warm-up, then K timed, in one activation,
 *    timed with the SDK's real clock (see bench/workflows/sandbox.ts: `Date.now()` is frozen in the
 *    sandbox and there is no `performance`); as a cross-check, the workflow task's duration from the
 *    server's history (started → completed) is kept in the JSON;
 *  - outside: the same K transitions in plain Node, after the same warm-up.
 * Medians over `runs` (each inside run is a new workflow, so its first K run on freshly evaluated modules).
 */
export interface SandboxOptions {
  transitions: number;
  runs: number;
}

const EventType = temporal.api.enums.v1.EventType;

export async function measureSandbox(ctx: BenchContext, options: SandboxOptions): Promise<Section> {
  const k = options.transitions;
  const worker = await ctx.env.startWorker('sandbox', 'bench-sandbox');
  const inside: (SandboxTiming & { workflowTaskMs: number })[] = [];
  try {
    for (let run = -1; run < options.runs; run++) {
      const handle = await ctx.env.client.workflow.start(transitionsWorkflow, {
        taskQueue: worker.taskQueue,
        workflowId: `sandbox-${ctx.runId}-${run + 1}`,
        args: [k, k],
      });
      const timing = await handle.result();
      if (timing.coldNs === null || timing.warmNs === null) {
        throw new Error('the sandbox clock is unavailable; see bench/workflows/sandbox.ts');
      }
      const events = (await handle.fetchHistory()).events ?? [];
      const at = (type: temporal.api.enums.v1.EventType) =>
        tsToMs(events.find((e) => e.eventType === type)?.eventTime ?? undefined);
      const workflowTaskMs =
        at(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) - at(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
      if (run >= 0) inside.push({ ...timing, workflowTaskMs });
    }
  } finally {
    await worker.stop();
  }

  runTransitions(k);
  runTransitions(k);
  const outsideMs: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const t0 = now();
    runTransitions(k);
    outsideMs.push(now() - t0);
  }
  const usPer = (ms: number) => (ms * 1000) / k;
  const outsideUs = usPer(median(outsideMs));
  const warmUs = usPer(median(inside.map((t) => (t.warmNs ?? 0) / 1e6)));
  const coldUs = usPer(median(inside.map((t) => (t.coldNs ?? 0) / 1e6)));
  return {
    id: 'sandbox',
    title: '6. XState inside the sandbox',
    rows: [
      {
        figure: `µs per transition() inside the workflow sandbox (K = ${k}, warm)`,
        baseline: 'the same K in plain Node, warm',
        unit: 'µs',
        productValue: warmUs,
        baselineValue: outsideUs,
        kind: 'cost',
      },
      {
        figure: '  the first K in a new workflow (modules just evaluated)',
        baseline: '',
        unit: 'µs',
        productValue: coldUs,
        baselineValue: outsideUs,
        kind: 'cost',
      },
    ],
    details: {
      options,
      inside,
      outsideMs,
      method: 'in-sandbox: activator getTimeOfDay(); cross-check: workflow task duration',
    },
  };
}
