import {
  ActivityFailure,
  continueAsNew,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { CalendarActivities, DeliveryOutcome } from '../../activities/calendar';
import type { CalendarFanOutResult } from '../../domain/holiday-calendar';
import type { CalendarBroadcast } from './session';

const listing = proxyActivities<CalendarActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});
// A case that keeps failing (its workflow task broken, say) must not hold the load's answer for long: after
// a few attempts it is reported in casesFailed, as the API reported it before, and operators act.
const delivery = proxyActivities<CalendarActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** Deliveries in flight at once: enough to keep a load's answer quick, few enough to spare the workers. */
const PARALLEL_DELIVERIES = 10;

export interface CalendarFanOutInput extends CalendarBroadcast {
  /** Where a continued run resumes listing, and what the runs before it delivered. */
  pageToken?: string;
  done?: CalendarFanOutResult;
}

/**
 * Delivers a load to every open case in publicity: a page of the listing, then one activity per case. A
 * workflow, not a loop in the HTTP request, so that a crash midway loses no case: completed deliveries are
 * in history and the rest resume. A child of the calendar entity, so the entity's own history stays a few
 * events per load however many cases there are; it continues as new between pages when its own grows.
 */
export async function holidayCalendarFanOut(input: CalendarFanOutInput): Promise<CalendarFanOutResult> {
  const result: CalendarFanOutResult = input.done ?? { casesUpdated: [], casesFailed: [] };
  // One Update id per fan-out and case (stable across this fan-out's continue-as-new runs).
  const updateId = `calendar-load-${workflowInfo().firstExecutionRunId}`;
  let pageToken = input.pageToken;
  do {
    const page = await listing.listCasesInPublicity({ pageToken });
    for (let i = 0; i < page.workflowIds.length; i += PARALLEL_DELIVERIES) {
      const batch = page.workflowIds.slice(i, i + PARALLEL_DELIVERIES);
      const outcomes = await Promise.all(batch.map((workflowId) => deliver(workflowId, input, updateId)));
      batch.forEach((workflowId, index) => {
        const outcome = outcomes[index] as DeliveryOutcome;
        if (outcome.outcome === 'updated') result.casesUpdated.push(workflowId);
        if (outcome.outcome === 'refused') result.casesFailed.push({ workflowId, why: outcome.why });
      });
    }
    pageToken = page.nextPageToken;
    if (pageToken && workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof holidayCalendarFanOut>({ ...input, pageToken, done: result });
    }
  } while (pageToken);
  return result;
}

async function deliver(
  workflowId: string,
  { schedules, actor, requestId, year }: CalendarBroadcast,
  updateId: string,
): Promise<DeliveryOutcome> {
  try {
    return await delivery.deliverCalendarUpdate.executeWithOptions(
      { summary: `CALENDAR_UPDATED (${year}) → ${workflowId}` },
      [{ workflowId, schedules, actor, requestId, updateId }],
    );
  } catch (error) {
    if (!(error instanceof ActivityFailure) || isCancellation(error)) throw error;
    return { outcome: 'refused', why: error.cause?.message ?? error.message };
  }
}
