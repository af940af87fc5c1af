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

/** The workflow type that runs each track, as the Temporal UI shows it. */
export const workflowTypeFor = { probation: 'probationCase' } as const satisfies Record<
  StartCase['track'],
  string
>;
