import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Actor, CaseOrigin } from '../../domain/case';
import type { CaseView, RecordEntry } from '../../domain/case-view';
import type { Label } from '../../machines/meta';
import { refusalMessages } from '../../machines/refusals';
import type { AnyTrackSpec } from '../tracks/spec';
import {
  acceptedEventTypes,
  armedTimers,
  eventTypesOf,
  failedConditions,
  labelOf,
  stateName,
} from './machine-view';

/**
 * One case as a plain object: its machine's snapshot, its record (纪实), the effects waiting to run and
 * the timers already spent. It applies events, refuses bad ones, builds the view and says which timer to
 * arm — everything the workflow does except talk to Temporal, so it is unit-tested without a server
 * (test/workflows/case-session.test.ts). It reads no clock: `now` is always an argument, the workflow's
 * own time.
 */

/** The workflow's own timers act as this actor; no caller may claim the role. */
export const SYSTEM: Actor = { id: 'workflow-timer', role: 'system', name: 'Timer 定时器' };
/** The loaded holiday calendar, as the case itself fetches it (workflows/holiday-calendar). */
export const HOLIDAY_CALENDAR: Actor = {
  id: 'holiday-calendar',
  role: 'system',
  name: '节假日安排 Holiday calendar',
};

/** An event as the machine receives it: the caller's payload, stamped with the workflow's time. */
export interface StampedEvent {
  type: string;
  at: string;
  actor: Actor;
  reason?: string;
  requestId?: string;
  [key: string]: unknown;
}

/** An effect the machine named, waiting for the host to run it. */
export interface NamedEffect {
  type: string;
  params: unknown;
}

export interface FieldIssue {
  path: string[];
  message: string;
}

/** The event is not valid content for this track (422). Nothing changed. */
export class InvalidEventError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid event: ${issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`);
  }
}

/**
 * The event is valid but not legal now (409). Nothing changed. `rules` are the failed rules in words
 * (machines/refusals.ts), empty when the event is not legal in this state at all.
 */
export class IllegalTransitionError extends Error {
  constructor(
    message: string,
    readonly details: { state: string; label: CaseView['label']; legalEvents: string[]; rules: Label[] },
  ) {
    super(message);
  }
}

const callerTypeCache = new WeakMap<AnyTrackSpec, Set<string>>();
function callerEventTypes(spec: AnyTrackSpec): Set<string> {
  let types = callerTypeCache.get(spec);
  if (!types) {
    types = new Set(eventTypesOf(spec.vocabulary.eventSchema));
    callerTypeCache.set(spec, types);
  }
  return types;
}

export class CaseSession {
  private snapshot: AnyMachineSnapshot;
  private changes = 0;
  private readonly record: RecordEntry[] = [];
  private readonly pendingEffects: NamedEffect[] = [];
  private readonly spentTimers = new Set<string>();
  private archivedTo: string | undefined;

  /** `input` is the track's start input, already parsed by its schema. */
  constructor(
    private readonly spec: AnyTrackSpec,
    private readonly workflowId: string,
    input: unknown,
    origin: CaseOrigin | undefined,
    now: string,
  ) {
    const [initial, actions] = initialTransition(spec.machine, input);
    this.snapshot = initial;
    this.record.push({
      seq: 1,
      at: now,
      kind: 'started',
      type: 'CASE_STARTED',
      // Cases started before the origin was passed (or by an operator from the CLI) show the system.
      actor: origin?.startedBy ?? SYSTEM,
      requestId: origin?.requestId,
      to: stateName(initial),
    });
    this.queueEffects(actions);
  }

  /** Counts applied events: a waiting host wakes when it changes. */
  get version(): number {
    return this.changes;
  }

  get closed(): boolean {
    return this.snapshot.status === 'done';
  }

  get context(): Record<string, unknown> {
    return this.snapshot.context as Record<string, unknown>;
  }

  get state(): string {
    return stateName(this.snapshot);
  }

  subject(): string {
    return this.spec.subject(this.context);
  }

  parties() {
    return this.spec.parties(this.context);
  }

  /** Event types that some active state accepts now and that a caller may send. */
  legalEvents(): string[] {
    if (this.snapshot.status !== 'active') return [];
    const callerTypes = callerEventTypes(this.spec);
    const applies = (type: string) => this.spec.preconditions?.[type]?.(this.context) ?? true;
    return acceptedEventTypes(this.snapshot).filter((type) => callerTypes.has(type) && applies(type));
  }

  view(): CaseView {
    const context = this.context;
    return {
      workflowId: this.workflowId,
      track: this.spec.vocabulary.track,
      department: String(context.department),
      caseId: String(context.caseId),
      state: this.state,
      label: labelOf(this.snapshot),
      status: this.closed ? 'closed' : 'open',
      outcome: typeof context.outcome === 'string' ? context.outcome : undefined,
      legalEvents: this.legalEvents(),
      deadlines: armedTimers(this.snapshot),
      context,
      record: this.record,
      archivedTo: this.archivedTo,
    };
  }

  /**
   * The caller's event, validated and stamped, or a refusal that changes nothing: invalid content, or an
   * event the machine does not take now. Synchronous, so an Update validator can call it.
   */
  check(raw: unknown, now: string): StampedEvent {
    const parsed = this.spec.vocabulary.eventSchema.safeParse(raw);
    if (!parsed.success) {
      throw new InvalidEventError(
        parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      );
    }
    const event = { ...(parsed.data as object), at: now } as StampedEvent;
    if (!this.snapshot.can(event)) {
      const state = this.state;
      const label = labelOf(this.snapshot);
      const legal = this.legalEvents();
      const legalHere = legal.includes(event.type);
      const rules = legalHere ? refusalMessages(failedConditions(this.snapshot, event)) : [];
      const why = !legalHere
        ? '此状态下不受理该事项 · it is not a legal event in this state'
        : rules.length > 0
          ? rules.map((r) => `${r.zh} · ${r.en}`).join('; ')
          : '不符合本步骤的条件 · it meets none of the conditions of this step';
      throw new IllegalTransitionError(
        `${event.type} refused in state "${state}" (${label.zh}): ${why}. Legal now: ${legal.join(', ') || 'none (case closed)'}`,
        { state, label, legalEvents: legal, rules },
      );
    }
    return event;
  }

  /** Takes a checked event: the machine moves, the record grows, the effects it named wait to run. */
  apply(event: StampedEvent): void {
    const from = this.state;
    const [next, actions] = transition(this.spec.machine, this.snapshot, event);
    this.snapshot = next;
    this.changes++;
    const { type, at, actor, reason, requestId, ...data } = event;
    this.record.push({
      seq: this.record.length + 1,
      at,
      kind: 'transition',
      type,
      actor,
      reason,
      requestId,
      data: Object.keys(data).length ? data : undefined,
      from,
      to: this.state,
    });
    this.queueEffects(actions);
  }

  /** The earliest armed timer not yet spent: the one the host waits for. */
  nextTimer() {
    return armedTimers(this.snapshot).find((t) => !this.spentTimers.has(`${t.timer}@${t.at}`));
  }

  /**
   * An event of the service's own (not a caller's, so not checked against the caller schema): applied
   * when the machine takes it now; returns whether it did.
   */
  offer(event: StampedEvent): boolean {
    if (!this.snapshot.can(event)) return false;
    this.apply(event);
    return true;
  }

  /**
   * A timer fired: its event goes to the machine as the system's. A machine that refuses its own timer's
   * event would otherwise see the same past deadline forever, so the timer is spent instead; returns
   * whether the machine took it.
   */
  fireTimer(timer: { timer: string; event: string; at: string }, now: string): boolean {
    const fired: StampedEvent = { type: timer.event, at: now, actor: SYSTEM, reason: `timer ${timer.timer}` };
    if (this.offer(fired)) return true;
    this.spentTimers.add(`${timer.timer}@${timer.at}`);
    return false;
  }

  get hasPendingEffects(): boolean {
    return this.pendingEffects.length > 0;
  }

  /** The next effect to run, in the order the machine named them. */
  takeEffect(): NamedEffect | undefined {
    return this.pendingEffects.shift();
  }

  /** An effect ran: it goes on the record, with what it produced (a child case's id). */
  recordEffect(effect: NamedEffect, now: string, produced?: Record<string, unknown>): void {
    const data =
      effect.params || produced
        ? { ...(effect.params ? { params: effect.params } : {}), ...produced }
        : undefined;
    this.record.push({
      seq: this.record.length + 1,
      at: now,
      kind: 'effect',
      type: effect.type,
      actor: SYSTEM,
      data,
    });
  }

  /** The closed case's record went to the record store. */
  archived(location: string): void {
    this.archivedTo = location;
  }

  private queueEffects(actions: readonly { type: string; params?: unknown }[]): void {
    for (const action of actions) {
      if (!action.type.startsWith('xstate.'))
        this.pendingEffects.push({ type: action.type, params: action.params });
    }
  }
}
