import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/case';
import type { CaseView, EventOutcome } from '../domain/case-view';

/**
 * The messages every case workflow answers, declared once so clients import the very same definitions.
 * An Update, not a Signal, carries events: the caller must learn at once whether the event was legal,
 * and the validator refuses an illegal one before it reaches history. Its result is small (an
 * EventOutcome: the state and what changed); the whole case is the Query's.
 */

/**
 * An event's fields as its Update carries them: everything but the type, which is the Update's name. The
 * track's own schema judges the rest (the validator), so this type only says what every event has.
 */
export type CaseEventPayload = {
  actor: Actor;
  reason?: string;
  requestId?: string;
  occurredAt?: string;
} & Record<string, unknown>;

/**
 * One Update per event type, named by it (`VOTE_RECORDED`, `PUBLICITY_STARTED`, …), so the Web UI's
 * history reads as the case's story. Each case registers the types of its track, each with the same
 * validator; a type its track does not know is refused before it is accepted ("No registered handler").
 */
export const eventUpdate = (type: string): UpdateDefinition<EventOutcome, [CaseEventPayload], string> =>
  defineUpdate<EventOutcome, [CaseEventPayload]>(type);

/** What the Temporal SDK refuses an Update with when the case has no handler of that name. */
export const NO_UPDATE_HANDLER = 'No registered handler for update';

/**
 * The one Update every event used to go by, its type in its payload. Kept: histories recorded with it
 * replay, and it still takes any event (a caller of an older API, or one whose case predates the named
 * Updates).
 */
export const sendEventUpdate = defineUpdate<EventOutcome, [unknown]>('sendEvent');
export const getCaseQuery = defineQuery<CaseView>('getCase');

/**
 * The start's read-back (issue 18: one round trip per start). The API starts a case with update-with-start
 * and this Update, so the answer to POST /v1/cases comes back with the start, in the case's first workflow
 * task, instead of a start and then a Query. It changes nothing: it answers the case as the Query does,
 * plus which start the case came from — the digest of its content (domain/start-digest.ts) and the
 * request id that started it — from which the API tells a 201 (this request started it, or this is its
 * retry) from a 200 (the same start again) from a 409 (another start under the same id). Its id is
 * `start:<request id>`, so a retried request is deduplicated by Temporal and answered the same. Named in
 * camelCase like `getCase`, not like an event's Update: it is no step of the case.
 */
export type StartReadBack = { view: CaseView; startDigest?: string; startRequestId?: string };
export const startReadBackUpdate = defineUpdate<StartReadBack, [{ requestId?: string }]>('startReadBack');
export const startReadBackUpdateId = (requestId: string): string => `start:${requestId}`;

/**
 * What a case workflow returns as it closes: where it ended and where its record went. The whole case is
 * the Query's (it answers on a closed case too); a result carrying it put the whole view in history a
 * second time, beside the archive activity's input. Cases that closed before PATCHES.smallCaseResult
 * returned the whole view, so a result may still be one.
 */
export type CaseResult = Pick<
  CaseView,
  'workflowId' | 'track' | 'department' | 'caseId' | 'state' | 'label' | 'status' | 'outcome' | 'archivedTo'
>;

/** Failure types the API maps to HTTP statuses. */
export const IllegalTransition = 'IllegalTransition';
export const InvalidEvent = 'InvalidEvent';
/** The case holds as much as one case may (reports, steps, record size): 429. */
export const CaseLimitReached = 'CaseLimitReached';
/** A step of a start's history was refused (the API checks first, so a case rarely fails so). */
export const ImportRefused = 'ImportRefused';
/**
 * The message was not sealed by the service's key (it came from a client of Temporal's port without it):
 * the actor it claims is not one the API authenticated, so the case refuses it (workflows/trust.ts).
 */
export const UntrustedMessage = 'UntrustedMessage';
