import { z } from 'zod';

/**
 * Free text a step must actually state (a decision, findings, a reason): at least one character that is
 * not white space, so "   " is refused where it is written, not by each guard that reads it.
 */
export const nonBlankText = (max: number) => z.string().min(1).max(max).regex(/\S/, 'must not be blank');
