import { z } from 'zod';
import { actorSchema, trackSchema } from './case';
import { labelSchema } from './label';

/** How a case looks from outside: what the Query returns and the API serves. One schema for both. */

const deadlineSchema = z.object({
  timer: z.string().describe('Timer name, e.g. "probationExpiry"'),
  event: z.string().describe('Event the timer raises when it fires'),
  at: z.string().describe('When it fires (ISO instant, UTC)'),
  label: labelSchema,
});
export type DeadlineView = z.infer<typeof deadlineSchema>;

const recordEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.enum(['started', 'transition', 'effect']),
  type: z.string().describe('Event type, or the effect that ran'),
  actor: actorSchema,
  reason: z.string().optional(),
  requestId: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});
export type RecordEntry = z.infer<typeof recordEntrySchema>;

export const caseViewSchema = z.object({
  workflowId: z.string(),
  track: trackSchema,
  department: z.string(),
  caseId: z.string(),
  state: z.string().describe('Current state, dotted for nested states'),
  label: labelSchema,
  status: z.enum(['open', 'closed']),
  outcome: z.string().optional(),
  legalEvents: z.array(z.string()).describe('Event types a caller may send now'),
  deadlines: z.array(deadlineSchema).describe('Armed timers, earliest first'),
  context: z.record(z.string(), z.unknown()).describe("The track's case data: parties, posts, policy"),
  record: z.array(recordEntrySchema).describe('The case record (纪实): every step, who, when, why'),
  stageLabels: z
    .record(z.string(), labelSchema)
    .optional()
    .describe("The labels of the states the record's entries name in `from` and `to`"),
  archivedTo: z.string().optional().describe("Where the closed case's record was archived"),
});
export type CaseView = z.infer<typeof caseViewSchema>;

/**
 * What sending an event answers: where the case stands now and the record entries the event added. Small
 * on purpose: Temporal keeps every Update's result in the case's history, so a result carrying the whole
 * view would make history grow with the square of the case's length. The whole view is a read.
 */
export const eventOutcomeSchema = caseViewSchema
  .pick({
    workflowId: true,
    track: true,
    department: true,
    caseId: true,
    state: true,
    label: true,
    status: true,
    outcome: true,
    legalEvents: true,
    deadlines: true,
  })
  .extend({ applied: z.array(recordEntrySchema).describe('The record entries this event added') });
export type EventOutcome = z.infer<typeof eventOutcomeSchema>;
