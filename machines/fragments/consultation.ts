import { consultationConcludedEventSchema } from '../../domain/steps/consultation';
import type { Stamped } from '../meta';
import { type AnyStamped, eventOf } from './events';

export interface ConsultationSlice {
  consultation?: { consulted: number; summary: string; at: string; by: Stamped['actor'] };
}

const concluded = (event: AnyStamped) => eventOf(event, consultationConcludedEventSchema);

/** How many were consulted and what they said; who reports it is the transition's (the organization department). */
export const consultationAcceptable = ({ event }: { event: AnyStamped }): boolean =>
  concluded(event) !== undefined;

export function recordConsultation(_: ConsultationSlice, event: AnyStamped): Partial<ConsultationSlice> {
  const e = concluded(event);
  return e ? { consultation: { consulted: e.consulted, summary: e.summary, at: e.at, by: e.actor } } : {};
}
