import { withdrawnEventSchema } from '../../domain/steps/withdrawal';
import type { Deadlines, Stamped } from '../meta';
import { type AnyStamped, eventOf } from './events';
import { reportRecordedOn } from './supervision';

export interface WithdrawalSlice {
  deadlines: Deadlines;
  withdrawal?: { at: string; by: Stamped['actor']; reason: string };
}

const withdrawn = (event: AnyStamped) => eventOf(event, withdrawnEventSchema);

/** A withdrawal that says why (the schema refuses a blank reason); who may withdraw is the transition's. */
export const withdrawalAcceptable = ({ event }: { event: AnyStamped }): boolean =>
  withdrawn(event) !== undefined;

export function recordWithdrawal(_: WithdrawalSlice, event: AnyStamped): Partial<WithdrawalSlice> {
  const e = withdrawn(event);
  return e ? { withdrawal: { at: e.at, by: e.actor, reason: e.reason }, deadlines: {} } : {};
}

/**
 * What every open state of a track accepts besides its own steps: a report (recorded, no hold) and a
 * withdrawal, by the organization department. Spread into each open state's `on` rather than put on the
 * machine's root, because XState still takes root transitions once the machine has reached a final state
 * — and a closed case must refuse everything.
 */
export function openCaseOn<M extends string>(machineId: M) {
  return {
    ...reportRecordedOn,
    WITHDRAWN: {
      guard: 'withdrawalAcceptable',
      target: `#${machineId}.withdrawn`,
      actions: ['recordWithdrawal'],
    },
  } as const;
}
