/** Small numeric helpers: percentiles, a concurrency pool, a clock. */

export const now = (): number => performance.now();

export interface Percentiles {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles of millisecond samples. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(sorted.length, 1);
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean };
}

export const median = (values: number[]): number => percentiles(values).p50;

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; resolves when all have. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `probe` every `everyMs` until it returns true; fails after `timeoutMs`. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs = 600_000, everyMs = 100 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
