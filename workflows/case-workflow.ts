import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  ContinueAsNew,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  TemporalFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { ZodError } from 'zod';
import type { CalendarActivities } from '../activities/calendar';
import type { HostActivities } from '../activities/effects';
import type { CaseOrigin } from '../domain/case';
import type { CaseView } from '../domain/case-view';
import { isActivityEffect, isChildCaseEffect } from '../domain/effect-names';
import type { EffectActivities, EffectCase, EffectParams } from '../domain/effects';
import type { RulesEdition } from '../domain/rules-edition';
import { CADRE_NAME_KEYS_FIELD, type CadreNameKeys, cadreNameKeysOf } from '../domain/search-keys';
import { START_DIGEST_FIELD, startDigestOf } from '../domain/start-digest';
import { childCasePlan } from './child-cases';
import { renderCurrentDetails } from './current-details';
import {
  type CaseEventPayload,
  CaseLimitReached,
  type CaseResult,
  eventUpdate,
  getCaseQuery,
  IllegalTransition,
  ImportRefused,
  InvalidEvent,
  sendEventUpdate,
  startReadBackUpdate,
} from './messages';
import {
  CaseCadres,
  CaseDepartment,
  CaseNextDeadline,
  CaseNominators,
  CaseOutcome,
  CaseSearchKeys,
  CaseStage,
  CaseTrack,
} from './search-attributes';
import {
  type CarriedCase,
  CaseLimitError,
  CaseSession,
  HOLIDAY_CALENDAR,
  IllegalTransitionError,
  ImportRefusedError,
  InvalidEventError,
  type NamedEffect,
  type StampedEvent,
} from './session/case-session';
import { HISTORY_EVENTS_BEFORE_CONTINUE } from './session/limits';
import { heldAttribute, StageWarnings } from './stage-warnings';
import type { AnyTrackSpec } from './tracks/spec';
import { requireSealed } from './trust';

/**
 * The one way any track's machine runs inside a workflow. The case's logic is the CaseSession's (plain,
 * unit-tested without Temporal); this function only wires it to Temporal, in the shape of the samples'
 * entity workflows:
 * - callers' events arrive as Updates whose synchronous validator asks the session, so an illegal event
 *   is refused before it reaches history; first it refuses one not sealed by the service's key, whose actor
 *   nobody authenticated (workflows/trust.ts);
 * - the timers the machine's states arm become Temporal timers, whose expiry goes back to the session;
 * - the effects the machine names run as activities (or child cases), in order, after the transition;
 * - search attributes and the UI's current details follow every transition.
 */

// Every activity is one short write behind an idempotent port, so a short timeout is safe: an attempt
// lost with a killed worker is retried after 10 s, not a minute, and a retry doubles nothing.
const activityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', backoffCoefficient: 2 },
} as const;
const effects = proxyActivities<EffectActivities>(activityOptions);
const host = proxyActivities<HostActivities>(activityOptions);
const calendar = proxyActivities<Pick<CalendarActivities, 'loadedHolidaySchedules'>>(activityOptions);

// The same activities run as local activities (patch localEffects), except after a caller's event: in
// the worker, inside the workflow task that made the transition, so the transition and its effects are
// one task on the server, not a task per effect (issue 18: an expiry was three workflow tasks and two
// activities where a bare timer is one). An event's Update keeps remote activities: its answer goes with
// the task that made the transition, and local ones would hold it until they finished (`npm run bench`,
// a legal event's p50: 53.5 ms with local effects, 41.7 ms with remote, 24.5 ms a bare Update). The
// start's read-back does wait for the start's own effects: once per case, and its 201 then says they
// are done. The loaded-calendar fetch is local: the window's Update awaits it either way.
// Each is still retried until it succeeds (locally first, then on a timer), and a task lost with its
// worker runs them again under the same ids, which the ports deduplicate. A case runs one local activity
// at a time (`oneAtATime` in runCase): two at once resolve in an order replay need not repeat (a
// nondeterminism error, found by test/workflows/promotion.test.ts when the window's calendar fetch and a
// notice overlapped).
const localOptions = { ...activityOptions, localRetryThreshold: '10 seconds' } as const;
const localEffects = proxyLocalActivities<EffectActivities>(localOptions);
const localCalendar = proxyLocalActivities<Pick<CalendarActivities, 'loadedHolidaySchedules'>>(localOptions);

/**
 * Patch ids: each marks a change to what a workflow does, so cases started before it replay as they ran.
 * Remove a patch (deprecatePatch, then delete) only once no case that started without it is still open.
 */
export const PATCHES = {
  /** Since 2026-11: the record is archived to the record store when a case closes. */
  archiveRecordOnClose: 'archive-record-on-close',
  /**
   * Since 2026-12: a case that opens a publicity window fetches the operators' loaded holiday years
   * itself (it was the API's second Update).
   */
  caseFetchesLoadedCalendar: 'case-fetches-loaded-calendar',
  /**
   * Since 2026-12: cases start under the second edition of the rules (domain/rules-edition.ts); cases
   * started before it keep the first, so a rule that refuses what was legal then never reaches them.
   */
  rulesOfSecondReview: 'rules-edition-2',
  /**
   * Since 2026-12: the case refuses a sender whose role the table does not name (domain/senders.ts),
   * before its machine sees the event, in every rules edition: a correction of a defect (a department's
   * or the committee's SERIOUS_PROBLEM_FOUND ended a probation), so it reaches cases already running.
   * Checked in the Update handler, per event: an event accepted before it replays as it was accepted.
   */
  senderRoles: 'sender-roles',
  /**
   * Since 2026-12: cases start under the third edition of the rules (issue 11: rotation checks influence
   * periods and 裸官 status, avoidance of the reverse line, inspection-team recusal).
   */
  rulesOfThirdEdition: 'rules-edition-3',
  /**
   * Since 2026-12: cases start under the fourth edition of the rules (issue 11: a 降职 or 免职 stays open
   * for 复核 and 申诉, with its timers; an upheld one reverses the change). Cases started before it close
   * as their decision takes effect, as they always did.
   */
  rulesOfFourthEdition: 'rules-edition-4',
  /**
   * Since 2026-12: a timer whose deadline had already passed when the case came to wait for it (a step
   * dated in the past armed it) fires stamped with its deadline — when its step happened — and says so in
   * the record; before, it was stamped with the workflow's time. Cases that waited before the patch keep
   * the stamps (and the deadlines counted from them) they replayed with.
   */
  datedSteps: 'dated-steps',
  /**
   * Since 2026-12: a closed case returns a CaseResult (its standing and where its record went), not its
   * whole view, which the archive activity's input already holds and the Query answers (issue 18: the
   * history of a long case carried the view twice at its close).
   */
  smallCaseResult: 'small-case-result',
  /**
   * Since 2026-12: the archive activity is handed the case's id and reads the case by its Query, instead
   * of carrying the whole view in its input (issue 18: the largest payload of a long case's history).
   * Asked only when archiveRecordOnClose holds.
   */
  archiveReadsTheCase: 'archive-reads-the-case',
  /**
   * Since 2026-12: 预警 for every stage (workflows/stage-warnings.ts): a timer per stage, the overdue
   * search attributes and notices. Cases started before it arm none of these timers.
   */
  stageWarnings: 'stage-warnings',
  /**
   * Since 2026-12: the effects of the start and of a timer's transition, the stage warnings' notices and
   * the loaded-calendar fetch run as local activities, in the workflow task that made the transition
   * (issue 18); an event's effects stay remote. Not the archive: it reads the case by its Query, which
   * a workflow task in progress cannot answer.
   * Asked where the first of them runs; a case that ran remote activities before it replays them so.
   */
  localEffects: 'local-effects',
  /**
   * Since 2026-12: a case started from this release on records this one marker, and every patch above
   * is in force for it without a marker of its own (`inForce`). The SDK adds a TemporalChangeVersion
   * upsert to each patch marker, so a new case carried two history events and a visibility write per
   * patch (issue 18, `npm run bench`: a promotion withdrawn at once had 44 events, 30 since).
   * Histories recorded before it carry no such marker, and ask each patch as they did.
   * A patch added after this one is asked on its own (or under a marker of a later release like this).
   */
  releaseOf202612: 'release-2026-12',
} as const;

type ReleasedPatch = Exclude<keyof typeof PATCHES, 'releaseOf202612'>;

/**
 * Whether a change is in force for this run: under the release marker (every case started since), or
 * under its own marker (a case recorded before the release, replaying as it ran). Live, both are true;
 * asking the release first is what keeps a new case to one marker.
 */
const inForce = (patch: ReleasedPatch): boolean =>
  patched(PATCHES.releaseOf202612) || patched(PATCHES[patch]);

const now = (): string => new Date(Date.now()).toISOString();

/**
 * Runs a case to its end. Anything that is not already a Temporal failure (a ZodError from a malformed
 * start, a bug in a machine) would otherwise fail the workflow task and retry forever: the case fails
 * visibly instead, with the reason.
 */
export async function hostCase(
  spec: AnyTrackSpec,
  input: unknown,
  origin?: CaseOrigin,
  run: CaseRun = {},
): Promise<CaseView | CaseResult> {
  try {
    // The name digests the API adds are not part of the track's start schema, which drops them.
    const nameKeys = cadreNameKeysOf(input);
    // Nor is the start's digest (domain/start-digest.ts): read here, and given back to a continued run.
    const parsed = spec.vocabulary.startSchema.parse(input) as object;
    return await runCase(spec, parsed, origin, run, nameKeys, startDigestOf(input));
  } catch (error) {
    throw asFailure(error, 'Case workflow failed');
  }
}

/** A session's refusal as the Update's failure, typed so the API maps it to 422 or 409. */
function asFailure(error: unknown, what: string): unknown {
  if (error instanceof ImportRefusedError) {
    const { refusal } = error;
    return ApplicationFailure.create({
      type: ImportRefused,
      message: error.message,
      details: [
        {
          step: { index: error.step, type: error.type },
          ...(refusal instanceof InvalidEventError ? { issues: refusal.issues } : {}),
          ...(refusal instanceof IllegalTransitionError ? refusal.details : {}),
        },
      ],
      nonRetryable: true,
    });
  }
  if (error instanceof InvalidEventError) {
    return ApplicationFailure.create({
      type: InvalidEvent,
      message: error.message,
      details: [{ issues: error.issues }],
      nonRetryable: true,
    });
  }
  if (error instanceof CaseLimitError) {
    return ApplicationFailure.create({
      type: CaseLimitReached,
      message: error.message,
      details: [{ limit: error.limit }],
      nonRetryable: true,
    });
  }
  if (error instanceof IllegalTransitionError) {
    return ApplicationFailure.create({
      type: IllegalTransition,
      message: error.message,
      details: [error.details],
      nonRetryable: true,
    });
  }
  // Continuing as new is thrown as an error: it must reach the SDK as it is.
  if (error instanceof TemporalFailure || error instanceof ContinueAsNew || isCancellation(error))
    return error;
  const detail =
    error instanceof ZodError
      ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      : String(error);
  log.error(what, { error: detail });
  return ApplicationFailure.nonRetryable(`${what}: ${detail}`, 'CaseWorkflowBug');
}

/**
 * How a run of a case began: fresh, or continued as new from an earlier run that carried the case. A
 * case continues as new before its history nears Temporal's limits (or when Temporal suggests it).
 */
export interface CaseRun {
  carried?: CarriedCase;
  /** History events after which the case continues as new; tests lower it. */
  historyLimit?: number;
}

type CaseWorkflowFunction = (
  input: unknown,
  origin?: CaseOrigin,
  run?: CaseRun,
) => Promise<CaseView | CaseResult>;

async function runCase(
  spec: AnyTrackSpec,
  input: object,
  origin: CaseOrigin | undefined,
  run: CaseRun,
  nameKeys: CadreNameKeys,
  startDigest: string | undefined,
) {
  const { workflowId } = workflowInfo();
  // First, before any other command: the edition is part of how the case's history replays. A continued
  // run keeps the edition in the case it carries.
  // Each edition's patch is asked only when the one before it holds, so an older case records no newer one.
  const rulesEdition: RulesEdition = !inForce('rulesOfSecondReview')
    ? 1
    : !inForce('rulesOfThirdEdition')
      ? 2
      : inForce('rulesOfFourthEdition')
        ? 4
        : 3;
  const session = new CaseSession(spec, workflowId, { ...input, rulesEdition }, origin, now(), run.carried);
  session.learnNameKeys(nameKeys);
  // A case brought in under way: its earlier steps, before anything else happens to it. A refused step
  // fails the case here, before any effect ran (the API checked the same steps before starting it).
  const broughtIn = !run.carried && (origin?.history?.length ?? 0) > 0;
  if (broughtIn) session.bringIn(origin?.history ?? [], now(), origin?.requestId);
  const historyLimit = run.historyLimit ?? HISTORY_EVENTS_BEFORE_CONTINUE;
  const historyIsLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= historyLimit;
  };
  const context = session.context as { department: string; caseId: string };
  const effectCase: EffectCase = {
    workflowId,
    track: spec.vocabulary.track,
    department: context.department,
    caseId: context.caseId,
  };

  /** Local activities one after another, in the order the case's code asked for them (see localOptions). */
  let lastLocal: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const result = lastLocal.then(run);
    lastLocal = result.catch(() => undefined);
    return result;
  };
  /** Runs an activity (`call(local)`): local, unless this run ran them remotely before the patch. */
  const runActivity = <T>(call: (local: boolean) => Promise<T>): Promise<T> =>
    inForce('localEffects') ? oneAtATime(() => call(true)) : call(false);
  /**
   * Whether the effects that run now follow a caller's event, whose Update's answer they must not hold:
   * set by each event, cleared by each timer's transition. Deterministic: set by what history replays.
   */
  let afterCallersEvent = false;
  /** Runs an effect's activity: remote after a caller's event (see localOptions). */
  const runEffectActivity = <T>(call: (local: boolean) => Promise<T>): Promise<T> =>
    afterCallersEvent ? call(false) : runActivity(call);

  /** What each search attribute was last set to (JSON), so an upsert carries only what changed. */
  const published = new Map<string, string>();
  const publish = () => {
    const view = session.view();
    const parties = session.parties();
    const next = view.deadlines[0];
    const attributes: SearchAttributeUpdatePair[] = [
      { key: CaseTrack, value: view.track },
      { key: CaseStage, value: view.state },
      { key: CaseDepartment, value: view.department },
      { key: CaseOutcome, value: view.outcome ?? null },
      { key: CaseCadres, value: parties.cadres },
      { key: CaseNominators, value: parties.nominators },
      // Added to the same upsert for cases already running: an upsert's content is not replayed, only
      // that there is one, so this needs no patch.
      { key: CaseSearchKeys, value: session.searchKeys() },
      { key: CaseNextDeadline, value: next ? new Date(next.at) : null },
      ...(spec.searchAttributes?.(session.context) ?? []),
      // Content only, like CaseSearchKeys: no patch. The overdue marks come with the patched watch.
      heldAttribute(view),
      ...(warnings?.searchAttributes() ?? []),
    ];
    // Every transition upserts, as it always has (an upsert's content is not replayed, only that there is
    // one): the stage each time, the rest only when it changed, so history grows by what changed and not
    // by every attribute again (`npm run bench`: a third of a long case's payload bytes were repeats).
    upsertSearchAttributes(
      attributes.filter(({ key, value }) => {
        const json = JSON.stringify(value ?? null);
        if (key.name !== CaseStage.name && published.get(key.name) === json) return false;
        published.set(key.name, json);
        return true;
      }),
    );
    setCurrentDetails(renderCurrentDetails(spec, view, session.subject(), warnings?.detailsLine()));
  };
  let warnings: StageWarnings | undefined;
  const apply = (event: StampedEvent) => {
    const from = session.state;
    session.apply(event);
    publish();
    // For the on-call engineer's log at LOG_LEVEL=debug (worker/telemetry.ts: the service's JSON lines);
    // names no person. Debug, not info: every step of every case is a line. A log is no command:
    // history and replay are unchanged, and replay does not log it again.
    log.debug(`${event.type}: ${from} → ${session.state}`, { event: event.type, from, to: session.state });
  };

  /** A window is open, computed over the built-in calendar, that can take the years operators loaded. */
  const windowOpen = () => session.legalEvents().includes('CALENDAR_UPDATED');
  const opensWindow = (event: StampedEvent) => event.type === 'PUBLICITY_STARTED' && windowOpen();
  const applyLoadedCalendar = async (opened: { requestId?: string }) => {
    const summary = `fetch the loaded holiday years for the publicity window · ${session.subject()}`;
    const schedules = await runActivity((local) =>
      (local ? localCalendar : calendar).loadedHolidaySchedules.executeWithOptions({ summary }, []),
    );
    if (schedules.length === 0) return;
    const update = {
      type: 'CALENDAR_UPDATED',
      at: now(),
      actor: HOLIDAY_CALENDAR,
      requestId: opened.requestId,
      schedules,
    };
    if (session.offer(update)) publish();
  };

  publish();
  setHandler(getCaseQuery, () => session.view());
  // The start's read-back (update-with-start), before any await so the start's first task answers it.
  const startRead = { startDigest, startRequestId: origin?.requestId };
  setHandler(startReadBackUpdate, () => ({ view: session.view(), ...startRead }), {
    validator: (arg) => requireSealed(arg, 'The start read-back'),
  });
  const handleEvent = async (raw: unknown) => {
    try {
      // Live, the patch is on (the validator already checked the sender); replaying an event accepted
      // before it, the machine alone decides, as it did then.
      const senders = inForce('senderRoles') ? 'checked' : 'machine';
      const event = session.check(raw, now(), { senders });
      const mark = session.mark;
      afterCallersEvent = true;
      apply(event);
      if (opensWindow(event) && inForce('caseFetchesLoadedCalendar')) await applyLoadedCalendar(event);
      return session.outcomeSince(mark, event.actor.role);
    } catch (error) {
      // Fails this Update, not the workflow task.
      throw asFailure(error, 'Event could not be applied');
    }
  };
  // The seal is read off the payload as it arrived: the typed handlers below copy it into a new object.
  const validateEvent = (raw: unknown, arrived: unknown = raw) => {
    requireSealed(arrived, 'The event');
    try {
      session.check(raw, now());
    } catch (error) {
      throw asFailure(error, 'Event could not be checked');
    }
  };
  // Each event type of the track is an Update of its own name, so the history reads VOTE_RECORDED,
  // PUBLICITY_STARTED… (a default handler would take every name, but runs no validator, so a refused
  // event would reach history). Registering handlers issues no command: no patch.
  for (const type of session.callerEventTypes()) {
    const typed = (payload: CaseEventPayload) => ({ ...(payload as object), type });
    setHandler(eventUpdate(type), (payload) => handleEvent(typed(payload)), {
      validator: (payload) => validateEvent(typed(payload), payload),
    });
  }
  // The one Update of earlier releases: histories recorded with it replay, and older callers still work.
  setHandler(sendEventUpdate, handleEvent, { validator: (raw) => validateEvent(raw) });
  // Brought in with its publicity window open: the window takes the loaded years, as a live start would.
  if (broughtIn && windowOpen()) await applyLoadedCalendar({ requestId: origin?.requestId });

  if (inForce('stageWarnings')) {
    warnings = new StageWarnings(
      {
        spec,
        view: () => session.view(),
        stage: () => session.state,
        closed: () => session.closed,
        publish,
        notify: (params, summary) => {
          const options = { summary: `${summary} · ${session.subject()}` };
          const input = { case: effectCase, params };
          return runActivity((local) =>
            (local ? localEffects : effects).notify.executeWithOptions(options, [input]),
          );
        },
        continued: run.carried !== undefined,
      },
      Date.now(),
    ).start();
  }

  for (;;) {
    await runEffects();
    if (session.closed) break;
    if (historyIsLong()) {
      // Between events, with every handler done and no effect waiting, the case carries itself on.
      await condition(allHandlersFinished);
      if (!session.hasPendingEffects) {
        // The steps brought in are in the carried record: the next run does not bring them in again.
        const carriedOrigin = origin?.history ? { ...origin, history: undefined } : origin;
        const carriedInput = startDigest ? { ...input, [START_DIGEST_FIELD]: startDigest } : input;
        return continueAsNew<CaseWorkflowFunction>(carriedInput, carriedOrigin, {
          carried: session.carry(),
          historyLimit,
        });
      }
      continue;
    }
    const seen = session.version;
    const changed = () => session.version !== seen || session.hasPendingEffects;
    const timer = session.nextTimer();
    if (!timer) {
      await condition(changed);
      continue;
    }
    const wait = Date.parse(timer.at) - Date.now();
    if (
      wait > 0 &&
      (await condition(changed, wait, { summary: `${timer.label.zh} · ${timer.label.en} → ${timer.event}` }))
    )
      continue;
    // Due before the case waited for it (a step dated in the past set it): it fires at once, dated then.
    const late = wait <= 0 && inForce('datedSteps');
    afterCallersEvent = false;
    if (session.fireTimer(timer, now(), { late })) publish();
    else
      log.warn('timer event refused by the machine; timer disarmed', {
        timer: timer.timer,
        state: session.state,
      });
  }
  await warnings?.stop();
  await condition(allHandlersFinished);
  if (inForce('archiveRecordOnClose')) {
    // The record must outlive Temporal's retention: it goes to the record store as the case closes.
    const location = await host.archiveCaseRecord.executeWithOptions(
      { summary: `archive the case record (纪实) · ${session.subject()}` },
      [inForce('archiveReadsTheCase') ? { workflowId } : session.view()],
    );
    session.archived(location);
  }
  const view = session.view();
  if (!inForce('smallCaseResult')) return view;
  const { workflowId: id, track, department, caseId, state, label, status, outcome, archivedTo } = view;
  return { workflowId: id, track, department, caseId, state, label, status, outcome, archivedTo };

  async function runEffects(): Promise<void> {
    for (let effect = session.takeEffect(); effect; effect = session.takeEffect()) {
      session.recordEffect(effect, now(), await runEffect(effect));
    }
  }

  /** One named effect: a child case opened, or the activity of its name run; what it produced, if anything. */
  async function runEffect(effect: NamedEffect): Promise<Record<string, unknown> | undefined> {
    if (isChildCaseEffect(effect.type)) {
      const plan = childCasePlan(effect.type, effect.params as never, { ...effectCase });
      // The child concerns one of this case's cadres: it is found by their name too.
      const cadreId = (plan.input.cadre as { id?: string } | undefined)?.id;
      const nameKey = cadreId === undefined ? undefined : session.nameKeyOf(cadreId);
      const input = nameKey
        ? { ...plan.input, [CADRE_NAME_KEYS_FIELD]: { [cadreId as string]: nameKey } }
        : plan.input;
      await startChild(plan.workflowType, {
        workflowId: plan.workflowId,
        args: [input, plan.origin],
        parentClosePolicy: 'ABANDON',
        staticSummary: plan.summary,
      });
      return { case: plan.workflowId };
    }
    if (!isActivityEffect(effect.type))
      throw new Error(`machine names effect "${effect.type}" but nothing runs it`);
    type Run = (typeof effects)['notify'];
    const type = effect.type;
    const options = { summary: `${effect.type} · ${session.subject()}` };
    const input = { case: effectCase, params: effect.params as EffectParams<'notify'> };
    await runEffectActivity((local) =>
      ((local ? localEffects : effects)[type] as Run).executeWithOptions(options, [input]),
    );
    return undefined;
  }
}
