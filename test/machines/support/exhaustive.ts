import { getStateNodes, serializeSnapshot } from '@xstate/graph';
import { expect } from 'vitest';
import {
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  createEmptyActor,
  initialTransition,
} from 'xstate';

/**
 * Generated checks over a whole machine, from sample events that cover every event type (with payloads
 * that pass and fail its guards):
 * - every state of the machine is reachable by some path;
 * - in every reachable snapshot, every sample event is either a legal transition (`can` says yes and the
 *   snapshot changes) or a refusal (`can` says no and the snapshot is exactly the same object, so its
 *   context is unchanged too).
 * Returns the reachable snapshots so a test can add its own assertions.
 *
 * A reachable snapshot is what @xstate/graph's traversals count as one: a distinct (state value, context),
 * keyed by its `serializeSnapshot`, that some sequence of sample events reaches from the initial snapshot.
 * The walk is a breadth-first search over exactly that set that checks each snapshot × event pair as it
 * takes it: one `can` and one transition per pair. It used to be `getShortestPaths` followed by a second
 * pass of `transition()` over every pair; on the promotion machine (2,610 snapshots × 54 events) that took
 * about 40 s, for the same set of snapshots and the same verdict on every pair (compared pair by pair
 * when this walk replaced it). The time had gone to xstate's `transition()` building a new actor, and so
 * the machine's initial context, on every call (see `walkScope`); to taking every transition twice; and
 * to serializing every edge's target twice, refusals included. Failures are collected and asserted once.
 */
export function checkMachineExhaustively(
  machine: AnyStateMachine,
  input: unknown,
  sampleEvents: { type: string }[],
  /** State ids these samples (or this input's rules edition) are not meant to reach; another walk does. */
  notCovered: string[] = [],
): AnyMachineSnapshot[] {
  const [initial] = initialTransition(machine, input as never);
  const seen = new Set<string>([serializeSnapshot(initial)]);
  const reached: AnyMachineSnapshot[] = [initial];
  const failures: string[] = [];
  const scope = walkScope();

  // `reached` grows while it is walked: it is the breadth-first queue as well as the result.
  for (let i = 0; i < reached.length; i++) {
    const snapshot = reached[i] as AnyMachineSnapshot;
    for (const event of sampleEvents) {
      const allowed = snapshot.can(event);
      const next = machine.transition(snapshot, event as never, scope) as AnyMachineSnapshot;
      if (next === snapshot) {
        if (allowed) failures.push(`${where(snapshot, event)} is legal but changed nothing`);
        continue;
      }
      if (!allowed) failures.push(`${where(snapshot, event)} was refused but changed the snapshot`);
      if (Object.keys(next.children).length > 0) failures.push(`${where(snapshot, event)} spawned an actor`);
      const key = serializeSnapshot(next);
      if (!seen.has(key)) {
        seen.add(key);
        reached.push(next);
      }
    }
  }
  expect(failures, 'state × event pairs that are neither a transition nor a clean refusal').toEqual([]);

  const reachedIds = new Set(reached.flatMap((snapshot) => [...snapshot._nodes].map((node) => node.id)));
  const allIds = getStateNodes(machine)
    .filter((node) => node.type !== 'history')
    .map((node) => node.id);
  expect(
    allIds.filter((id) => !reachedIds.has(id) && !notCovered.includes(id)),
    'states no path reaches',
  ).toEqual([]);
  return reached;
}

/**
 * One actor scope for the whole walk, the kind @xstate/graph's traversals use. xstate's `transition()`
 * creates a fresh actor for every call, and that actor computes the machine's initial snapshot (its
 * context factory included) before the transition starts: that was two thirds of the walk's time. As with
 * `transition()`, actions go to `actionExecutor` and are not executed. A shared scope is only as pure as
 * `transition()` while the machine spawns no actors (they would register in its system), so the walk
 * fails on a snapshot with children.
 */
function walkScope(): AnyActorScope {
  const self = createEmptyActor();
  return {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: () => {},
  };
}

const where = (snapshot: AnyMachineSnapshot, event: { type: string }) =>
  `${JSON.stringify(snapshot.value)} × ${event.type}`;
