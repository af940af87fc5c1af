import {
  type AnyStateMachine,
  type AnyStateNode,
  type AnyTransitionDefinition,
  and,
  not,
  or,
  stateIn,
} from 'xstate';
import type { Track } from '../../domain/case';
import { SENDER_GUARD } from '../../machines/fragments/senders';

/**
 * Mermaid `stateDiagram-v2` of an XState v5 machine, walked from its definition (no snapshots, no I/O).
 *
 * Notation:
 * - A state box is titled with its id (the state key; `parent_key` when two states share a key) and,
 *   under it, `meta.label` as `zh · en` (or `description` when there is no label). A compound or
 *   parallel state is a cluster captioned `id · zh · en`; parallel regions are separated by `--`.
 * - `[*] --> x` is each compound state's initial state; `x --> [*]` marks a final state.
 * - Transition labels: the event type; `[guard]` after it for a guarded transition (`[else]` for the
 *   unguarded fallback after guarded candidates of the same event; `and(…)`, `or(…)`, `not …`,
 *   `in(…)` for built-in guards, `inline` for an anonymous inline guard); `⏱ ` before it when the
 *   event is raised by a timer — an event named in some state's `meta.timers`, or an `after` delay;
 *   ` (reenter)` after it for `reenter: true`.
 * - A transition without a target that runs actions (it stays in the state) is drawn as a self-loop,
 *   like an explicit self-transition. A targetless transition without actions only blocks the event
 *   (a forbidden transition) and is omitted.
 * - Transitions declared on the machine's root (active in every state) start from a pseudo-state
 *   `any_state` (任意状态 · Any state), drawn only when there are any.
 * - Eventless transitions are `always`; delayed ones `after <delay>`; `onDone` is a compound state's
 *   completion; `done(<invoke id>)`, `error(<invoke id>)`, `snapshot(<invoke id>)` are an invoked actor's.
 *
 * Ordering follows the machine definition (states depth-first in declaration order, each state's
 * transitions in declaration order), so the output changes only when the machine does.
 * Text is made safe for Mermaid: in labels `:` `;` and newlines (which end a description), `"` `` ` ``
 * `<` `>` and `%%` are replaced; ids keep letters, digits and `_` and avoid Mermaid's keywords.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root;
  const nodes = descendants(root);
  const ids = assignIds(root, nodes);
  const timerEvents = new Set(nodes.flatMap((node) => timersOf(node)));

  const rootIsDocument = root.type === 'compound';
  const anyStateId = rootIsDocument ? uniqueId('any_state', new Set(ids.values())) : undefined;
  const idOf = (node: AnyStateNode): string => {
    if (node === root) return anyStateId ?? (ids.get(root) as string);
    return ids.get(node) as string;
  };

  // Each transition is written in the block of the source's parent when it stays among siblings
  // (Mermaid places a state where it is first mentioned), otherwise at the top level (`null`).
  const top = rootIsDocument ? root : null;
  const edgesByBlock = new Map<AnyStateNode | null, string[]>();
  let rootHasEdges = false;
  for (const source of [root, ...nodes]) {
    for (const edge of edgesOf(source, timerEvents)) {
      const targets = edge.targets.length > 0 ? edge.targets : [source];
      const parent = source.parent;
      const local =
        parent !== undefined &&
        parent.type !== 'parallel' &&
        targets.every((target) => target === source || target.parent === parent);
      const block = local ? parent : top;
      if (source === root) rootHasEdges = true;
      const lines = edgesByBlock.get(block) ?? [];
      for (const target of targets) lines.push(`${idOf(source)} --> ${idOf(target)} : ${edge.label}`);
      edgesByBlock.set(block, lines);
    }
  }

  const renderBlock = (node: AnyStateNode): string[] => {
    const lines: string[] = [];
    const children = Object.values(node.states) as AnyStateNode[];
    if (node.type === 'compound') {
      for (const target of node.initial.target) lines.push(`[*] --> ${idOf(target)}`);
    }
    children.forEach((child, index) => {
      if (node.type === 'parallel' && index > 0) lines.push('--');
      lines.push(...renderState(child));
    });
    lines.push(...(edgesByBlock.get(node) ?? []));
    for (const child of children) if (child.type === 'final') lines.push(`${idOf(child)} --> [*]`);
    return lines;
  };

  const renderState = (node: AnyStateNode): string[] => {
    const id = idOf(node);
    const label = labelOf(node);
    if (Object.keys(node.states).length > 0) {
      const block = [`state ${id} {`, ...indent(renderBlock(node)), '}'];
      return label ? [...block, `${id} : ${text(`${id} · ${label}`)}`] : block;
    }
    // The first description equal to the id keeps the id as the box's title; the next one is its body.
    return label ? [`${id} : ${id}`, `${id} : ${text(label)}`] : [id];
  };

  const body: string[] = [];
  if (rootIsDocument) {
    if (rootHasEdges && anyStateId) body.push(`${anyStateId} : ${text('任意状态 · Any state')}`);
    body.push(...renderBlock(root));
  } else {
    // A parallel or atomic machine is drawn as one top-level state: `--` is only valid inside a state.
    body.push(`[*] --> ${idOf(root)}`, ...renderState(root), ...(edgesByBlock.get(null) ?? []));
  }
  return ['stateDiagram-v2', ...indent(body)].join('\n');
}

/** Problems Mermaid's stateDiagram parser would have with `source` (a line-by-line check of what toMermaid writes). */
export function lintMermaid(source: string): string[] {
  const problems: string[] = [];
  const lines = source.split('\n');
  if (lines[0] !== 'stateDiagram-v2') problems.push('line 1: expected "stateDiagram-v2"');
  const id = String.raw`[\p{L}\p{N}_]+`;
  const end = String.raw`(?:${id}|\[\*\])`;
  const descr = String.raw`[^:;\n"\x60<>]*[^:;\n"\x60<>\s]`;
  const patterns = [
    new RegExp(`^(${id})$`, 'u'),
    new RegExp(`^(${id}) : ${descr}$`, 'u'),
    new RegExp(String.raw`^state (${id}) \{$`, 'u'),
    new RegExp(`^(${end}) --> (${end})(?: : ${descr})?$`, 'u'),
    /^\}$/,
    /^--$/,
  ];
  let depth = 0;
  lines.slice(1).forEach((raw, index) => {
    const where = `line ${index + 2}`;
    const line = raw.trim();
    if (line === '') return;
    if (/%%|direction\s+(tb|bt|rl|lr)/i.test(line)) problems.push(`${where}: "%%" or "direction" in ${line}`);
    const match = patterns.map((pattern) => pattern.exec(line)).find(Boolean);
    if (!match) {
      problems.push(`${where}: not a statement toMermaid writes: ${line}`);
      return;
    }
    for (const name of match.slice(1)) {
      if (name && name !== '[*]' && isReserved(name))
        problems.push(`${where}: "${name}" is a Mermaid keyword`);
    }
    if (line.endsWith('{')) depth++;
    if (line === '}' && --depth < 0) problems.push(`${where}: unbalanced "}"`);
    if (line === '--' && depth === 0) problems.push(`${where}: "--" outside a state`);
  });
  if (depth > 0) problems.push(`${depth} unclosed "{"`);
  return problems;
}

/** The tracks' names for the diagram pages. */
export const trackTitles: Record<Track, { en: string; zh: string }> = {
  promotion: { en: 'Promotion', zh: '提拔任职' },
  rotation: { en: 'Rotation', zh: '交流轮岗' },
  demotion: { en: 'Demotion', zh: '降职免职' },
  probation: { en: 'Probation', zh: '试用期' },
};

/** Where a track's diagram page lives, relative to the repository root. */
export const diagramsDir = 'docs/machines';
export const generatedNotice =
  'Generated by `npm run diagrams` from `machines/index.ts`; do not edit by hand.';

/** The whole diagram page of a track: heading, notice, legend, the Mermaid block. */
export function diagramPage(track: Track, machine: AnyStateMachine): string {
  const title = trackTitles[track] as (typeof trackTitles)[Track] | undefined;
  if (!title)
    throw new Error(`No title for track "${track}": add it to trackTitles in scripts/diagrams/mermaid.ts`);
  return [
    `# ${title.en} · ${title.zh}`,
    '',
    `${generatedNotice}`,
    '',
    'Legend: `EVENT [guard]` guarded · `⏱ EVENT` raised by a timer · a self-loop stays in the state (actions only) · `any_state` = handled in every state.',
    '',
    '```mermaid',
    toMermaid(machine),
    '```',
    '',
  ].join('\n');
}

/** Where the README shows every diagram, between these two markers. */
export const readmeMarkers = ['<!-- machine-diagrams:start -->', '<!-- machine-diagrams:end -->'] as const;

/** The README's section: every track's diagram, in the order of machines/index.ts. */
export function readmeDiagrams(machines: Partial<Record<Track, AnyStateMachine>>): string {
  const sections = (Object.entries(machines) as [Track, AnyStateMachine][]).map(([track, machine]) =>
    [
      `### ${trackTitles[track].en} · ${trackTitles[track].zh}`,
      '',
      '```mermaid',
      toMermaid(machine),
      '```',
    ].join('\n'),
  );
  return [
    readmeMarkers[0],
    `<!-- ${generatedNotice} -->`,
    '',
    sections.join('\n\n'),
    '',
    readmeMarkers[1],
  ].join('\n');
}

/** `readme` with its diagrams section replaced; throws when the markers are missing. */
export function withReadmeDiagrams(
  readme: string,
  machines: Partial<Record<Track, AnyStateMachine>>,
): string {
  const start = readme.indexOf(readmeMarkers[0]);
  const end = readme.indexOf(readmeMarkers[1]);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${readmeMarkers.join(' … ')}`);
  return readme.slice(0, start) + readmeDiagrams(machines) + readme.slice(end + readmeMarkers[1].length);
}

// ---------------------------------------------------------------------------------------------------

interface Edge {
  targets: AnyStateNode[];
  label: string;
}

function descendants(node: AnyStateNode): AnyStateNode[] {
  return (Object.values(node.states) as AnyStateNode[]).flatMap((child) => [child, ...descendants(child)]);
}

function edgesOf(source: AnyStateNode, timerEvents: Set<string>): Edge[] {
  const groups: [string, AnyTransitionDefinition[]][] = [...source.transitions.entries()];
  if (source.always?.length) groups.push(['', source.always]);
  const edges: Edge[] = [];
  for (const [eventType, transitions] of groups) {
    transitions.forEach((transition, index) => {
      const targets = [...(transition.target ?? [])] as AnyStateNode[];
      if (targets.length === 0 && transition.actions.length === 0) return; // forbidden: blocks the event only
      const guard = ruleGuard(eventType === 'xstate.route' ? routeGuard(transition.guard) : transition.guard);
      const guarded = guard !== undefined;
      const afterGuarded = transitions
        .slice(0, index)
        .some((earlier) => ruleGuard(earlier.guard) !== undefined);
      const delay = (transition as { delay?: unknown }).delay;
      const timed = delay !== undefined || timerEvents.has(eventType);
      const parts = [
        `${timed ? '⏱ ' : ''}${eventLabel(source, eventType, delay)}`,
        guarded ? `[${describeGuard(guard)}]` : afterGuarded ? '[else]' : '',
        transition.reenter ? '(reenter)' : '',
      ];
      edges.push({ targets, label: text(parts.filter(Boolean).join(' ')) });
    });
  }
  return edges;
}

function eventLabel(source: AnyStateNode, eventType: string, delay: unknown): string {
  if (eventType === '') return 'always';
  if (delay !== undefined) return `after ${typeof delay === 'number' ? `${delay}ms` : String(delay)}`;
  if (eventType === `xstate.done.state.${source.id}`) return 'onDone';
  if (eventType === 'xstate.route') return 'route';
  if (eventType === '*') return '* (any event)';
  for (const kind of ['done', 'error'] as const) {
    const prefix = `xstate.${kind}.actor.`;
    if (eventType.startsWith(prefix)) return `${kind}(${eventType.slice(prefix.length)})`;
  }
  if (eventType.startsWith('xstate.snapshot.'))
    return `snapshot(${eventType.slice('xstate.snapshot.'.length)})`;
  return eventType;
}

const checkAnd = (and([]) as unknown as { check: unknown }).check;
const checkOr = (or([]) as unknown as { check: unknown }).check;
const checkNot = (not('x') as unknown as { check: unknown }).check;
const checkIn = (stateIn('x') as unknown as { check: unknown }).check;

function describeGuard(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const builtIn = guard as { check?: unknown; guards?: unknown[]; stateValue?: unknown; name: string };
    const inner = (builtIn.guards ?? []).map(describeGuard);
    if (builtIn.check === checkAnd) return `and(${inner.join(', ')})`;
    if (builtIn.check === checkOr) return `or(${inner.join(', ')})`;
    if (builtIn.check === checkNot) return `not ${inner[0]}`;
    if (builtIn.check === checkIn) return `in(${stateValueText(builtIn.stateValue)})`;
    // Inline functions take the property's name (`guard`) unless declared with a name of their own.
    return builtIn.name && builtIn.name !== 'guard' ? builtIn.name : 'inline';
  }
  if (guard && typeof guard === 'object' && 'type' in guard) return String(guard.type);
  return 'inline';
}

/**
 * Every transition carries the sender guard first (machines/fragments/senders.ts): who may send an event
 * is the README's Roles table, so a diagram shows only the transition's own rule.
 */
function ruleGuard(guard: unknown): unknown {
  if (guard === SENDER_GUARD) return undefined;
  const builtIn = guard as { check?: unknown; guards?: unknown[] } | undefined;
  const parts = builtIn && builtIn.check === checkAnd ? (builtIn.guards ?? []) : [];
  return parts[0] === SENDER_GUARD ? parts[1] : guard;
}

/** Route transitions wrap the user's guard as `and([matchesRoute, guard])`; only the user's is worth showing. */
function routeGuard(guard: unknown): unknown {
  const builtIn = guard as { check?: unknown; guards?: unknown[] } | undefined;
  return builtIn && builtIn.check === checkAnd ? builtIn.guards?.[1] : undefined;
}

function stateValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, child]) => (child && typeof child === 'object' ? `${key}.${stateValueText(child)}` : key))
      .join(', ');
  }
  return String(value);
}

function labelOf(node: AnyStateNode): string {
  const label = (node.meta as { label?: { zh?: unknown; en?: unknown } } | undefined)?.label;
  const parts = [label?.zh, label?.en].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  if (parts.length > 0) return parts.join(' · ');
  if (node.type === 'history') return node.history === 'deep' ? 'H* deep history' : 'H shallow history';
  return node.description ?? '';
}

function timersOf(node: AnyStateNode): string[] {
  const timers = (node.meta as { timers?: unknown } | undefined)?.timers;
  if (!Array.isArray(timers)) return [];
  return timers
    .map((timer) => (timer as { event?: unknown }).event)
    .filter((event): event is string => typeof event === 'string');
}

/**
 * Mermaid ids: the state key when no other state has the same one, else the path joined with `_`;
 * only letters, digits and `_`; never a Mermaid keyword; numbered when still taken.
 */
function assignIds(root: AnyStateNode, nodes: AnyStateNode[]): Map<AnyStateNode, string> {
  const keyCounts = new Map<string, number>();
  for (const node of nodes) keyCounts.set(safeId(node.key), (keyCounts.get(safeId(node.key)) ?? 0) + 1);
  const ids = new Map<AnyStateNode, string>();
  const taken = new Set<string>();
  const take = (node: AnyStateNode, wanted: string) => {
    const id = uniqueId(wanted, taken);
    taken.add(id);
    ids.set(node, id);
  };
  if (root.type !== 'compound') take(root, safeId(root.key));
  for (const node of nodes) {
    take(node, keyCounts.get(safeId(node.key)) === 1 ? safeId(node.key) : safeId(node.path.join('_')));
  }
  return ids;
}

function safeId(raw: string): string {
  const id = raw.replace(/[^\p{L}\p{N}_]/gu, '_') || '_';
  return isReserved(id) ? `s_${id}` : id;
}

function uniqueId(wanted: string, taken: ReadonlySet<string>): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n++) id = `${wanted}_${n}`;
  return id;
}

/** Words Mermaid's state-diagram lexer reads as keywords or uses for its own nodes (`start1`, `end2`, `root`). */
function isReserved(id: string): boolean {
  return (
    /^default/i.test(id) ||
    /^(start|end)\d+$/i.test(id) ||
    /^(state|note|class|classdef|style|scale|click|href|end|direction|hide|as|root|statediagram|acctitle|accdescr)$/i.test(
      id,
    )
  );
}

/** Text for a description or transition label: one line, none of the characters that end or break it. */
function text(raw: string): string {
  return raw
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/:/g, '∶')
    .replace(/;/g, ',')
    .replace(/["`]/g, "'")
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/%%/g, '% %')
    .replace(/(direction)\s+(?=(tb|bt|rl|lr))/gi, '$1-')
    .replace(/\s+/g, ' ')
    .trim();
}

function indent(lines: string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
