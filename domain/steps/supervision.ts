import { z } from 'zod';
import { eventEnvelope } from '../case';
import { nonBlankText } from '../text';

/**
 * Supervision (监督): reports (举报) reach any open case. During publicity (and probation) a report holds
 * the case until it is verified (核查): cleared → the case goes on; substantiated → it ends. Elsewhere a
 * report is recorded and the organization department told, without holding.
 *
 * A case may hold several reports at once; it goes on only when the last pending one is cleared, and any
 * one substantiated ends it. Verification events name the report, so a late or repeated result for a
 * report that is not pending is refused. Recorded (non-holding) reports are not verified through the case:
 * they feed the organization department's own handling (the inspection, or a withdrawal).
 */
const reportIdSchema = nonBlankText(64).describe("The reporting channel's id for the report");

export const reportChannels = ['mailbox', 'online', 'letter', 'visit', 'phone', 'other'] as const;

export const reportFiledEventSchema = z.object({
  type: z.literal('REPORT_FILED'),
  ...eventEnvelope,
  reportId: reportIdSchema,
  channel: z.enum(reportChannels).describe('举报信箱, 网上举报, 来信, 来访, 电话, …'),
  summary: nonBlankText(4000),
  concerns: z.string().min(1).max(64).optional().describe('Id of the cadre the report names, if any'),
});

const verificationFields = {
  ...eventEnvelope,
  reportId: reportIdSchema,
  findings: nonBlankText(4000),
};
export const verificationClearedEventSchema = z.object({
  type: z.literal('VERIFICATION_CLEARED'),
  ...verificationFields,
});
export const verificationSubstantiatedEventSchema = z.object({
  type: z.literal('VERIFICATION_SUBSTANTIATED'),
  ...verificationFields,
});

export type ReportFiled = z.infer<typeof reportFiledEventSchema>;
