/**
 * Baseline workflows: the least a Temporal workflow can be, bundled apart from the product's workflows
 * so that none of the product's modules (xstate, zod, machines) is loaded for them. Every product figure
 * in the bench sits beside one of these, measured on the same server in the same run.
 */
import { condition, defineQuery, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

/** Accepted (returns the count so far) unless `accept` is false: then the validator refuses it. */
export const pokeUpdate = defineUpdate<number, [{ accept: boolean }]>('poke');
export const finishUpdate = defineUpdate<void>('finish');
/** How many pokes it has accepted: the read-back the API's start does, at its cheapest. */
export const stateQuery = defineQuery<number>('state');

/** Waits on a condition and answers Updates until told to finish: an open workflow doing nothing. */
export async function emptyWorkflow(): Promise<number> {
  let pokes = 0;
  let finished = false;
  setHandler(pokeUpdate, () => ++pokes, {
    validator: ({ accept }) => {
      if (!accept) throw new Error('refused by the validator');
    },
  });
  setHandler(stateQuery, () => pokes);
  setHandler(finishUpdate, () => {
    finished = true;
  });
  await condition(() => finished);
  return pokes;
}

/** Completes on its first task: started with a start delay, it is a bare server-side timer plus one task. */
export async function instantWorkflow(): Promise<void> {}

/** A bare timer: sleeps until the instant `untilMs` (epoch ms), then completes. */
export async function timerWorkflow(untilMs: number): Promise<void> {
  await sleep(Math.max(untilMs - Date.now(), 1));
}
