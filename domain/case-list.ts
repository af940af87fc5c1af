import { z } from 'zod';
import { departmentIdSchema, trackSchema } from './case';
import { unitSearchKey } from './search-keys';

/** Filters for listing cases; values are restricted so they can be put into a visibility query safely. */
const keyword = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._:-]+$/u, 'letters, digits, ".", "_", ":" or "-"');

export const caseListQuerySchema = z.object({
  track: trackSchema.optional(),
  stage: keyword.optional().describe('Machine state, e.g. "review" or "publicity"'),
  department: departmentIdSchema.optional(),
  nominator: keyword.optional(),
  cadre: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe(
      "A cadre's id (e.g. C-1001) or their exact name (e.g. 李明; spaces do not count): cases concerning them, a promotion's nominees included",
    ),
  unit: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .refine((unit) => unitSearchKey(unit) !== undefined, 'a unit name, with letters or digits')
    .optional()
    .describe(
      'A unit, exactly as the case names it (e.g. 区财政局): cases whose current or proposed post is in it',
    ),
  status: z.enum(['open', 'closed']).optional(),
  deadlineFrom: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Next deadline at or after (ISO instant)'),
  deadlineTo: z.iso.datetime({ offset: true }).optional().describe('Next deadline before (ISO instant)'),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  pageToken: z
    .string()
    .max(4096)
    .regex(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/, 'a nextPageToken this API gave')
    .optional()
    .describe('The nextPageToken of the previous page, as it came'),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

const caseSummarySchema = z.object({
  workflowId: z.string(),
  department: z.string().optional(),
  caseId: z.string(),
  track: z.string().optional(),
  stage: z.string().optional(),
  outcome: z.string().optional(),
  status: z.string().describe('Temporal execution status: RUNNING, COMPLETED, FAILED, TERMINATED…'),
  cadres: z.array(z.string()),
  nominators: z.array(z.string()),
  nextDeadline: z.string().optional(),
  held: z.boolean().optional().describe('Held: a report awaits verification (CaseHeld)'),
  overdue: z
    .object({
      stage: z.string().describe('The stage the case has overstayed (CaseOverdue)'),
      since: z.string().optional().describe('When it became overdue (CaseOverdueSince, ISO instant)'),
      escalated: z.boolean().describe('Escalated after a second period (CaseOverdueEscalated)'),
    })
    .optional()
    .describe('预警: the case is past its stage’s expected time (policy.*StageDays)'),
  startedAt: z.string().optional(),
  closedAt: z.string().optional(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseListSchema = z.object({
  cases: z.array(caseSummarySchema),
  nextPageToken: z.string().optional().describe('Pass as pageToken for the next page; absent on the last'),
});

export const ledgerSchema = z.object({
  nominator: z.string(),
  totals: z.record(z.string(), z.number().int()).describe('Cases by outcome ("open" while running)'),
  cases: z.array(caseSummarySchema),
});
export type Ledger = z.infer<typeof ledgerSchema>;
