import { z } from 'zod';
import { occurredAtSchema } from './dates';
import { ladderRankSchema } from './ranks';

/**
 * The vocabulary every track shares: who a case belongs to, who acts, whom it concerns.
 * api/, workflows/ and activities/ all import these; nothing is declared twice.
 */

/** Department and case ids make the workflow id, so they are kept URL- and UI-friendly. */
const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter or digit');

export const departmentIdSchema = slug.describe('Requesting department, e.g. "district-finance"');
export const caseIdSchema = slug.describe('The department\'s own id for the case, e.g. "2026-017"');

export const tracks = ['promotion', 'rotation', 'demotion', 'probation'] as const;
export const trackSchema = z.enum(tracks);
export type Track = z.infer<typeof trackSchema>;

/** Who can act on a case. `system` is the workflow itself (its timers); no caller may claim it. */
const actorRoles = ['organization_department', 'department', 'committee', 'system'] as const;
export const actorSchema = z.object({
  id: z.string().min(1).max(128),
  role: z.enum(actorRoles),
  name: z.string().max(128).optional(),
});
export type Actor = z.infer<typeof actorSchema>;
export const callerActorSchema = actorSchema.extend({
  role: z.enum(['organization_department', 'department', 'committee']),
});

const rankSchema = z.string().min(1).max(64).describe('Rank (职级), e.g. "正科" or "副处"');

export const postSchema = z.object({
  unit: z.string().min(1).max(128),
  title: z.string().min(1).max(128),
  rank: rankSchema,
  leadershipTeam: z.boolean().default(false),
  carriesProbation: z.boolean().default(false),
});
export type Post = z.infer<typeof postSchema>;

/** A post whose rank must be one of the ladder's (compared with other ranks, so never free text). */
export const ladderPostSchema = postSchema.extend({ rank: ladderRankSchema });

export const cadreSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(64),
});
export type Cadre = z.infer<typeof cadreSchema>;

/**
 * Every event a caller sends carries who sent it and, optionally, why and when it happened (absent: now,
 * as every event was before dated steps). The service keeps its own time of recording beside it.
 */
export const eventEnvelope = {
  actor: callerActorSchema,
  reason: z.string().max(2000).optional(),
  occurredAt: occurredAtSchema.optional(),
  /** The HTTP request that carried the event, so logs and the case record meet. */
  requestId: z.string().max(128).optional(),
};

export const caseRefSchema = z.object({ department: departmentIdSchema, caseId: caseIdSchema });
export type CaseRef = z.infer<typeof caseRefSchema>;

export const workflowIdFor = (ref: CaseRef): string => `${ref.department}/${ref.caseId}`;

/**
 * A step a case already under way took before it was brought in: an event of its track as a caller sends
 * it (type and fields), dated, and the actor who took it. The case applies each through its machine, in
 * order, as if it had been sent live then.
 */
export const historyStepSchema = z.looseObject({
  type: z.string().min(1).max(64).describe('The event type, e.g. "MOTION_ADOPTED"'),
  occurredAt: occurredAtSchema,
  actor: callerActorSchema,
});

/**
 * Who started a case and through which request: the first entry of its record. A case brought in under
 * way also says when it began and carries the steps it took before.
 */
const caseOriginSchema = z.object({
  startedBy: actorSchema,
  requestId: z.string().max(128).optional(),
  occurredAt: occurredAtSchema.optional(),
  history: z.array(historyStepSchema).optional(),
});
export type CaseOrigin = z.infer<typeof caseOriginSchema>;

/**
 * What the host adds or decides. `at` is its stamp, not part of any caller schema: when the step happened
 * (the caller's `occurredAt` as an instant, else the host's time), so every date a rule compares and every
 * timer counts from when the department lived the step; `recordedAt` is the host's own clock, for "not in
 * the future" checks. The actor may be the system (timer events, calendar data the host loads), which
 * `callerActorSchema` rightly refuses from a caller. Whether an actor may take a step is a guard's
 * question (machines/fragments/actors.ts), not a parse error.
 */
export const machineStampShape = { at: z.string(), recordedAt: z.string().optional(), actor: actorSchema };
