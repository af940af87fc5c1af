import { type Nominated, nominatedEventSchema } from '../../domain/steps/nomination';
import { type Candidate, type CandidatePoolSlice, candidateById, withCandidate } from './candidates';
import { type AnyStamped, eventOf, hasDuplicates } from './events';

const nominated = (event: AnyStamped) => eventOf(event, nominatedEventSchema);

/** The channel's own rule about who nominates and how. */
export function channelRuleMet(
  e: Pick<Nominated, 'channel' | 'nominators' | 'nominee' | 'signed' | 'writtenMaterial'>,
): boolean {
  const ids = e.nominators.map((n) => n.id);
  switch (e.channel) {
    case 'individual_leader':
      // The material is optional elsewhere, so the schema lets it be blank; this channel needs it stated.
      return ids.length === 1 && e.signed && (e.writtenMaterial ?? '').trim() !== '';
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

/**
 * The channel's rule, distinct nominators, and for someone already nominated: still in the pool, described
 * the same way, and not by the same channel and nominators again. Who may nominate is the transition's.
 */
export function nominationAcceptable({
  context,
  event,
}: {
  context: CandidatePoolSlice;
  event: AnyStamped;
}): boolean {
  const e = nominated(event);
  if (!e) return false;
  const ids = e.nominators.map((n) => n.id);
  if (hasDuplicates(ids) || !channelRuleMet(e)) return false;
  const existing = candidateById(context, e.nominee.id);
  if (!existing) return true;
  if (existing.status !== 'nominated') return false;
  const { name, currentPost } = e.nominee;
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
  if (!e) return {};
  const { nominee } = e;
  const existing = candidateById(context, nominee.id);
  const nomination = {
    channel: e.channel,
    nominators: e.nominators,
    signed: e.signed,
    ...(e.writtenMaterial === undefined ? {} : { writtenMaterial: e.writtenMaterial }),
    at: e.at,
    by: e.actor,
  };
  const candidate: Candidate = existing
    ? {
        ...existing,
        nominations: [...existing.nominations, nomination],
        // The approval form's facts may come with a later nomination than the first.
        ...(existing.personalFacts || !nominee.personalFacts ? {} : { personalFacts: nominee.personalFacts }),
      }
    : { ...nominee, nominations: [nomination], status: 'nominated', relatives: [] };
  return { candidates: withCandidate(context, candidate) };
}
