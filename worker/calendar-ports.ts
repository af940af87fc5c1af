import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { CalendarPorts } from '../activities/calendar';
import { sendCaseEvent } from '../api/case-events';
import { isNotFound } from '../api/temporal-errors';
import { getHolidayCalendarQuery, holidayCalendarWorkflowId } from '../workflows/holiday-calendar/messages';
import { type CaseEventPayload, getCaseQuery } from '../workflows/messages';
import { CaseStage, CaseTrack } from '../workflows/search-attributes';

const PAGE_SIZE = 100;

/** Every open case whose stage is publicity (publicity.pending, publicity.open, …). */
export const casesInPublicityQuery = `${CaseTrack.name} IS NOT NULL AND ExecutionStatus = 'Running' AND ${CaseStage.name} STARTS_WITH 'publicity'`;

/** The calendar activities' port over a Temporal client: the entity's Query, visibility, the cases' messages. */
export function temporalCalendarPorts(client: Client): CalendarPorts {
  return {
    async loadedSchedules() {
      try {
        const view = await client.workflow
          .getHandle(holidayCalendarWorkflowId)
          .query(getHolidayCalendarQuery);
        return view.schedules;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async casesInPublicity(pageToken) {
      const response = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query: casesInPublicityQuery,
        pageSize: PAGE_SIZE,
        nextPageToken: pageToken ? Buffer.from(pageToken, 'base64') : undefined,
      });
      const next = response.nextPageToken?.length
        ? Buffer.from(response.nextPageToken).toString('base64')
        : undefined;
      return {
        workflowIds: (response.executions ?? []).flatMap((e) => e.execution?.workflowId ?? []),
        nextPageToken: next,
      };
    },
    async legalEvents(workflowId) {
      try {
        const view = await client.workflow.getHandle(workflowId).query(getCaseQuery);
        return view.status === 'open' ? view.legalEvents : undefined;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async sendEvent(workflowId, event, updateId) {
      try {
        await sendCaseEvent(
          client.workflow.getHandle(workflowId),
          event as { type: string } & CaseEventPayload,
          updateId,
        );
        return { accepted: true };
      } catch (error) {
        // The case's machine or schema refused it, or it closed since: its answer, not a fault to retry.
        if (error instanceof WorkflowUpdateFailedError) {
          return { accepted: false, why: error.cause?.message ?? error.message };
        }
        if (isNotFound(error))
          return { accepted: false, why: 'the case closed before the update reached it' };
        throw error;
      }
    },
  };
}
