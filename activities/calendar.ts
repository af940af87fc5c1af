import type { YearSchedule } from '../domain/holiday-schedule';
import type { CalendarUpdated } from '../domain/steps/publicity';

/**
 * The holiday calendar's activities: a case fetches the loaded years when it opens a publicity window, and
 * a load's fan-out lists the cases in publicity and delivers the schedules to each, one activity per case
 * (retried on its own; after a crash the fan-out resumes with the cases not yet delivered).
 *
 * What they need of Temporal is a port, not a client: the worker implements it over a Temporal client
 * (worker/calendar-ports.ts), where the message definitions and search attributes live, and tests pass
 * fakes.
 */
export interface CalendarPorts {
  /** The schedules the calendar entity holds; undefined when it was never started (nothing loaded). */
  loadedSchedules(): Promise<YearSchedule[] | undefined>;
  /** One page of the open cases whose stage is publicity (Temporal visibility). */
  casesInPublicity(pageToken?: string): Promise<CasePage>;
  /** The event types the case accepts now; undefined when the case is closed or gone. */
  legalEvents(workflowId: string): Promise<string[] | undefined>;
  /**
   * Sends the event as the case's CALENDAR_UPDATED Update, under `updateId`: Temporal answers a repeat of the
   * same id with the first outcome, so a retried delivery never records the event twice.
   */
  sendEvent(workflowId: string, event: CalendarUpdated, updateId: string): Promise<SendOutcome>;
}

interface CasePage {
  workflowIds: string[];
  nextPageToken?: string;
}

/** A refusal is the case's answer (its machine said no); anything else throws and is retried. */
type SendOutcome = { accepted: true } | { accepted: false; why: string };

interface CalendarDelivery {
  workflowId: string;
  schedules: YearSchedule[];
  actor: CalendarUpdated['actor'];
  requestId?: string;
  /** Names this delivery for Temporal's Update deduplication: one per fan-out and case. */
  updateId: string;
}

export type DeliveryOutcome =
  | { outcome: 'updated' }
  | { outcome: 'skipped'; why: string }
  | { outcome: 'refused'; why: string };

export interface CalendarActivities {
  /**
   * The year schedules operators loaded, for a case that computes a publicity window: empty when none
   * was ever loaded. Each replaces the built-in calendar's schedule for its year.
   */
  loadedHolidaySchedules(): Promise<YearSchedule[]>;
  listCasesInPublicity(input: { pageToken?: string }): Promise<CasePage>;
  deliverCalendarUpdate(delivery: CalendarDelivery): Promise<DeliveryOutcome>;
}

export function createCalendarActivities(ports: CalendarPorts): CalendarActivities {
  return {
    async loadedHolidaySchedules() {
      return (await ports.loadedSchedules()) ?? [];
    },
    listCasesInPublicity: ({ pageToken }) => ports.casesInPublicity(pageToken),
    async deliverCalendarUpdate({ workflowId, schedules, actor, requestId, updateId }) {
      // Listed by its stage, which visibility may show a moment late: the case itself says whether its
      // publicity takes the update now.
      const legal = await ports.legalEvents(workflowId);
      if (legal === undefined) return { outcome: 'skipped', why: 'the case is closed' };
      if (!legal.includes('CALENDAR_UPDATED')) {
        return { outcome: 'skipped', why: 'CALENDAR_UPDATED is not legal in its state now' };
      }
      const event: CalendarUpdated = { type: 'CALENDAR_UPDATED', schedules, actor, requestId };
      const sent = await ports.sendEvent(workflowId, event, updateId);
      return sent.accepted ? { outcome: 'updated' } : { outcome: 'refused', why: sent.why };
    },
  };
}
