import { getShortestPaths, getStateNodes } from '@xstate/graph';
import { expect } from 'vitest';
import { type AnyMachineSnapshot, type AnyStateMachine, transition } from 'xstate';

/**
 * Generated checks over a whole machine, from sample events that cover every event type (with payloads
 * that pass and fail its guards):
 * - every state of the machine is reachable by some path;
 * - in every reachable state, every sample event is either a legal transition (`can` says yes and the
 *   snapshot changes) or a refusal (`can` says no and the snapshot is exactly the same object).
 * Returns the reachable snapshots so a test can add its own assertions.
 */
export function checkMachineExhaustively(
  machine: AnyStateMachine,
  input: unknown,
  sampleEvents: { type: string }[],
): AnyMachineSnapshot[] {
  const paths = getShortestPaths(machine, { input, events: sampleEvents } as never);
  const reached = paths.map((path) => path.state as AnyMachineSnapshot);

  const reachedIds = new Set(reached.flatMap((snapshot) => [...snapshot._nodes].map((node) => node.id)));
  const allIds = getStateNodes(machine)
    .filter((node) => node.type !== 'history')
    .map((node) => node.id);
  expect(
    allIds.filter((id) => !reachedIds.has(id)),
    'states no path reaches',
  ).toEqual([]);

  for (const snapshot of reached) {
    for (const event of sampleEvents) {
      const allowed = snapshot.can(event);
      const [next] = transition(machine, snapshot, event as never);
      const where = `${JSON.stringify(snapshot.value)} × ${event.type}`;
      if (allowed) expect(next, `${where} is legal but changed nothing`).not.toBe(snapshot);
      else {
        expect(next, `${where} was refused but changed the snapshot`).toBe(snapshot);
        expect(next.context).toEqual(snapshot.context);
      }
    }
  }
  return reached;
}
