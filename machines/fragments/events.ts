import type { z } from 'zod';
import { type Actor, machineStampShape } from '../../domain/case';
import { chinaDateOf, instantMs } from '../../domain/dates';
import { type EventObjectSchema, eventTypeOf } from '../../domain/event-schemas';
import type { Stamped } from '../meta';

/**
 * Helpers every fragment uses to read a stamped event. Guards receive the machine's whole event union,
 * and machines are also driven directly (tests, tools) without the API's zod check, so a guard narrows
 * the event by its schema before it reads a payload, and nothing here may throw on a malformed one.
 */
export type AnyStamped = { type: string } & Stamped;

/** The host's stamp on a parsed event: its times, and an actor that may be the system. */
type Stamp = { at: string; recordedAt?: string; actor: Actor };

/** A caller event's schema from domain/: a zod object whose `type` is one literal. */
export type EventSchema = EventObjectSchema;

/** An event as a machine receives it: the caller's payload, stamped by the host (`at`, the actor). */
export type MachineEvent<E> = E extends unknown ? Omit<E, 'actor'> & Stamp & Pick<Stamped, 'reason'> : never;

/** The event `eventOf` returns: the schema's output (defaults filled in, unknown keys dropped), stamped. */
export type ParsedEvent<S extends EventSchema> = MachineEvent<z.output<S>>;

const stampedSchemas = new WeakMap<EventSchema, z.ZodType>();
function stampedSchema(schema: EventSchema): z.ZodType {
  let stamped = stampedSchemas.get(schema);
  if (!stamped) {
    // safeExtend keeps an event schema's refinements (impossible vote tallies, domain/steps/vote.ts).
    stamped = schema.safeExtend(machineStampShape);
    stampedSchemas.set(schema, stamped);
  }
  return stamped;
}

/** Parse results per event object and schema: the guards of one transition parse an event once. */
const parsedEvents = new WeakMap<object, Map<EventSchema, unknown>>();

/**
 * The event parsed by `schema` when its type is the schema's and its payload is valid, else undefined.
 * Memoised per event object, so the several guards (and the action) of one transition share one parse.
 */
export function eventOf<S extends EventSchema>(event: unknown, schema: S): ParsedEvent<S> | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  if ((event as { type?: unknown }).type !== eventTypeOf(schema)) return undefined;
  let bySchema = parsedEvents.get(event);
  if (!bySchema) {
    bySchema = new Map();
    parsedEvents.set(event, bySchema);
  }
  if (!bySchema.has(schema)) bySchema.set(schema, parseOrUndefined(stampedSchema(schema), event));
  return bySchema.get(schema) as ParsedEvent<S> | undefined;
}

function parseOrUndefined(schema: z.ZodType, value: unknown): unknown {
  try {
    const result = schema.safeParse(value);
    return result.success ? result.data : undefined;
  } catch {
    // A refinement that throws on a hostile payload refuses it like any other invalid one.
    return undefined;
  }
}

/**
 * The China date of an event's stamp: "today" for a machine, which has no clock of its own. An unreadable
 * stamp reads as '' — before every date — so every "not in the future" check against it fails, refusing.
 */
export function dayOf(event: Stamped): string {
  const ms = instantMs(event.at);
  return ms === undefined ? '' : chinaDateOf(ms);
}

/** Who did a step, as the case record keeps it. */
export function byWhom(event: Stamped): { at: string; by: Stamped['actor'] } {
  return { at: event.at, by: event.actor };
}

/** Kept sorted by id so that the same facts reached in any order make the same context. */
export function sortedById<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function hasDuplicates(ids: readonly string[]): boolean {
  return new Set(ids).size !== ids.length;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written YYYY-MM-DD that exists. */
export function isIsoDateString(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  try {
    return chinaDateOf(`${value}T12:00:00+08:00`) === value;
  } catch {
    return false;
  }
}
