import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { replayDataConverter } from '../../security/data-converters';
import type { Keyring } from '../../security/keyring';
import type { BenchContext } from '../lib/context';
import type { Row, Section } from '../lib/report';
import { median, now, waitUntil } from '../lib/stats';
import { benchTracks, todayInChina } from '../lib/tracks';
import { finishUpdate, pokeUpdate } from '../workflows/baseline';
import { startEmpty } from './starts';

type History = temporal.api.history.v1.IHistory;

/**
 * 5. History size per completed case, each track domain/start.ts names and each of its paths to an end
 * (bench/lib/tracks.ts), driven through the API on the dev server; the paths start in the past so
 * their timers are already due. Replay time per case: Worker.runReplayHistories with the product's
 * bundle, one history at a time, the median over `replayReps` replays after one warm-up. Baseline:
 * the empty workflow started, sent one accepted Update and finished; its replay timed before the
 * cases' and after them, averaged.
 */
export interface HistoryOptions {
  replayReps: number;
}

export async function measureHistory(ctx: BenchContext, options: HistoryOptions): Promise<Section> {
  const { env, baseline, runId } = ctx;
  const bundles = env.bundlePaths;

  const empty = await startEmpty(env.client, baseline.taskQueue, `hist-empty-${runId}`);
  await empty.executeUpdate(pokeUpdate, { args: [{ accept: true }] });
  await empty.executeUpdate(finishUpdate);
  await empty.result();
  const emptyHistory = await empty.fetchHistory();
  const emptySize = sizeOf(emptyHistory);
  // The baseline's replay is timed before the cases' and again after them, and the two averaged: in
  // runs on this machine a single timing moved by a third (17.7–28.1 ms) while the cases' did not.
  const emptyReplayBefore = await replayMs(bundles.baseline, emptyHistory, options.replayReps, env.keyring);

  type Measured = ReturnType<typeof sizeOf> & { track: string; path: string; replayMs: number };
  const cases: Measured[] = [];
  const { tracks, missing } = benchTracks();
  for (const track of missing)
    ctx.log(`  track "${track}" is registered but bench/lib/tracks.ts has no data for it: not measured`);
  for (const { track, bench } of tracks) {
    for (const [i, completion] of bench.completions.entries()) {
      const caseId = `hist-${runId}-${track}-${i}`;
      const body = bench.start(caseId, completion.startsOn(todayInChina()));
      const started = await env.request('POST', '/v1/cases', body);
      if (started.status !== 201)
        throw new Error(`start ${track}: ${started.status} ${JSON.stringify(started.body)}`);
      const path = `/v1/cases/${body.department}/${caseId}`;
      for (const step of completion.steps) {
        await waitUntil(
          `${track} case in ${step.when}`,
          async () => {
            const view = await env.request('GET', path);
            return (view.body as { state?: string }).state === step.when;
          },
          { timeoutMs: 30_000 },
        );
        const sent = await env.request('POST', `${path}/events`, step.event);
        if (sent.status !== 200)
          throw new Error(`${track} ${step.event.type}: ${sent.status} ${JSON.stringify(sent.body)}`);
      }
      const handle = env.client.workflow.getHandle(`${body.department}/${caseId}`);
      await handle.result();
      const history = await handle.fetchHistory();
      const size = sizeOf(history);
      const replay = await replayMs(bundles.product, history, options.replayReps, env.keyring);
      ctx.log(`  ${track} · ${completion.name}: ${size.events} events, replay ${replay.toFixed(1)} ms`);
      cases.push({ track, path: completion.name, ...size, replayMs: replay });
    }
  }
  const emptyReplayAfter = await replayMs(bundles.baseline, emptyHistory, options.replayReps, env.keyring);
  const emptyReplayMs = (emptyReplayBefore + emptyReplayAfter) / 2;
  // The table shows each track's longest path; the JSON has every path.
  const longest = new Map<string, Measured>();
  for (const c of cases) if ((longest.get(c.track)?.events ?? -1) < c.events) longest.set(c.track, c);
  const rows: Row[] = [...longest.values()].flatMap((c) => [
    {
      figure: `history events, ${c.track} · ${c.path}`,
      baseline: 'empty workflow: start, 1 Update, finish',
      unit: '',
      productValue: c.events,
      baselineValue: emptySize.events,
      kind: 'cost' as const,
    },
    {
      figure: '  payload bytes in history',
      baseline: '',
      unit: 'KiB',
      productValue: c.payloadBytes / 1024,
      baselineValue: emptySize.payloadBytes / 1024,
      kind: 'cost' as const,
    },
    {
      figure: '  replay time per case',
      baseline: '',
      unit: 'ms',
      productValue: c.replayMs,
      baselineValue: emptyReplayMs,
      kind: 'cost' as const,
    },
  ]);
  return {
    id: 'history',
    title: '5. History and replay',
    rows,
    details: {
      options,
      cases,
      tracksWithoutBenchData: missing,
      empty: {
        ...emptySize,
        replayMs: emptyReplayMs,
        replayMsBefore: emptyReplayBefore,
        replayMsAfter: emptyReplayAfter,
      },
    },
  };
}

/** Events, bytes of every Payload's data and metadata (inputs, results, search attributes…), encoded size. */
function sizeOf(history: History) {
  let payloadBytes = 0;
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
    const record = value as Record<string, unknown>;
    if (record.data instanceof Uint8Array && 'metadata' in record) {
      payloadBytes += record.data.length;
      for (const [key, meta] of Object.entries((record.metadata ?? {}) as Record<string, Uint8Array>)) {
        payloadBytes += key.length + (meta?.length ?? 0);
      }
      return;
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(history);
  return {
    events: history.events?.length ?? 0,
    payloadBytes,
    encodedBytes: temporal.api.history.v1.History.encode(history).finish().length,
  };
}

/** Median ms to replay `history` once, over `reps` replays after one warm-up, in one replay worker. */
async function replayMs(codePath: string, history: History, reps: number, keyring: Keyring): Promise<number> {
  const times: number[] = [];
  let last = now();
  let index = 0;
  const histories = Array.from({ length: reps + 1 }, (_, i) => ({ workflowId: `replay-${i}`, history }));
  for await (const result of Worker.runReplayHistories(
    // The history is sealed, as every one the service writes: the replay opens it with the run's keys.
    { workflowBundle: { codePath }, dataConverter: replayDataConverter(keyring) },
    histories,
  )) {
    if (result.error) throw result.error;
    const t = now();
    if (index++ > 0) times.push(t - last);
    last = t;
  }
  return median(times);
}
