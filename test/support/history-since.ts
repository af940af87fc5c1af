import type { WorkflowHandle } from '@temporalio/client';

/**
 * What a case's history gained since event `from`, less the workflow tasks themselves: what a refused
 * event must leave empty. The tasks are left out because Temporal may keep the one that carried a
 * refused Update — the time-skipping test server always does, and the dev server does once after a
 * task that ran local activities (patch local-effects) — but never a command or the Update in it.
 */
export async function historySince(handle: WorkflowHandle, from: number) {
  const events = (await handle.fetchHistory()).events ?? [];
  return events
    .slice(from)
    .filter(
      (e) =>
        !e.workflowTaskScheduledEventAttributes &&
        !e.workflowTaskStartedEventAttributes &&
        !e.workflowTaskCompletedEventAttributes,
    );
}
