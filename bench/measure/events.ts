import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { BenchContext } from '../lib/context';
import type { Section } from '../lib/report';
import { now, percentiles } from '../lib/stats';
import { todayInChina, trackBenches } from '../lib/tracks';
import { pokeUpdate } from '../workflows/baseline';
import { startEmpty } from './starts';

/**
 * 2. An event's round trip through the API, one at a time, each on a fresh case:
 *  - illegal (REVIEW_PASSED while serving → 409): the Update's validator refuses it, nothing reaches
 *    history — the pure validator round trip; baseline: a bare Update its validator refuses;
 *  - legal (SERIOUS_PROBLEM_FOUND → 200, the case closes): baseline: a bare Update that is accepted.
 * Product and baseline samples alternate; both workers are idle before each sample, so the work a
 * closing case does afterwards (its activities) is not inside the next sample. Warm-up excluded.
 */
export interface EventsOptions {
  samples: number;
  warmup: number;
}

export async function measureEvents(ctx: BenchContext, options: EventsOptions): Promise<Section> {
  const { env, product, baseline, runId } = ctx;
  const n = options.samples + options.warmup;
  const probation = trackBenches.probation;
  const { legal: legalEvent, illegal: illegalEvent } = probation.events;
  const today = todayInChina();
  const caseIds = Array.from({ length: n }, (_, i) => `ev-${runId}-${i}`);
  const emptyIds = Array.from({ length: n }, (_, i) => `ev-empty-${runId}-${i}`);
  for (const caseId of caseIds) {
    const response = await env.request('POST', '/v1/cases', probation.start(caseId, today));
    if (response.status !== 201) throw new Error(`start: ${response.status}`);
  }
  const empties: Awaited<ReturnType<typeof startEmpty>>[] = [];
  for (const id of emptyIds) empties.push(await startEmpty(env.client, baseline.taskQueue, id));
  const idle = () => Promise.all([product.waitIdle({ quietMs: 10 }), baseline.waitIdle({ quietMs: 10 })]);
  await Promise.all([product.waitIdle(), baseline.waitIdle()]);

  const timed = async (expectStatus: number, send: () => Promise<number>) => {
    await idle();
    const t0 = now();
    const status = await send();
    const ms = now() - t0;
    if (status !== expectStatus) throw new Error(`expected ${expectStatus}, got ${status}`);
    return ms;
  };
  const api = (i: number, event: unknown) => async () =>
    (await env.request('POST', `/v1/cases/district-finance/${caseIds[i]}/events`, event)).status;
  const poke = (i: number, accept: boolean) => async () => {
    try {
      await empties[i]?.executeUpdate(pokeUpdate, { args: [{ accept }] });
      return 200;
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) return 409;
      throw error;
    }
  };

  const samples = {
    illegal: [] as number[],
    rejected: [] as number[],
    legal: [] as number[],
    accepted: [] as number[],
  };
  // Illegal first (they change nothing), then legal, which closes each case. Within a pair, who goes
  // first alternates.
  const pair = async (
    i: number,
    product: () => Promise<number>,
    base: () => Promise<number>,
    status: number,
  ) => {
    if (i % 2 === 0) return [await timed(status, product), await timed(status, base)] as const;
    const b = await timed(status, base);
    return [await timed(status, product), b] as const;
  };
  for (let i = 0; i < n; i++) {
    const [illegal, rejected] = await pair(i, api(i, illegalEvent), poke(i, false), 409);
    if (i < options.warmup) continue;
    samples.illegal.push(illegal);
    samples.rejected.push(rejected);
  }
  for (let i = 0; i < n; i++) {
    const [legal, accepted] = await pair(i, api(i, legalEvent), poke(i, true), 200);
    if (i < options.warmup) continue;
    samples.legal.push(legal);
    samples.accepted.push(accepted);
  }
  const stats = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, percentiles(v)])) as Record<
    keyof typeof samples,
    ReturnType<typeof percentiles>
  >;
  const rows: Section['rows'] = [];
  for (const [product, base, figure, baselineWhat] of [
    [
      'illegal',
      'rejected',
      'illegal event → 409 (validator refuses)',
      'bare Update refused by its validator',
    ],
    ['legal', 'accepted', 'legal event → 200 (SERIOUS_PROBLEM_FOUND)', 'bare Update accepted'],
  ] as const) {
    for (const p of ['p50', 'p95', 'p99'] as const) {
      rows.push({
        figure: p === 'p50' ? `${figure}, p50` : `  ${p}`,
        baseline: p === 'p50' ? baselineWhat : '',
        unit: 'ms',
        productValue: stats[product][p],
        baselineValue: stats[base][p],
        kind: 'cost',
      });
    }
  }
  return { id: 'events', title: '2. Event round trip', rows, details: { options, latencyMs: stats } };
}
