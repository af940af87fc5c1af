import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Actor, CaseOrigin } from '../../domain/case';
import type { CaseView, EventOutcome, FollowingEffect, RecordEntry } from '../../domain/case-view';
import {
  chinaDateOf,
  daysBetween,
  formatChinaDateTime,
  formatOccurredAt,
  isIsoDate,
  type OccurredAt,
  readOccurredAt,
} from '../../domain/dates';
import { effectLabels } from '../../domain/effect-names';
import type { EffectName } from '../../domain/effects';
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

/**
 * An event as the machine receives it: the caller's payload, stamped. `at` is when the step happened (the
 * caller's `occurredAt` as an instant, else the workflow's time), `recordedAt` the workflow's time.
 */
export interface StampedEvent {
  type: string;
  at: string;
  recordedAt?: string;
  /** As the caller wrote it (a date, or a date and time), when it did. */
  occurredAt?: string;
  /** A step the case took before it was brought in. */
  imported?: boolean;
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
 * A step of a case brought in under way (its start's `history`) that cannot be applied: its content is
 * invalid (`refusal` an InvalidEventError: 422) or the machine does not take it then (an
 * IllegalTransitionError: 409). The case is not started.
 */
export class ImportRefusedError extends Error {
  constructor(
    readonly step: number,
    readonly type: string,
    readonly refusal: InvalidEventError | IllegalTransitionError | CaseLimitError,
  ) {
    super(
      `历史第 ${step + 1} 步 ${type} 无法导入 · history[${step}] (${type}) cannot be brought in: ${refusal.message}`,
    );
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

/** An effect as an event's answer lists it: what it does, and for a notice, which and to whom. */
function followingEffect(effect: NamedEffect): FollowingEffect {
  const label = effectLabels[effect.type as EffectName] ?? { zh: effect.type, en: effect.type };
  const params = (effect.params ?? {}) as { kind?: unknown; to?: unknown };
  return {
    type: effect.type,
    label,
    ...(effect.type === 'notify' && typeof params.kind === 'string' ? { kind: params.kind } : {}),
    ...(effect.type === 'notify' && typeof params.to === 'string' ? { to: params.to } : {}),
  };
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
  /** Effects the host took and has not recorded yet. */
  private readonly runningEffects = new Set<NamedEffect>();
  /** Counts the effects named in this run, so an event's answer can tell its own still running. */
  private effectsNamed = 0;
  private readonly effectSerials = new WeakMap<NamedEffect, number>();
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
    // A case brought in began when its origin says, else with its first earlier step.
    const began = origin?.occurredAt ?? origin?.history?.[0]?.occurredAt;
    const at = began === undefined ? now : this.occurredInstant(began, now, { imported: true });
    this.keep({
      seq: 1,
      at,
      ...(began === undefined ? {} : { occurredAt: began }),
      recordedAt: now,
      kind: 'started',
      type: 'CASE_STARTED',
      // Cases started before the origin was passed (or by an operator from the CLI) show the system.
      actor: origin?.startedBy ?? SYSTEM,
      requestId: origin?.requestId,
      to: stateName(initial),
    });
    this.queueEffects(actions);
  }

  /**
   * Applies the steps a case took before it was brought in, in order, each checked as if it had been sent
   * live then (content, actor, the machine's guards, date order); a timer that fell due between two steps
   * fires between them, as it would have. Their effects do not run: they happened before the case came
   * into the service. The first step refused throws an ImportRefusedError naming it; the caller then
   * discards the session (the API refuses the start, and a workflow fails before any effect ran).
   */
  bringIn(history: readonly unknown[], now: string, requestId?: string): void {
    history.forEach((step, index) => {
      const type = String((step as { type?: unknown } | null)?.type ?? '(no type)');
      try {
        const occurred = readOccurredAt((step as { occurredAt?: unknown } | null)?.occurredAt);
        if (occurred) this.fireTimersDueBy(Math.min(occurred.ms, Date.parse(now)), now);
        const event = this.check({ ...(step as object), requestId }, now, { imported: true });
        const effects = this.pendingEffects.length;
        this.apply(event);
        this.pendingEffects.splice(effects);
      } catch (error) {
        if (
          error instanceof InvalidEventError ||
          error instanceof IllegalTransitionError ||
          error instanceof CaseLimitError
        ) {
          throw new ImportRefusedError(index, type, error);
        }
        throw error;
      }
    });
  }

  /** Timers armed while a case is brought in that fell due by `ms`: fired, stamped with their deadline. */
  private fireTimersDueBy(ms: number, now: string): void {
    for (let timer = this.nextTimer(); timer && Date.parse(timer.at) <= ms; timer = this.nextTimer()) {
      const effects = this.pendingEffects.length;
      this.fireTimer(timer, now, { late: true, imported: true });
      this.pendingEffects.splice(effects);
    }
  }

  /** The latest step of the case (its start included): the one a dated step may not precede. */
  private lastStep(): RecordEntry | undefined {
    for (let i = this.record.length - 1; i >= 0; i--) {
      const entry = this.record[i] as RecordEntry;
      // The calendar data the host loads is bookkeeping, not a step the department took.
      if (entry.kind === 'effect' || entry.actor.id === HOLIDAY_CALENDAR.id) continue;
      return entry;
    }
    return undefined;
  }

  /**
   * The instant a caller's `occurredAt` stands for, or an InvalidEventError naming the field and the date
   * it collides with: it may not lie in the future (the workflow's `now`), nor before the latest step,
   * nor — for a step sent live — be older than the policy's bound on late reporting. A date alone is
   * compared by date and stands for the start of that China day, or the latest step's instant when that
   * was the same day, so the instants the machine sees never go backwards.
   */
  private occurredInstant(value: string, now: string, options: { imported?: boolean } = {}): string {
    const given = readOccurredAt(value);
    const refuse = (message: string): never => {
      throw new InvalidEventError([{ path: ['occurredAt'], message }]);
    };
    if (!given) return refuse('expected a date YYYY-MM-DD, a China time, or an ISO instant with its offset');
    const nowMs = Date.parse(now);
    const today = chinaDateOf(nowMs);
    const shown = formatOccurredAt(given);
    if (given.precision === 'day' ? given.day > today : given.ms > nowMs) {
      refuse(
        `发生时间 ${shown} 晚于现在（${formatChinaDateTime(nowMs)}）：不能记录将来的事 · occurredAt ${shown} lies in the future: it is now ${formatChinaDateTime(nowMs)} (China time)`,
      );
    }
    const last = this.lastStep();
    const lastMs = last ? Date.parse(last.at) : undefined;
    if (last && lastMs !== undefined && !Number.isNaN(lastMs)) {
      const lastOccurred: OccurredAt = {
        day: chinaDateOf(lastMs),
        ms: lastMs,
        precision: isIsoDate(last.occurredAt) ? 'day' : 'instant',
      };
      const byDay = given.precision === 'day' || lastOccurred.precision === 'day';
      if (byDay ? given.day < lastOccurred.day : given.ms < lastMs) {
        const lastShown = formatOccurredAt(lastOccurred);
        refuse(
          `发生时间 ${shown} 早于上一步 ${last.type} 的时间（${lastShown}）· occurredAt ${shown} is before the step it follows: ${last.type}, on ${lastShown} (China time)`,
        );
      }
    }
    const maxDaysLate = (this.context.policy as { reporting?: { maxDaysLate?: number | null } } | undefined)
      ?.reporting?.maxDaysLate;
    if (!options.imported && typeof maxDaysLate === 'number') {
      const late = daysBetween(given.day, today);
      if (late > maxDaysLate) {
        refuse(
          `发生时间 ${shown} 距今 ${late} 天，超过补报时限 ${maxDaysLate} 天 · occurredAt ${shown} is ${late} days ago; this case's policy takes steps reported at most ${maxDaysLate} days after they happened (policy.reporting.maxDaysLate)`,
        );
      }
    }
    const ms = given.precision === 'day' && lastMs !== undefined ? Math.max(given.ms, lastMs) : given.ms;
    return new Date(ms).toISOString();
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

  /** Every event type of the track a caller may send (each is an Update of its own name). */
  callerEventTypes(): string[] {
    return [...callerEventTypes(this.spec)];
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

  /** Where the next Update's answer starts: the record's length and the effects named so far. */
  get mark(): { record: number; effects: number } {
    return { record: this.record.length, effects: this.effectsNamed };
  }

  /**
   * Where the case stands, the record entries added since `mark`, and the effects named since then that
   * are still running (waiting, or taken and not yet recorded): what an Update answers. With the sender's
   * role, the legal events are those it may send (domain/senders.ts).
   */
  outcomeSince(since: { record: number; effects: number }, role?: SenderRole): EventOutcome {
    const {
      context: _context,
      record: _record,
      stageLabels: _stages,
      archivedTo: _archived,
      ...standing
    } = this.view();
    const legalEvents = role === undefined || this.closed ? standing.legalEvents : this.legalEventsFor(role);
    const following = [...this.runningEffects, ...this.pendingEffects]
      .filter((effect) => (this.effectSerials.get(effect) ?? 0) >= since.effects)
      .map(followingEffect);
    return { ...standing, legalEvents, applied: this.record.slice(since.record), following };
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
  check(
    raw: unknown,
    now: string,
    options: { senders?: 'checked' | 'machine'; imported?: boolean } = {},
  ): StampedEvent {
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
    const data = parsed.data as { occurredAt?: string };
    const at = data.occurredAt === undefined ? now : this.occurredInstant(data.occurredAt, now, options);
    // The name digests the API added to an event that brings a cadre in: not part of the event's schema.
    const nameKeys = cadreNameKeysOf(raw);
    const event = {
      ...data,
      at,
      recordedAt: now,
      ...(options.imported ? { imported: true } : {}),
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
    const {
      type,
      at,
      recordedAt,
      occurredAt,
      imported,
      actor,
      reason,
      requestId,
      [CADRE_NAME_KEYS_FIELD]: nameKeys,
      ...data
    } = event;
    this.learnNameKeys(cadreNameKeysOf({ [CADRE_NAME_KEYS_FIELD]: nameKeys }));
    this.keep({
      seq: this.record.length + 1,
      at,
      occurredAt: occurredAt ?? at,
      recordedAt: recordedAt ?? at,
      ...(imported ? { imported } : {}),
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
  fireTimer(
    timer: { timer: string; event: string; at: string; label?: Label },
    now: string,
    options: { late?: boolean; imported?: boolean } = {},
  ): boolean {
    const fired: StampedEvent = options.late
      ? this.lateTimerEvent(timer, now, options.imported === true)
      : { type: timer.event, at: now, actor: SYSTEM, reason: `timer ${timer.timer}` };
    if (this.offer(fired)) return true;
    this.spentTimers.add(`${timer.timer}@${timer.at}`);
    return false;
  }

  /**
   * A timer whose deadline had passed before the case waited for it (a step dated in the past armed it):
   * the step it raises happened at the deadline — or with the latest step, when that came later — and the
   * record says it fired at once.
   */
  private lateTimerEvent(
    timer: { timer: string; event: string; at: string; label?: Label },
    now: string,
    imported: boolean,
  ): StampedEvent {
    const dueMs = Date.parse(timer.at);
    const last = this.lastStep();
    const lastMs = last ? Date.parse(last.at) : Number.NEGATIVE_INFINITY;
    const at = new Date(Math.min(Math.max(dueMs, lastMs), Date.parse(now))).toISOString();
    const what = timer.label ? `${timer.label.zh} · ${timer.label.en}` : timer.timer;
    const due = formatChinaDateTime(dueMs);
    return {
      type: timer.event,
      at,
      recordedAt: now,
      ...(imported ? { imported } : {}),
      actor: SYSTEM,
      reason: imported
        ? `timer ${timer.timer}: ${what} — 期限 ${due} 在导入的步骤之间届满 · its deadline (${due}, China time) fell between steps brought in`
        : `timer ${timer.timer}: ${what} — 期限 ${due} 在记录前已过，即时办结 · its deadline (${due}, China time) had passed when the step that set it was recorded: it fired at once`,
      dueAt: timer.at,
      firedAtOnce: true,
    };
  }

  get hasPendingEffects(): boolean {
    return this.pendingEffects.length > 0;
  }

  /** The next effect to run, in the order the machine named them; it runs until it is recorded. */
  takeEffect(): NamedEffect | undefined {
    const effect = this.pendingEffects.shift();
    if (effect) this.runningEffects.add(effect);
    return effect;
  }

  /** An effect ran: it goes on the record, with what it produced (a child case's id). */
  recordEffect(effect: NamedEffect, now: string, produced?: Record<string, unknown>): void {
    this.runningEffects.delete(effect);
    const data =
      effect.params || produced
        ? { ...(effect.params ? { params: effect.params } : {}), ...produced }
        : undefined;
    this.keep({
      seq: this.record.length + 1,
      at: now,
      recordedAt: now,
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
      if (action.type.startsWith('xstate.')) continue;
      const effect = { type: action.type, params: action.params };
      this.effectSerials.set(effect, this.effectsNamed++);
      this.pendingEffects.push(effect);
    }
  }
}
