import { z } from 'zod';
import { eventEnvelope } from '../case';
import { isoInstantSchema } from '../dates';
import { yearScheduleSchema } from '../holiday-schedule';
import { nonBlankText } from '../text';
/**
 * Pre-appointment publicity (任前公示): at least the policy's working days (5) on the mainland calendar,
 * in the original unit, the proposed unit and the media; the window closes at the end of its last working
 * day (publicityWindow's `closesAt`, an exclusive bound in UTC). A window over a year whose holiday notice
 * the calendar lacks is provisional and operators are told; when they load that year's schedule
 * (CALENDAR_UPDATED), the running window is recomputed and its timer corrected.
 *
 * A report in the window holds the case (supervision.ts). The window keeps running while held; if it
 * closes first, that is recorded and appointment waits for the verification, which then leads straight
 * to appointment. Special posts (特殊岗位, flagged at start) may skip publicity, by an explicit recorded
 * waiver of the organization department — never silently.
 */
export const publicityVenues = ['original_unit', 'proposed_unit', 'media'] as const;

export const publicityStartedEventSchema = z.object({
  type: z.literal('PUBLICITY_STARTED'),
  ...eventEnvelope,
  publishedAt: isoInstantSchema
    .optional()
    .describe(
      "When the notice went up; the window counts from its China date. Absent: the step's occurredAt (else now)",
    ),
  venues: z.array(z.enum(publicityVenues)).min(1).describe('Where it was published: all three are required'),
});
export const publicityWaivedEventSchema = z.object({
  type: z.literal('PUBLICITY_WAIVED'),
  ...eventEnvelope,
  basis: nonBlankText(2000).describe('Why this special post is exempt'),
});
export const calendarUpdatedEventSchema = z.object({
  type: z.literal('CALENDAR_UPDATED'),
  ...eventEnvelope,
  schedules: z
    .array(yearScheduleSchema)
    .min(1)
    .describe('Official holiday schedules (国务院办公厅通知) by year'),
});
export type PublicityStarted = z.infer<typeof publicityStartedEventSchema>;
export type CalendarUpdated = z.infer<typeof calendarUpdatedEventSchema>;
