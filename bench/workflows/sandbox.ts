/**
 * Runs XState transitions inside the workflow sandbox and times them there. The sandbox has no
 * `performance` and freezes `Date.now()` for the whole activation, so the time is read from the clock
 * the SDK itself stamps workflow log entries with: the activator's `getTimeOfDay()` (real time, in
 * nanoseconds, from the worker's native bridge). It is internal to the SDK; if it ever disappears the
 * workflow reports `null` and the bench falls back to the workflow task's duration from history.
 */
import { runTransitions } from './transitions';

type Clock = () => bigint;

function realClock(): Clock | undefined {
  const activator = (globalThis as { __TEMPORAL_ACTIVATOR__?: { getTimeOfDay?: Clock } })
    .__TEMPORAL_ACTIVATOR__;
  const clock = activator?.getTimeOfDay;
  return typeof clock === 'function' ? () => clock.call(activator) : undefined;
}

export interface SandboxTiming {
  /** ns for the first `count` transitions in this fresh workflow (its modules were just evaluated). */
  coldNs: number | null;
  /** ns for `count` more, after `warmup` transitions in the same activation. */
  warmNs: number | null;
  finals: number;
}

/** All in one activation: `count` cold, `warmup` unmeasured, then `count` warm. */
export async function transitionsWorkflow(count: number, warmup: number): Promise<SandboxTiming> {
  const clock = realClock();
  const t0 = clock?.();
  let finals = runTransitions(count);
  const t1 = clock?.();
  finals += runTransitions(warmup);
  const t2 = clock?.();
  finals += runTransitions(count);
  const t3 = clock?.();
  const ns = (from?: bigint, to?: bigint) =>
    from === undefined || to === undefined ? null : Number(to - from);
  return { coldNs: ns(t0, t1), warmNs: ns(t2, t3), finals };
}
