import { z } from 'zod';
import { eventEnvelope } from '../../domain/case';
import type { Stamped } from '../meta';
import { byOrganizationDepartment } from './actors';
import { type AnyStamped, eventOf } from './events';

/**
 * Consultation (征求意见): before the vote, committee members (and, for rotation, the units concerned)
 * are consulted. The organization department reports that it is done, how many were consulted and what
 * they said; it is a step of the record, not a vote.
 */
export const consultationConcludedEventSchema = z.object({
  type: z.literal('CONSULTATION_CONCLUDED'),
  ...eventEnvelope,
  consulted: z.number().int().min(1).max(1000).describe('People consulted'),
  summary: z.string().min(1).max(4000).describe('What they said'),
});
type ConsultationConcluded = z.infer<typeof consultationConcludedEventSchema>;

export interface ConsultationSlice {
  consultation?: { consulted: number; summary: string; at: string; by: Stamped['actor'] };
}

export function consultationAcceptable({ event }: { event: AnyStamped }): boolean {
  const e = eventOf<ConsultationConcluded>(event, 'CONSULTATION_CONCLUDED');
  return (
    e !== undefined &&
    byOrganizationDepartment({ event }) &&
    Number.isInteger(e.consulted) &&
    e.consulted >= 1 &&
    typeof e.summary === 'string' &&
    e.summary.trim() !== ''
  );
}

export function recordConsultation(_: ConsultationSlice, event: AnyStamped): Partial<ConsultationSlice> {
  const e = eventOf<ConsultationConcluded>(event, 'CONSULTATION_CONCLUDED');
  return e ? { consultation: { consulted: e.consulted, summary: e.summary, at: e.at, by: e.actor } } : {};
}
