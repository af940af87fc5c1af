import { z } from 'zod';

/** Far above any real meeting or ballot, and low enough that sums of counts stay exact integers. */
const MAX_COUNT = 1_000_000_000;

/** A head count: a non-negative integer. */
export const countSchema = z.number().int().min(0).max(MAX_COUNT);

/**
 * A non-empty identifier (person, unit, nominee), taken as is: never trimmed or rewritten. Said as a
 * regular expression, not a function, so that the API's document states it too.
 */
export const idSchema = z
  .string()
  .min(1)
  .regex(/^\S(?:[\s\S]*\S)?$/, 'an id must not start or end with whitespace');
