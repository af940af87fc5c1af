import { z } from 'zod';
import { probationEventSchema, probationStartSchema } from './probation';

/**
 * Starting a case of any track: one body, discriminated by `track`. Tracks join this union as they land.
 */
export const startCaseSchema = z.discriminatedUnion('track', [
  probationStartSchema.extend({ track: z.literal('probation') }),
]);
export type StartCase = z.infer<typeof startCaseSchema>;

/** Every event a caller may send, to a case of any track; the case's own machine decides legality. */
export const caseEventSchema = z.discriminatedUnion('type', [...probationEventSchema.options]);
export type CaseEvent = z.infer<typeof caseEventSchema>;

/**
 * An event as a department system sends it over HTTP: the actor is not in the body, it is the caller
 * the API token identifies.
 */
export const apiEventSchema = z.discriminatedUnion(
  'type',
  (caseEventSchema.options as z.ZodObject[]).map((option) =>
    option.omit({ actor: true, requestId: true }),
  ) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<string> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<string> }>[],
  ],
);
export type ApiEvent = z.infer<typeof apiEventSchema>;

/** The workflow type that runs each track, as the Temporal UI shows it. */
export const workflowTypeFor = { probation: 'probationCase' } as const satisfies Record<
  StartCase['track'],
  string
>;
