import type { z } from 'zod';

/**
 * How the project reads an event schema's structure: the `type` literal of an event object, the options
 * of a discriminated union of them. zod's structure is read here and nowhere else
 * (test/workflows/session/machine-view.test.ts pins it).
 */
export type EventObjectSchema = z.ZodObject<{ type: z.ZodLiteral<string> } & z.core.$ZodLooseShape>;

/** The `type` an event schema accepts. */
export const eventTypeOf = (schema: EventObjectSchema): string => schema.shape.type.value;

/** The event schemas a discriminated union of them is made of. */
export const eventOptionsOf = (union: z.ZodDiscriminatedUnion): EventObjectSchema[] =>
  union.options as unknown as EventObjectSchema[];
