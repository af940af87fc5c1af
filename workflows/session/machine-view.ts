import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
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

type GuardFn = ((...args: never[]) => unknown) & { guards?: GuardRef[] };
type GuardImpl = (args: { context: unknown; event: unknown }, params: unknown) => boolean;

/**
 * The named rules an event fails now, for the refusal message. Every transition the event could take is
 * evaluated leaf by leaf with the machine's own guard implementations (`machine.implementations.guards`);
 * a leaf that must hold and does not is a failed rule. A leaf under `not` only selects a branch (which
 * transition applies, e.g. "consultation required" or not), so it is never reported, and neither is a
 * name some other branch of the same event uses negated. An `or` fails only when all its children do
 * (so `or([not('rulesOfSecondReview'), 'x'])` reports `x` under the second edition, nothing under the
 * first). Of several branches, those missing the fewest rules are reported. Inline conditions are
 * skipped: a refusal can only name what has a name.
 */
export function failedConditions(snapshot: AnyMachineSnapshot, event: { type: string }): string[] {
  const impls = (snapshot.machine.implementations.guards ?? {}) as Record<string, GuardImpl>;
  const args = { context: snapshot.context, event };
  const nameOf = (guard: GuardRef) =>
    typeof guard === 'string' ? guard : typeof guard === 'object' ? guard.type : undefined;
  const holds = (guard: GuardRef): boolean => {
    const name = nameOf(guard);
    if (name !== undefined) {
      const impl = impls[name];
      // A named guard may itself be a composition (`and([...])` in setup): evaluate its parts, because
      // xstate's composed guards throw when called as functions.
      if (impl && Array.isArray((impl as unknown as GuardFn).guards))
        return holds(impl as unknown as GuardRef);
      return impl?.(args, undefined) === true;
    }
    const fn = guard as GuardFn;
    const children = fn.guards ?? [];
    if (fn.name === 'and') return children.every(holds);
    if (fn.name === 'or') return children.some(holds);
    if (fn.name === 'not') return !children.every(holds);
    return false;
  };
  const negated = new Set<string>();
  const collectNegated = (guard: GuardRef, under: boolean): void => {
    const name = nameOf(guard);
    if (name !== undefined) {
      if (under) negated.add(name);
      return;
    }
    const fn = guard as GuardFn;
    for (const child of fn.guards ?? []) collectNegated(child, under || fn.name === 'not');
  };
  const failing = (guard: GuardRef): string[] => {
    if (guard === undefined || holds(guard)) return [];
    const name = nameOf(guard);
    if (name !== undefined) {
      // A named composition fails on its parts: name those, each with its own words.
      const impl = impls[name] as unknown as GuardFn | undefined;
      const parts = impl && Array.isArray(impl.guards) ? failing(impl as unknown as GuardRef) : [];
      return parts.length > 0 ? parts : [name];
    }
    const fn = guard as GuardFn;
    if (fn.name === 'and' || fn.name === 'or') return (fn.guards ?? []).flatMap(failing);
    return [];
  };
  const transitions = activeNodes(snapshot).flatMap((node) => node.transitions.get(event.type) ?? []);
  for (const { guard } of transitions) collectNegated(guard as GuardRef, false);
  // The nearest branches: those that miss the fewest rules (a fallback branch without the extra
  // condition of another says more than that condition does).
  const perBranch = transitions
    .map(({ guard }) => failing(guard as GuardRef).filter((name) => !negated.has(name)))
    .filter((names) => names.length > 0);
  const fewest = Math.min(...perBranch.map((names) => names.length));
  const names = perBranch.filter((names) => names.length === fewest).flat();
  return [...new Set(names)];
}

/** Every named condition a machine's transitions use: the refusal table must word each one. */
export function guardNamesOf(machine: AnyStateMachine): string[] {
  const impls = (machine.implementations.guards ?? {}) as Record<string, GuardFn>;
  // A named composition's parts are named rules too (a refusal may quote them).
  const expand = (name: string): string[] => {
    const parts = impls[name]?.guards;
    return [name, ...(Array.isArray(parts) ? parts.flatMap(guardNames).flatMap(expand) : [])];
  };
  const walk = (node: AnyStateNode): string[] => [
    ...[...node.transitions.values()].flat().flatMap(({ guard }) => guardNames(guard as GuardRef)),
    ...Object.values(node.states).flatMap(walk),
  ];
  return [...new Set(walk(machine.root).flatMap(expand))]
    .filter((name) => name !== 'inline condition')
    .sort();
}

const stageLabelCache = new WeakMap<AnyStateMachine, Record<string, Label>>();

/**
 * Every state's label by its dotted name ("publicity.open"), as the record's `from` and `to` name states:
 * what the documents print for each step's stage (a clerk reads 公示, not `publicity.open`).
 */
export function stageLabelsOf(machine: AnyStateMachine): Record<string, Label> {
  const cached = stageLabelCache.get(machine);
  if (cached) return cached;
  const labels: Record<string, Label> = {};
  const walk = (node: AnyStateNode, path: string[]) => {
    const label = (node.meta as StateMeta | undefined)?.label;
    if (label && path.length) labels[path.join('.')] = label;
    for (const [key, child] of Object.entries(node.states)) walk(child, [...path, key]);
  };
  walk(machine.root, []);
  stageLabelCache.set(machine, labels);
  return labels;
}

/**
 * The meta of every state node on a dotted state name's path ("publicity.closedWhileHeld": publicity's,
 * then closedWhileHeld's), outermost first, read off the machine's definition.
 */
export function stageMetaOf(machine: AnyStateMachine, state: string): StateMeta[] {
  const metas: StateMeta[] = [];
  let node: AnyStateNode | undefined = machine.root;
  for (const key of state.split('.')) {
    node = node?.states[key];
    const meta = node?.meta as StateMeta | undefined;
    if (meta) metas.push(meta);
  }
  return metas;
}
