/**
 * The XState work measured inside and outside the workflow sandbox: the probation machine's pure
 * `transition()` over one full path (expiry, reminder, overdue, passed), repeated. Imported by the
 * sandbox workflow (bench/workflows/sandbox.ts) and by plain Node (bench/measure/sandbox.ts), so both
 * run exactly the same code on the same inputs.
 */
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { type ProbationMachineEvent, probationMachine } from '../../machines/probation';
import { probationStart } from '../../test/support/cases';

const system = { id: 'workflow-timer', role: 'system', name: 'Timer' } as const;
const org = { id: 'od-zhang', role: 'organization_department', name: '张处长' } as const;

const cycle = [
  { type: 'PROBATION_EXPIRED', at: '2027-11-25T16:00:00.000Z', actor: system },
  { type: 'REVIEW_REMINDER_DUE', at: '2027-12-18T16:00:00.000Z', actor: system },
  { type: 'REVIEW_OVERDUE', at: '2027-12-26T16:00:00.000Z', actor: system },
  { type: 'REVIEW_PASSED', at: '2027-12-27T02:00:00.000Z', actor: org },
] as unknown as ProbationMachineEvent[];

// The test suite's probation case, so the bench transitions the same case the tests do.
const input = probationStart({ caseId: 'bench-transitions', startsOn: '2026-11-26' });

/** Performs `count` transitions; returns how many ended in a final state, so the work cannot be elided. */
export function runTransitions(count: number): number {
  const [initial] = initialTransition(probationMachine, input);
  let snapshot: AnyMachineSnapshot = initial;
  let finals = 0;
  for (let i = 0; i < count; i++) {
    const event = cycle[i % cycle.length] as ProbationMachineEvent;
    [snapshot] = transition(probationMachine, snapshot, event);
    if (snapshot.status === 'done') {
      finals++;
      snapshot = initial;
    }
  }
  return finals;
}
