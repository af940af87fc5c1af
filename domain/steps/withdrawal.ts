import { z } from 'zod';
import { eventEnvelope } from '../case';
import { nonBlankText } from '../text';
/**
 * Withdrawal (撤回): the organization department may end an open case before its decisive step
 * (appointment, transfer, the measure taking effect). A withdrawal must say why: it is part of the record
 * an accountability review reads.
 */
export const withdrawnEventSchema = z.object({
  type: z.literal('WITHDRAWN'),
  ...eventEnvelope,
  reason: nonBlankText(2000),
});
