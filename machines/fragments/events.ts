import { chinaDateOf, toEpochMs } from '../../domain/dates';
import type { Stamped } from '../meta';

/**
 * Helpers every fragment uses to read a stamped event. Guards receive the machine's whole event union,
 * so a fragment narrows by `type` before it reads a payload; and since machines are also driven directly
 * (tests, tools) without the API's zod check, nothing here may throw on a malformed payload.
 */
export type AnyStamped = { type: string } & Stamped;

/** The event as `E` when its type matches, else undefined. */
export function eventOf<E extends { type: string }>(
  event: { type: string },
  type: E['type'],
): (E & Stamped) | undefined {
  return event.type === type ? (event as E & Stamped) : undefined;
}

/** Epoch ms of an ISO instant with an offset, or undefined when it is not one. */
export function instantMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return toEpochMs(value);
  } catch {
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
