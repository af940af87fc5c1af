import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import type { EventOutcome } from '../domain/case-view';
import {
  type CaseEventPayload,
  eventUpdate,
  NO_UPDATE_HANDLER,
  sendEventUpdate,
} from '../workflows/messages';

/** The case has no Update of that name: its track lacks the type, or its worker predates named Updates. */
function noHandler(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateFailedError && (error.cause?.message ?? '').startsWith(NO_UPDATE_HANDLER)
  );
}

/**
 * Sends one event to a case as the Update of its own name (VOTE_RECORDED, …). A case without that name
 * is sent the event through `sendEvent`, which judges it as every case did before named Updates: a type
 * of another track is then refused as invalid content (422), and a case whose worker is older still
 * takes it. The refused first try never reached history (Temporal rejects an Update without a handler
 * before accepting it), so the event is applied at most once either way.
 */
export async function sendCaseEvent(
  handle: WorkflowHandle,
  event: { type: string } & CaseEventPayload,
  updateId?: string,
): Promise<EventOutcome> {
  const { type, ...payload } = event;
  try {
    return await handle.executeUpdate(eventUpdate(type), { args: [payload as CaseEventPayload], updateId });
  } catch (error) {
    if (!noHandler(error)) throw error;
    return handle.executeUpdate(sendEventUpdate, { args: [event], updateId });
  }
}
