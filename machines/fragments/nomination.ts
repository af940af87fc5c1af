import { type NominationChannel, nominationChannels } from '../../domain/policy';
import type { Nominated } from '../../domain/steps/nomination';
import { nominatorSchema, nomineeSchema } from '../../domain/steps/nomination';
import { byDepartmentOrOrganization } from './actors';
import { type Candidate, type CandidatePoolSlice, candidateById, withCandidate } from './candidates';
import { type AnyStamped, eventOf, hasDuplicates } from './events';

const nominated = (event: AnyStamped) => eventOf<Nominated>(event, 'NOMINATED');

/** The channel's own rule about who nominates and how. */
export function channelRuleMet(
  e: Pick<Nominated, 'channel' | 'nominators' | 'nominee' | 'signed' | 'writtenMaterial'>,
): boolean {
  const ids = e.nominators.map((n) => n.id);
  switch (e.channel) {
    case 'individual_leader':
      return (
        ids.length === 1 &&
        e.signed === true &&
        typeof e.writtenMaterial === 'string' &&
        e.writtenMaterial.trim() !== ''
      );
    case 'deputies_joint':
      return ids.length >= 2;
    case 'self_nomination':
      return ids.length === 1 && ids[0] === e.nominee.id;
    default:
      return true;
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

export function nominationAcceptable({
  context,
  event,
}: {
  context: CandidatePoolSlice;
  event: AnyStamped;
}): boolean {
  const e = nominated(event);
  if (!e || !byDepartmentOrOrganization({ event })) return false;
  const nominee = nomineeSchema.safeParse(e.nominee);
  if (!nominee.success) return false;
  if (!(nominationChannels as readonly string[]).includes(e.channel)) return false;
  if (!Array.isArray(e.nominators) || e.nominators.length === 0) return false;
  if (!e.nominators.every((n) => nominatorSchema.safeParse(n).success)) return false;
  const ids = e.nominators.map((n) => n.id);
  if (hasDuplicates(ids) || !channelRuleMet(e)) return false;
  const existing = candidateById(context, nominee.data.id);
  if (!existing) return true;
  if (existing.status !== 'nominated') return false;
  const { name, currentPost } = nominee.data;
  const samePerson =
    JSON.stringify([existing.name, existing.currentPost]) === JSON.stringify([name, currentPost]);
  const repeated = existing.nominations.some(
    (n) =>
      n.channel === e.channel &&
      sameSet(
        n.nominators.map((p) => p.id),
        ids,
      ),
  );
  return samePerson && !repeated;
}

export function recordNomination(
  context: CandidatePoolSlice,
  event: AnyStamped,
): Partial<CandidatePoolSlice> {
  const e = nominated(event);
  const parsed = nomineeSchema.safeParse(e?.nominee);
  if (!e || !parsed.success) return {};
  const nominee = parsed.data;
  const existing = candidateById(context, nominee.id);
  const nomination = {
    channel: e.channel as NominationChannel,
    nominators: e.nominators,
    signed: e.signed ?? false,
    ...(e.writtenMaterial === undefined ? {} : { writtenMaterial: e.writtenMaterial }),
    at: e.at,
    by: e.actor,
  };
  const candidate: Candidate = existing
    ? { ...existing, nominations: [...existing.nominations, nomination] }
    : { ...nominee, nominations: [nomination], status: 'nominated', relatives: [] };
  return { candidates: withCandidate(context, candidate) };
}
