import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  TemporalFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { ZodError } from 'zod';
import {
  type ChildCaseEffect,
  type EffectActivities,
  isChildCaseEffect,
  isEffectName,
} from '../activities/effect-names';
import type { HostActivities } from '../activities/effects';
import { type Actor, type CaseOrigin, workflowIdFor } from '../domain/case';
import type { CaseView, DeadlineView, RecordEntry } from '../domain/case-view';
import type { Label, StateMeta } from '../machines/meta';
import { renderCurrentDetails } from './current-details';
import { getCaseQuery, IllegalTransition, InvalidEvent, sendEventUpdate } from './messages';
import {
  CaseCadres,
  CaseDepartment,
  CaseNextDeadline,
  CaseNominators,
  CaseOutcome,
  CaseStage,
  CaseTrack,
} from './search-attributes';
import type { TrackSpec } from './track-spec';

/**
 * The one way any track's machine runs inside a workflow:
 * - the machine decides (XState's pure `initialTransition` / `transition`; the workflow never re-implements a rule);
 * - callers' events arrive as Updates whose synchronous validator asks the machine, so an illegal event
 *   is refused before it reaches history;
 * - the states' `meta.timers` become Temporal timers, whose expiry is fed back to the machine as an event;
 * - the actions the machine names as effects run as activities, in order, after the transition;
 * - search attributes, the UI's current details and the case record follow every transition.
 */

const SYSTEM: Actor = { id: 'workflow-timer', role: 'system', name: 'Timer 定时器' };

const activityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
} as const;
const effects = proxyActivities<EffectActivities>(activityOptions);
const host = proxyActivities<HostActivities>(activityOptions);

/**
 * Patch ids: each marks a change to what a workflow does, so cases started before it replay as they ran.
 * Remove a patch (deprecatePatch, then delete) only once no case that started without it is still open.
 */
export const PATCHES = {
  /** Since 2026-11: the record is archived to the record store when a case closes. */
  archiveRecordOnClose: 'archive-record-on-close',
} as const;

interface StampedEvent {
  type: string;
  at: string;
  actor: Actor;
  reason?: string;
  [key: string]: unknown;
}

const nowIso = (): string => new Date(Date.now()).toISOString();

export function stateName(snapshot: AnyMachineSnapshot): string {
  const flatten = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
          flatten(child).map((rest) => `${key}.${rest}`),
        );
  return flatten(snapshot.value).join(',');
}

/** The deepest active state's meta wins for the label; every active state's timers are armed. */
function activeMeta(snapshot: AnyMachineSnapshot): StateMeta[] {
  return Object.values(snapshot.getMeta() as Record<string, StateMeta | undefined>).filter(
    (meta): meta is StateMeta => meta !== undefined,
  );
}

export function labelOf(snapshot: AnyMachineSnapshot): Label {
  return activeMeta(snapshot).at(-1)?.label ?? { zh: stateName(snapshot), en: stateName(snapshot) };
}

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

/** The named conditions (guards) of the transitions an event type could take from the active states. */
function guardsFor(snapshot: AnyMachineSnapshot, type: string): string[] {
  const nodes = (snapshot as unknown as { _nodes: { transitions: Map<string, { guard?: unknown }[]> }[] })
    ._nodes;
  const names = nodes.flatMap((node) =>
    (node.transitions.get(type) ?? []).map(({ guard }) =>
      typeof guard === 'string'
        ? guard
        : ((guard as { type?: string } | undefined)?.type ?? 'inline condition'),
    ),
  );
  return [...new Set(names)];
}

/** Event types that some active state accepts now and that a caller may send. */
export function legalEvents(spec: TrackSpec, snapshot: AnyMachineSnapshot): string[] {
  if (snapshot.status !== 'active') return [];
  const callerTypes = callerEventTypes(spec);
  const nodes = (snapshot as unknown as { _nodes: { ownEvents: string[] }[] })._nodes;
  const applies = (type: string) => spec.preconditions?.[type]?.(snapshot.context as never) ?? true;
  return [...new Set(nodes.flatMap((node) => node.ownEvents))].filter(
    (type) => callerTypes.has(type) && applies(type),
  );
}

const callerTypeCache = new WeakMap<TrackSpec, Set<string>>();
function callerEventTypes(spec: TrackSpec): Set<string> {
  let types = callerTypeCache.get(spec);
  if (!types) {
    const options = (spec.eventSchema as unknown as { options?: { shape: { type: { value: string } } }[] })
      .options;
    types = new Set((options ?? []).map((option) => option.shape.type.value));
    callerTypeCache.set(spec, types);
  }
  return types;
}

/**
 * Opens another case as a child workflow. A child, not continue-as-new, because the new case is a case
 * of its own (its own id, record, timers and outcome), which must outlive this one: the parent close
 * policy is ABANDON, and the UI links the two.
 */
async function startChildCase(
  spec: TrackSpec,
  effect: ChildCaseEffect,
  params: unknown,
  context: Record<string, unknown>,
): Promise<string> {
  const plan = spec.childCases?.[effect]?.(params, context);
  if (!plan) throw new Error(`the ${spec.track} track names "${effect}" but does not say how to open it`);
  const workflowId = workflowIdFor(plan.input);
  const origin: CaseOrigin = {
    startedBy: {
      id: workflowInfo().workflowId,
      role: 'system',
      name: `${spec.track} case ${workflowInfo().workflowId}`,
    },
  };
  await startChild(plan.workflowType, {
    workflowId,
    args: [plan.input, origin],
    parentClosePolicy: 'ABANDON',
    staticSummary: plan.summary,
  });
  return workflowId;
}

/**
 * Runs a case to its end. Anything that is not already a Temporal failure (a ZodError from a malformed
 * start, a bug in a machine) would otherwise fail the workflow task and retry forever: the case fails
 * visibly instead, with the reason.
 */
export async function hostCase(spec: TrackSpec, input: unknown, origin?: CaseOrigin): Promise<CaseView> {
  try {
    return await runCase(spec, spec.startSchema.parse(input), origin);
  } catch (error) {
    throw asFailure(error, 'Case workflow failed');
  }
}

function asFailure(error: unknown, what: string): unknown {
  if (error instanceof TemporalFailure || isCancellation(error)) return error;
  const detail =
    error instanceof ZodError
      ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      : String(error);
  log.error(what, { error: detail });
  return ApplicationFailure.nonRetryable(`${what}: ${detail}`, 'CaseWorkflowBug');
}

async function runCase(spec: TrackSpec, input: unknown, origin?: CaseOrigin): Promise<CaseView> {
  const info = workflowInfo();
  const [initial, initialActions] = initialTransition(spec.machine, input);
  let snapshot: AnyMachineSnapshot = initial;
  let version = 0;
  const record: RecordEntry[] = [];
  const pendingEffects: { type: string; params: unknown }[] = [];
  let archivedTo: string | undefined;
  const spentTimers = new Set<string>();

  const view = (): CaseView => {
    const context = snapshot.context as Record<string, unknown>;
    return {
      workflowId: info.workflowId,
      track: spec.track,
      department: String(context.department),
      caseId: String(context.caseId),
      state: stateName(snapshot),
      label: labelOf(snapshot),
      status: snapshot.status === 'done' ? 'closed' : 'open',
      outcome: typeof context.outcome === 'string' ? context.outcome : undefined,
      legalEvents: legalEvents(spec, snapshot),
      deadlines: armedTimers(snapshot),
      context,
      record,
      archivedTo,
    };
  };

  const queueEffects = (actions: { type: string; params?: unknown }[]) => {
    for (const action of actions) {
      if (!action.type.startsWith('xstate.'))
        pendingEffects.push({ type: action.type, params: action.params });
    }
  };

  const publish = () => {
    const current = view();
    const parties = spec.parties(current.context);
    const next = current.deadlines[0];
    upsertSearchAttributes([
      { key: CaseTrack, value: spec.track },
      { key: CaseStage, value: current.state },
      { key: CaseDepartment, value: current.department },
      { key: CaseOutcome, value: current.outcome ?? null },
      { key: CaseCadres, value: parties.cadres },
      { key: CaseNominators, value: parties.nominators },
      { key: CaseNextDeadline, value: next ? new Date(next.at) : null },
      ...(spec.searchAttributes?.(current.context) ?? []),
    ]);
    setCurrentDetails(renderCurrentDetails(spec, current));
  };

  /** Refuses, without side effects, an event the schema or the machine rejects. Synchronous by design. */
  const check = (raw: unknown): StampedEvent => {
    const parsed = spec.eventSchema.safeParse(raw);
    if (!parsed.success) {
      throw ApplicationFailure.create({
        type: InvalidEvent,
        message: `Invalid event: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`,
        details: [
          { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
        ],
        nonRetryable: true,
      });
    }
    const event = { ...(parsed.data as object), at: nowIso() } as StampedEvent;
    if (!snapshot.can(event)) {
      const state = stateName(snapshot);
      const legal = legalEvents(spec, snapshot);
      const guards = guardsFor(snapshot, event.type);
      const why = legal.includes(event.type)
        ? `sent by ${event.actor.role}, it meets none of the conditions: ${guards.join(' | ') || 'see the case'}`
        : 'it is not a legal event in this state';
      throw ApplicationFailure.create({
        type: IllegalTransition,
        message: `${event.type} refused in state "${state}" (${labelOf(snapshot).zh}): ${why}. Legal now: ${legal.join(', ') || 'none (case closed)'}`,
        details: [{ state, label: labelOf(snapshot), legalEvents: legal }],
        nonRetryable: true,
      });
    }
    return event;
  };

  const apply = (event: StampedEvent) => {
    const from = stateName(snapshot);
    const [next, actions] = transition(spec.machine, snapshot, event);
    snapshot = next;
    version++;
    const { type, at, actor, reason, requestId, ...data } = event;
    record.push({
      seq: record.length + 1,
      at,
      kind: 'transition',
      type,
      actor,
      reason,
      requestId: requestId as string | undefined,
      data: Object.keys(data).length ? data : undefined,
      from,
      to: stateName(snapshot),
    });
    queueEffects(actions as { type: string; params?: unknown }[]);
    publish();
  };

  record.push({
    seq: 1,
    at: nowIso(),
    kind: 'started',
    type: 'CASE_STARTED',
    // Cases started before the origin was passed (or by an operator from the CLI) show the system.
    actor: origin?.startedBy ?? SYSTEM,
    requestId: origin?.requestId,
    to: stateName(snapshot),
  });
  queueEffects(initialActions as { type: string; params?: unknown }[]);
  publish();

  setHandler(getCaseQuery, view);
  setHandler(
    sendEventUpdate,
    (raw) => {
      try {
        apply(check(raw));
        return view();
      } catch (error) {
        // Fails this Update, not the workflow task.
        throw asFailure(error, 'Event could not be applied');
      }
    },
    { validator: (raw) => void check(raw) },
  );
  for (;;) {
    await runEffects();
    if (snapshot.status === 'done') break;
    const seen = version;
    const timer = armedTimers(snapshot).find((t) => !spentTimers.has(`${t.timer}@${t.at}`));
    if (!timer) {
      await condition(() => version !== seen || pendingEffects.length > 0);
      continue;
    }
    const wait = Date.parse(timer.at) - Date.now();
    const changed =
      wait > 0 &&
      (await condition(() => version !== seen || pendingEffects.length > 0, wait, {
        summary: `${timer.label.zh} · ${timer.label.en} → ${timer.event}`,
      }));
    if (changed) continue;
    const fired: StampedEvent = {
      type: timer.event,
      at: nowIso(),
      actor: SYSTEM,
      reason: `timer ${timer.timer}`,
    };
    // A machine that refuses its own timer's event would otherwise see the same past deadline forever.
    if (snapshot.can(fired)) apply(fired);
    else {
      spentTimers.add(`${timer.timer}@${timer.at}`);
      log.warn('timer event refused by the machine; timer disarmed', {
        timer: timer.timer,
        state: stateName(snapshot),
      });
    }
  }
  await condition(allHandlersFinished);
  if (patched(PATCHES.archiveRecordOnClose)) {
    // The record must outlive Temporal's retention: it goes to the record store as the case closes.
    archivedTo = await host.archiveCaseRecord.executeWithOptions(
      {
        summary: `archive the case record (纪实) · ${spec.subject(snapshot.context as Record<string, unknown>)}`,
      },
      [view()],
    );
  }
  return view();

  async function runEffects(): Promise<void> {
    while (pendingEffects.length > 0) {
      const effect = pendingEffects.shift() as { type: string; params: unknown };
      const context = snapshot.context as Record<string, unknown>;
      let data: Record<string, unknown> | undefined = effect.params ? { params: effect.params } : undefined;
      if (isChildCaseEffect(effect.type)) {
        data = { ...data, case: await startChildCase(spec, effect.type, effect.params, context) };
      } else if (isEffectName(effect.type)) {
        await effects[effect.type].executeWithOptions(
          { summary: `${effect.type} · ${spec.subject(context)}` },
          [{ workflowId: info.workflowId, track: spec.track, context, params: effect.params }],
        );
      } else {
        throw new Error(`machine names effect "${effect.type}" but no activity implements it`);
      }
      record.push({
        seq: record.length + 1,
        at: nowIso(),
        kind: 'effect',
        type: effect.type,
        actor: SYSTEM,
        data,
      });
    }
  }
}
