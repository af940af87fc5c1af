import type { BenchEnv } from './env';
import type { WorkerHost } from './worker-host';

/** What each measurement gets: the environment and the two long-running workers. */
export interface BenchContext {
  env: BenchEnv;
  /** The project's worker, on the queue the API starts cases on. */
  product: WorkerHost;
  /** A worker for bench/workflows/baseline.ts, same SDK settings. */
  baseline: WorkerHost;
  /** Unique per run; prefixes workflow ids so runs never collide. */
  runId: string;
  log(message: string): void;
}

/** Worker CPU time (ms) spent while `work` ran, for each worker given. */
export async function workerCpu<T>(
  hosts: WorkerHost[],
  work: () => Promise<T>,
): Promise<{ result: T; cpuMs: number[]; parentCpuMs: number }> {
  const before = await Promise.all(hosts.map((h) => h.status()));
  const parentBefore = process.cpuUsage();
  const result = await work();
  const parent = process.cpuUsage(parentBefore);
  const after = await Promise.all(hosts.map((h) => h.status()));
  return {
    result,
    cpuMs: after.map((s, i) => s.cpuMs - (before[i]?.cpuMs ?? 0)),
    parentCpuMs: (parent.user + parent.system) / 1000,
  };
}
