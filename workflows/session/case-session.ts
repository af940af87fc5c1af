import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Actor, CaseOrigin } from '../../domain/case';
import type { CaseView, EventOutcome, RecordEntry } from '../../domain/case-view';
import type { RulesEdition } from '../../domain/rules-edition';
import {
  CADRE_NAME_KEYS_FIELD,
  type CadreNameKeys,
  cadreNameKeysOf,
  nameSearchKey,
  unitSearchKey,
  withinBudget,
} from '../../domain/search-keys';
import { mayBeSentBy, type SenderRole, sendableBy, senderRefusal } from '../../domain/senders';
import type { Label } from '../../machines/meta';
import { refusalMessages } from '../../machines/refusals';
import type { AnyTrackSpec } from '../tracks/spec';
import { CASE_LIMITS } from './limits';
import {
  acceptedEventTypes,
  armedTimers,
  eventTypesOf,
  failedConditions,
  labelOf,
  stageLabelsOf,
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

/** The case holds as much as one case may (workflows/session/limits.ts): 429. Nothing changed. */
export class CaseLimitError extends Error {
  constructor(
    message: string,
    readonly limit: keyof typeof CASE_LIMITS,
  ) {
    super(message);
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

/** Bytes of a string in UTF-8 (a 汉字 is three), counted without an encoder the sandbox may lack. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one code point beyond the basic plane
      i++;
    } else bytes += 3;
  }
  return bytes;
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

/**
 * A case as a continued run carries it: the machine's state, the record and the timers already spent.
 * It is taken only when no effect waits, so nothing is left to run.
 */
export interface CarriedCase {
  snapshot: { value: unknown; context: unknown };
  record: RecordEntry[];
  spentTimers: string[];
  /** The name digests of the case's cadres, by cadre id (absent in runs carried before search by name). */
  nameKeys?: CadreNameKeys;
}

export class CaseSession {
  private snapshot: AnyMachineSnapshot;
  private changes = 0;
  private readonly record: RecordEntry[] = [];
  private recordBytes = 0;
  private readonly pendingEffects: NamedEffect[] = [];
  private readonly spentTimers = new Set<string>();
  private archivedTo: string | undefined;
  /** Keyed digests of the case's cadres' names, by cadre id: the API computes them (domain/search-keys.ts). */
  private readonly nameKeys = new Map<string, string>();

  /**
   * `input` is the track's start input, already parsed by its schema; `carried`, the case as an earlier
   * run of the same workflow left it when it continued as new.
   */
  constructor(
    private readonly spec: AnyTrackSpec,
    private readonly workflowId: string,
    input: unknown,
    origin: CaseOrigin | undefined,
    now: string,
    carried?: CarriedCase,
  ) {
    if (carried) {
      this.snapshot = spec.machine.resolveState(carried.snapshot as never) as AnyMachineSnapshot;
      for (const entry of carried.record) this.keep(entry);
      for (const timer of carried.spentTimers) this.spentTimers.add(timer);
      this.learnNameKeys(carried.nameKeys ?? {});
      return;
    }
    const [initial, actions] = initialTransition(spec.machine, input);
    this.snapshot = initial;
    this.keep({
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

  /**
   * Name digests for cadres the case concerns (any other id is ignored): from the start input, from an
   * event that brought a cadre in, or carried from an earlier run.
   */
  learnNameKeys(keys: CadreNameKeys): void {
    const cadres = new Set(this.parties().cadres);
    for (const [id, key] of Object.entries(keys)) if (cadres.has(id)) this.nameKeys.set(id, key);
  }

  /** A cadre's name digest, for a child case that concerns them. */
  nameKeyOf(cadreId: string): string | undefined {
    return this.nameKeys.get(cadreId);
  }

  /**
   * The CaseSearchKeys values: the case's own unit first, then the cadres' name digests, then the other
   * units, within what Temporal takes for one attribute.
   */
  searchKeys(): string[] {
    const units = this.spec.units(this.context).map(unitSearchKey);
    const names = this.parties()
      .cadres.map((id) => this.nameKeys.get(id))
      .filter((key): key is string => key !== undefined)
      .map(nameSearchKey);
    return withinBudget([units[0], ...names, ...units.slice(1)]);
  }

  /** Event types that some active state accepts now and that a caller may send. */
  legalEvents(): string[] {
    if (this.snapshot.status !== 'active') return [];
    const callerTypes = callerEventTypes(this.spec);
    const applies = (type: string) => this.spec.preconditions?.[type]?.(this.context) ?? true;
    return acceptedEventTypes(this.snapshot).filter((type) => callerTypes.has(type) && applies(type));
  }

  /** The rules edition the case runs under (its context's; cases from before editions read as the first). */
  get rulesEdition(): RulesEdition {
    return (this.context.rulesEdition as RulesEdition | undefined) ?? 1;
  }

  /** The legal events a sender of `role` may send now (domain/senders.ts): what a caller is shown. */
  legalEventsFor(role: SenderRole): string[] {
    return sendableBy(this.spec.vocabulary.track, role, this.legalEvents(), this.rulesEdition);
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
      stageLabels: this.stageLabels(),
      archivedTo: this.archivedTo,
    };
  }

  /** The labels of the states the record passed through, for documents (not for Update results). */
  private stageLabels(): Record<string, Label> {
    const all = stageLabelsOf(this.spec.machine);
    const named = new Set(this.record.flatMap((entry) => [entry.from, entry.to]));
    return Object.fromEntries(Object.entries(all).filter(([state]) => named.has(state)));
  }

  /** How many entries the record holds: an Update's outcome is what came after this mark. */
  get recordLength(): number {
    return this.record.length;
  }

  /**
   * Where the case stands and the record entries added since `mark`: what an Update answers. With the
   * sender's role, the legal events are those it may send (domain/senders.ts).
   */
  outcomeSince(mark: number, role?: SenderRole): EventOutcome {
    const {
      context: _context,
      record: _record,
      stageLabels: _stages,
      archivedTo: _archived,
      ...standing
    } = this.view();
    const legalEvents = role === undefined || this.closed ? standing.legalEvents : this.legalEventsFor(role);
    return { ...standing, legalEvents, applied: this.record.slice(mark) };
  }

  /**
   * The caller's event, validated and stamped, or a refusal that changes nothing: invalid content, a
   * sender whose role may not send it (domain/senders.ts, checked first, in its own words), or an event
   * the machine does not take now. The legal events a refusal lists are those the sender may send.
   * Synchronous, so an Update validator can call it.
   *
   * `senders: 'machine'` leaves the sender to the machine alone, as before the sender check existed: only
   * for replaying events a case accepted then (workflows/case-workflow.ts, PATCHES.senderRoles).
   */
  check(raw: unknown, now: string, options: { senders?: 'checked' | 'machine' } = {}): StampedEvent {
    const sent = raw as { type?: unknown; actor?: { role?: unknown } } | null;
    // The sender first, before the content: a role that may never send this event is told so, whatever it sent.
    if (
      options.senders !== 'machine' &&
      typeof sent?.type === 'string' &&
      callerEventTypes(this.spec).has(sent.type)
    )
      this.checkSender(sent.type, sent.actor?.role);
    const parsed = this.spec.vocabulary.eventSchema.safeParse(raw);
    if (!parsed.success) {
      throw new InvalidEventError(
        parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      );
    }
    // The name digests the API added to an event that brings a cadre in: not part of the event's schema.
    const nameKeys = cadreNameKeysOf(raw);
    const event = {
      ...(parsed.data as object),
      at: now,
      ...(Object.keys(nameKeys).length > 0 ? { [CADRE_NAME_KEYS_FIELD]: nameKeys } : {}),
    } as StampedEvent;
    const role = event.actor.role;
    this.checkLimits(event);
    if (!this.snapshot.can(event)) {
      const state = this.state;
      const label = labelOf(this.snapshot);
      const legal = this.legalEventsFor(role);
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
    const { type, at, actor, reason, requestId, [CADRE_NAME_KEYS_FIELD]: nameKeys, ...data } = event;
    this.learnNameKeys(cadreNameKeysOf({ [CADRE_NAME_KEYS_FIELD]: nameKeys }));
    this.keep({
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
    this.keep({
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

  /** The case as a continued run carries it; only between events, with no effect waiting. */
  carry(): CarriedCase {
    if (this.hasPendingEffects) throw new Error('a case continues as new only with no effect waiting');
    return {
      snapshot: { value: this.snapshot.value, context: this.snapshot.context },
      record: this.record,
      spentTimers: [...this.spentTimers],
      nameKeys: Object.fromEntries(this.nameKeys),
    };
  }

  /** Refuses a sender whose role may not send `type` (domain/senders.ts), in the table's words. */
  private checkSender(type: string, role: unknown): void {
    const track = this.spec.vocabulary.track;
    if (mayBeSentBy(track, type, role, this.rulesEdition)) return;
    const state = this.state;
    const label = labelOf(this.snapshot);
    const legal = typeof role === 'string' ? this.legalEventsFor(role as SenderRole) : [];
    const why = senderRefusal(track, type, this.rulesEdition);
    throw new IllegalTransitionError(
      `${type} refused in state "${state}" (${label.zh}): ${why.zh} · ${why.en}. Legal now: ${legal.join(', ') || 'none'}`,
      { state, label, legalEvents: legal, rules: [why] },
    );
  }

  /** Refuses an event that would take the case past what one case may hold. */
  private checkLimits(event: StampedEvent): void {
    const steps = this.record.filter((entry) => entry.kind === 'transition');
    const reports = steps.filter((entry) => entry.type === 'REPORT_FILED').length;
    if (event.type === 'REPORT_FILED' && reports >= CASE_LIMITS.reports) {
      throw new CaseLimitError(
        `此案件已受理举报 ${reports} 件，达到单案上限 · This case holds ${reports} reports, the most one case takes (${CASE_LIMITS.reports}); file further reports with the organization department directly`,
        'reports',
      );
    }
    if (steps.length >= CASE_LIMITS.events) {
      throw new CaseLimitError(
        `此案件已记录 ${steps.length} 个步骤，达到单案上限 · This case holds ${steps.length} steps, the most one case takes (${CASE_LIMITS.events})`,
        'events',
      );
    }
    if (this.recordBytes + utf8Length(JSON.stringify(event)) > CASE_LIMITS.recordBytes) {
      throw new CaseLimitError(
        `此案件纪实已达容量上限 · This case's record is full (${CASE_LIMITS.recordBytes} bytes); send shorter texts or file attachments elsewhere`,
        'recordBytes',
      );
    }
  }

  private keep(entry: RecordEntry): void {
    this.record.push(entry);
    this.recordBytes += utf8Length(JSON.stringify(entry));
  }

  private queueEffects(actions: readonly { type: string; params?: unknown }[]): void {
    for (const action of actions) {
      if (!action.type.startsWith('xstate.'))
        this.pendingEffects.push({ type: action.type, params: action.params });
    }
  }
}
