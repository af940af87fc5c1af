/**
 * A worker in a process of its own, so its CPU time and memory are its own. Forked by
 * bench/lib/worker-host.ts; answers `status`, `memory` and `stop` over the IPC channel.
 *   product  — the project's own worker (worker/worker.ts createCaseWorker), with its defaults;
 *   baseline — bench/workflows/baseline.ts, Worker.create with the same (SDK default) settings;
 *   sandbox  — bench/workflows/sandbox.ts, likewise.
 */
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { workerDataConverter } from '../../security/data-converters';
import { loadKeyring } from '../../security/keyring';
import { createCaseWorker, embeddedPorts } from '../../worker/worker';
import { countingPorts, type PortCounts } from './memory-ports';
import { observeWorkflowThreads, type ThreadHeap, workflowThreadHeaps } from './thread-heap';

export type WorkerKind = 'product' | 'baseline' | 'sandbox';

export interface ChildConfig {
  kind: WorkerKind;
  address: string;
  namespace: string;
  taskQueue: string;
  /** A bundle written by bench/lib/env.ts (each kind's workflows, bundled once per run). */
  bundlePath: string;
  ports: 'memory' | 'file';
  dataDir: string;
}

export interface ChildStatus {
  numCachedWorkflows: number;
  numInFlightWorkflowActivations: number;
  numInFlightActivities: number;
  /** CPU time this process has used, ms (user + system). */
  cpuMs: number;
  counts: PortCounts | undefined;
}

export interface ChildMemory {
  rss: number;
  /** The main thread's V8 heap (the SDK's Core bridge, activities). */
  heapUsed: number;
  /** The workflow thread(s)' V8 heap, where the workflows live. */
  workflowThreads: ThreadHeap[];
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  afterGc: boolean;
  status: ChildStatus;
}

export type ChildRequest = { id: number; cmd: 'status' | 'memory' | 'stop' };
export type ChildMessage =
  | { type: 'ready'; settings: Record<string, unknown> }
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'error'; message: string };

const send = (message: ChildMessage) => process.send?.(message);

async function main() {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  Runtime.install({
    logger: quietLogger(),
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
  });
  observeWorkflowThreads();
  const connection = await NativeConnection.connect({ address: config.address });
  const workflowBundle = { codePath: config.bundlePath };
  // The bench's keys, from the parent through CADRE_CODEC_KEYS: every worker kind seals as the product does,
  // so the baselines pay for the codec too.
  const { keyring } = loadKeyring(config.dataDir);
  let counts: PortCounts | undefined;
  let worker: Worker;
  if (config.kind === 'product') {
    const memory = countingPorts();
    counts = config.ports === 'memory' ? memory.counts : undefined;
    worker = await createCaseWorker({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      // --ports file: the embedded JSON files, one folder per worker (they are not shared across processes).
      ports:
        config.ports === 'memory'
          ? memory.ports
          : embeddedPorts(join(config.dataDir, `ports-${config.taskQueue}`), keyring),
      keyring,
      workflowBundle,
    });
  } else {
    worker = await Worker.create({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      workflowBundle,
      dataConverter: workerDataConverter(keyring),
    });
  }
  const running = worker.run();

  const status = (): ChildStatus => {
    const s = worker.getStatus();
    const cpu = process.cpuUsage();
    return {
      numCachedWorkflows: s.numCachedWorkflows,
      numInFlightWorkflowActivations: s.numInFlightWorkflowActivations,
      numInFlightActivities: s.numInFlightActivities,
      cpuMs: (cpu.user + cpu.system) / 1000,
      counts,
    };
  };
  const memory = async (): Promise<ChildMemory> => {
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let i = 0; gc && i < 3; i++) {
      gc();
      await new Promise((done) => setImmediate(done));
    }
    const workflowThreads = await workflowThreadHeaps();
    return { ...process.memoryUsage(), workflowThreads, afterGc: Boolean(gc), status: status() };
  };

  process.on('message', async (request: ChildRequest) => {
    if (request.cmd === 'status') send({ type: 'reply', id: request.id, result: status() });
    if (request.cmd === 'memory') send({ type: 'reply', id: request.id, result: await memory() });
    if (request.cmd === 'stop') {
      worker.shutdown();
      await running;
      await connection.close();
      send({ type: 'reply', id: request.id, result: null });
      // Leave through process.exit so --cpu-prof writes its profile.
      setImmediate(() => process.exit(0));
    }
  });
  running.catch((error) => {
    send({ type: 'error', message: String(error?.stack ?? error) });
    process.exit(1);
  });
  send({ type: 'ready', settings: workerSettings(worker) });
}

/**
 * Warnings and errors to stderr, each distinct message at most 3 times: a worker in trouble repeats the
 * same line for every workflow it holds.
 */
function quietLogger(): DefaultLogger {
  const seen = new Map<string, number>();
  return new DefaultLogger('WARN', ({ level, message, meta }) => {
    // The same line names a different run each time: count it without the ids.
    const key = message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}(:\d+:\d+)?/g, '<run>');
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count <= 3) {
      const detail = meta?.error ? ` ${String((meta.error as Error).message ?? meta.error)}` : '';
      process.stderr.write(`[worker ${level}] ${key}${detail}${count === 3 ? ' (repeats muted)' : ''}\n`);
    }
  });
}

/** The settings that shape throughput and memory, as the SDK compiled them. */
function workerSettings(worker: Worker): Record<string, unknown> {
  const o = worker.options as unknown as Record<string, unknown> & {
    tuner?: {
      workflowTaskSlotSupplier?: { numSlots?: number };
      activityTaskSlotSupplier?: { numSlots?: number };
      localActivityTaskSlotSupplier?: { numSlots?: number };
    };
  };
  return {
    maxConcurrentWorkflowTaskExecutions: o.tuner?.workflowTaskSlotSupplier?.numSlots,
    maxConcurrentActivityTaskExecutions: o.tuner?.activityTaskSlotSupplier?.numSlots,
    maxConcurrentLocalActivityExecutions: o.tuner?.localActivityTaskSlotSupplier?.numSlots,
    maxCachedWorkflows: o.maxCachedWorkflows,
    workflowTaskPollerBehavior: o.workflowTaskPollerBehavior,
    activityTaskPollerBehavior: o.activityTaskPollerBehavior,
    nonStickyToStickyPollRatio: o.nonStickyToStickyPollRatio,
    reuseV8Context: o.reuseV8Context,
    workflowThreadPoolSize: o.workflowThreadPoolSize,
    stickyQueueScheduleToStartTimeoutMs: o.stickyQueueScheduleToStartTimeoutMs,
    isolateExecutionTimeoutMs: o.isolateExecutionTimeoutMs,
    v8HeapSizeLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
  };
}

main().catch((error) => {
  send({ type: 'error', message: String(error?.stack ?? error) });
  process.exit(1);
});
