import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseView, EventOutcome } from '../domain/case-view';

/**
 * The messages every case workflow answers, declared once so clients import the very same definitions.
 * An Update, not a Signal, carries events: the caller must learn at once whether the event was legal,
 * and the validator refuses an illegal one before it reaches history. Its result is small (an
 * EventOutcome: the state and what changed); the whole case is the Query's.
 */
export const sendEventUpdate = defineUpdate<EventOutcome, [unknown]>('sendEvent');
export const getCaseQuery = defineQuery<CaseView>('getCase');

/** Failure types the API maps to HTTP statuses. */
export const IllegalTransition = 'IllegalTransition';
export const InvalidEvent = 'InvalidEvent';
/** The case holds as much as one case may (reports, steps, record size): 429. */
export const CaseLimitReached = 'CaseLimitReached';
/**
 * The message was not sealed by the service's key (it came from a client of Temporal's port without it):
 * the actor it claims is not one the API authenticated, so the case refuses it (workflows/trust.ts).
 */
export const UntrustedMessage = 'UntrustedMessage';
