import { z } from 'zod';
import { demotionEventSchema, demotionStartSchema } from './tracks/demotion';
import { probationEventSchema, probationStartSchema } from './tracks/probation';
import { promotionEventSchema, promotionStartSchema } from './tracks/promotion';
import { rotationEventSchema, rotationStartSchema } from './tracks/rotation';

/** Starting a case of any track: one body, discriminated by `track`. */
export const startCaseSchema = z.discriminatedUnion('track', [
  promotionStartSchema.extend({ track: z.literal('promotion') }),
  rotationStartSchema.extend({ track: z.literal('rotation') }),
  demotionStartSchema.extend({ track: z.literal('demotion') }),
  probationStartSchema.extend({ track: z.literal('probation') }),
]);
export type StartCase = z.infer<typeof startCaseSchema>;

type EventOption = z.ZodObject<{ type: z.ZodLiteral<string> }>;
const eventUnions = [promotionEventSchema, rotationEventSchema, demotionEventSchema, probationEventSchema];

/**
 * Every event a caller may send, to a case of any track; the case's own machine decides legality. Tracks
 * share fragments (vote, publicity, supervision…), and a shared event type is the very same schema, so
 * one entry per type is enough.
 */
const uniqueEventOptions = [
  ...new Map(
    eventUnions
      .flatMap((union) => union.options as unknown as EventOption[])
      .map((option) => [option.shape.type.value, option]),
  ).values(),
];
export const caseEventSchema = z.discriminatedUnion(
  'type',
  uniqueEventOptions as unknown as [EventOption, ...EventOption[]],
);

/**
 * An event as a department system sends it over HTTP: the actor is not in the body, it is the caller
 * the API token identifies.
 */
export const apiEventSchema = z.discriminatedUnion(
  'type',
  uniqueEventOptions.map((option) => option.omit({ actor: true, requestId: true } as never)) as unknown as [
    EventOption,
    ...EventOption[],
  ],
);
export type ApiEvent = { type: string } & Record<string, unknown>;

/** The workflow type that runs each track, as the Temporal UI shows it. */
export const workflowTypeFor = {
  promotion: 'promotionCase',
  rotation: 'rotationCase',
  demotion: 'demotionCase',
  probation: 'probationCase',
} as const satisfies Record<StartCase['track'], string>;

/** The one line the Temporal UI shows for a case: track, who, which post. */
export function staticSummaryFor(start: StartCase): string {
  switch (start.track) {
    case 'promotion':
      return `提拔任职 Promotion · ${start.post.unit} ${start.post.title} (${start.post.rank})`;
    case 'rotation':
      return `交流轮岗 Rotation · ${start.cadre.name} (${start.cadre.id}) · from ${start.currentPost.unit} ${start.currentPost.title}`;
    case 'demotion':
      return `降职免职 Demotion · ${start.cadre.name} (${start.cadre.id}) · ${start.currentPost.unit} ${start.currentPost.title} · trigger ${start.trigger.kind}`;
    case 'probation':
      return `试用期 Probation · ${start.cadre.name} (${start.cadre.id}) · ${start.trialPost.unit} ${start.trialPost.title}`;
  }
}
