import { z } from 'zod';
import { callerActorSchema, historyStepSchema, type Track } from './case';
import { occurredAtSchema } from './dates';
import { eventOptionsOf, eventTypeOf } from './event-schemas';
import { trackCatalogue, trackTitle, type WorkflowType } from './tracks';

/**
 * A step taken before the case was brought in, as a start body carries it: an event of the track (its
 * type and fields, as POST …/events takes them), when it happened, and — for the organization department
 * only, e.g. a committee's vote — who took it; absent, the caller did.
 */
const startHistoryStepSchema = historyStepSchema.extend({
  actor: callerActorSchema
    .optional()
    .describe('Who took the step; absent, the caller. Only the organization department names another'),
});
export type StartHistoryStep = z.infer<typeof startHistoryStepSchema>;

/** What any start may add: when the case began, and the steps it took before it was brought in. */
const underWayShape = {
  occurredAt: occurredAtSchema
    .optional()
    .describe('When the case began (its first step); absent: now, or the first step of `history`'),
  history: z
    .array(startHistoryStepSchema)
    .max(500)
    .optional()
    .describe(
      "A case already under way: the steps it took before, in order, each dated. Each is applied through the case's machine as if sent live then (content, actor, rules, date order); the first one refused refuses the whole start (409 or 422, naming the step) and no case is left behind",
    ),
};

/** Starting a case of any track: one body, discriminated by `track`. */
export const startCaseSchema = z.discriminatedUnion('track', [
  trackCatalogue.promotion.startSchema.extend({ track: z.literal('promotion'), ...underWayShape }),
  trackCatalogue.rotation.startSchema.extend({ track: z.literal('rotation'), ...underWayShape }),
  trackCatalogue.demotion.startSchema.extend({ track: z.literal('demotion'), ...underWayShape }),
  trackCatalogue.probation.startSchema.extend({ track: z.literal('probation'), ...underWayShape }),
]);
export type StartCase = z.infer<typeof startCaseSchema>;

type EventOption = z.ZodObject<{ type: z.ZodLiteral<string> }>;

/**
 * Every event a caller may send, to a case of any track; the case's own machine decides legality. Tracks
 * share fragments (vote, publicity, supervision…), and a shared event type is the very same schema, so
 * one entry per type is enough.
 */
const uniqueEventOptions = [
  ...new Map(
    Object.values(trackCatalogue)
      .flatMap((track) => eventOptionsOf(track.eventSchema))
      .map((option) => [eventTypeOf(option), option]),
  ).values(),
];

/**
 * An event option without `actor` and `requestId`, keeping its refinements (zod's `.omit()` refuses a
 * refined object, e.g. the vote's impossible-tally check, domain/steps/vote.ts).
 */
function withoutEnvelopeIds(option: EventOption): EventOption {
  const { actor: _actor, requestId: _requestId, ...shape } = option.shape as Record<string, z.ZodType>;
  const base = z.object(shape);
  const checks = (option.def.checks ?? []) as Parameters<typeof base.check>;
  return (checks.length > 0 ? base.check(...checks) : base) as unknown as EventOption;
}

/**
 * An event as a department system sends it over HTTP: the actor is not in the body, it is the caller
 * the API token identifies.
 */
export const apiEventSchema = z.discriminatedUnion(
  'type',
  uniqueEventOptions.map(withoutEnvelopeIds) as unknown as [EventOption, ...EventOption[]],
);
export type ApiEvent = { type: string } & Record<string, unknown>;

/** The workflow type that runs each track, as the Temporal UI shows it. */
export const workflowTypeFor = Object.fromEntries(
  Object.values(trackCatalogue).map((t) => [t.track, t.workflowType]),
) as { [T in Track]: (typeof trackCatalogue)[T]['workflowType'] } satisfies Record<Track, WorkflowType>;

/** The one line the Temporal UI shows for a case: track, who, which post. */
export function staticSummaryFor(start: StartCase): string {
  const subject = trackCatalogue[start.track].subject as (s: StartCase) => string;
  return `${trackTitle(start.track)} · ${subject(start)}`;
}
