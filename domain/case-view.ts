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
  at: z
    .string()
    .describe(
      'When the step happened, as an ISO instant (UTC): its occurredAt (a date alone reads as the start of that China day), else when it was recorded',
    ),
  occurredAt: z
    .string()
    .optional()
    .describe(
      'When the step happened, as stated (a date, or a date and time); the service time when none was',
    ),
  recordedAt: z.string().optional().describe("When the service recorded it (the service's clock, UTC)"),
  imported: z
    .boolean()
    .optional()
    .describe('A step the case took before it was brought in (POST /v1/cases with `history`)'),
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

/** An effect an event set going, still running when the event is answered. */
const followingEffectSchema = z.object({
  type: z.string().describe('The effect, e.g. "notify", "appointToPost", "startProbation"'),
  label: labelSchema,
  kind: z.string().optional().describe('For a notice: which notice'),
  to: z.string().optional().describe('For a notice: to whom'),
});
export type FollowingEffect = z.infer<typeof followingEffectSchema>;

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
  .extend({
    applied: z.array(recordEntrySchema).describe('The record entries this event added'),
    following: z
      .array(followingEffectSchema)
      .describe(
        'Effects the event set going that are still running when it is answered (notices, registry writes, a case of its own): the record will grow by one entry for each',
      ),
  });
export type EventOutcome = z.infer<typeof eventOutcomeSchema>;
