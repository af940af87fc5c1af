import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import type { z } from 'zod';
import type { DeadlineView } from '../../domain/case-view';
import { eventOptionsOf, eventTypeOf } from '../../domain/event-schemas';
import type { Label, StateMeta } from '../../machines/meta';

/**
 * What the host reads from a machine's snapshot and a track's event schema, in one place. Most of it is
 * XState's public API (`snapshot.value`, `getMeta()`, `machine.root`, state nodes' `ownEvents` and
 * `transitions`; zod's structure is domain/event-schemas.ts's); the shape of composed guards
 * (`and` / `or` / `not` are functions carrying `.guards`) is not documented, so it is read here and
 * nowhere else. test/workflows/machine-view.test.ts breaks if an upgrade changes any of it — replay of
 * committed histories depends on this code.
 */

/** The active state as one string, dotted for nested states, comma-separated for parallel regions. */
export function stateName(snapshot: AnyMachineSnapshot): string {
  const flatten = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
          const inner = flatten(child);
          // An atomic region of a parallel state has the empty object as its value.
          return inner.length ? inner.map((rest) => `${key}.${rest}`) : [key];
        });
  return flatten(snapshot.value).join(',');
}

/** The active state nodes, root first, found by walking the machine from the snapshot's value. */
function activeNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  const walk = (node: AnyStateNode, value: unknown): AnyStateNode[] => {
    if (typeof value === 'string') {
      const child = node.states[value];
      return child ? [node, child] : [node];
    }
    return [
      node,
      ...Object.entries((value ?? {}) as Record<string, unknown>).flatMap(([key, childValue]) => {
        const child = node.states[key];
        return child ? walk(child, childValue) : [];
      }),
    ];
  };
  return walk(snapshot.machine.root, snapshot.value);
}

/** Every active state's meta, outermost first: the deepest one's label wins, every one's timers arm. */
function activeMeta(snapshot: AnyMachineSnapshot): StateMeta[] {
  return Object.values(snapshot.getMeta() as Record<string, StateMeta | undefined>).filter(
    (meta): meta is StateMeta => meta !== undefined,
  );
}

export function labelOf(snapshot: AnyMachineSnapshot): Label {
  return activeMeta(snapshot).at(-1)?.label ?? { zh: stateName(snapshot), en: stateName(snapshot) };
}

/** The timers the active states arm whose deadline the machine has set, earliest first. */
export function armedTimers(snapshot: AnyMachineSnapshot): DeadlineView[] {
  const deadlines = (snapshot.context as { deadlines?: Record<string, string | undefined> }).deadlines ?? {};
  return activeMeta(snapshot)
    .flatMap((meta) => meta.timers ?? [])
    .flatMap((timer) => {
      const at = deadlines[timer.name];
      return at ? [{ timer: timer.name, event: timer.event, at, label: timer.label }] : [];
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Event types some active state has a transition for (guards not evaluated). */
export function acceptedEventTypes(snapshot: AnyMachineSnapshot): string[] {
  return [...new Set(activeNodes(snapshot).flatMap((node) => node.ownEvents))];
}

type GuardRef = string | { type?: string } | ((...args: never[]) => unknown) | undefined;

/** The named conditions inside a guard: a name, or the names under an `and` / `or` / `not`. */
function guardNames(guard: GuardRef): string[] {
  if (guard === undefined) return [];
  if (typeof guard === 'string') return [guard];
  const composed = (guard as { guards?: GuardRef[] }).guards;
  if (Array.isArray(composed)) return composed.flatMap(guardNames);
  if (typeof guard === 'object' && typeof guard.type === 'string') return [guard.type];
  return ['inline condition'];
}

/** The named conditions of the transitions an event type could take from the active states. */
export function conditionsFor(snapshot: AnyMachineSnapshot, type: string): string[] {
  const names = activeNodes(snapshot).flatMap((node) =>
    (node.transitions.get(type) ?? []).flatMap(({ guard }) => guardNames(guard as GuardRef)),
  );
  return [...new Set(names)];
}

/** The `type` literals of a discriminated union of event objects: the event types a caller may send. */
export function eventTypesOf(schema: z.ZodDiscriminatedUnion): string[] {
  return eventOptionsOf(schema).map(eventTypeOf);
}
