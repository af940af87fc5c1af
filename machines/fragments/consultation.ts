import type { ConsultationConcluded } from '../../domain/steps/consultation';
import type { Stamped } from '../meta';
import { byOrganizationDepartment } from './actors';
import { type AnyStamped, eventOf } from './events';

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
