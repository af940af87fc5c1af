import { z } from 'zod';
import { eventEnvelope } from '../../domain/case';
import { type NominationChannel, nominationChannelSchema, nominationChannels } from '../../domain/policy';
import { byDepartmentOrOrganization } from './actors';
import {
  type Candidate,
  type CandidatePoolSlice,
  candidateById,
  nominatorSchema,
  nomineeSchema,
  withCandidate,
} from './candidates';
import { type AnyStamped, eventOf, hasDuplicates } from './events';

/**
 * Nomination (初始提名) through the six channels of domain/policy.ts. Every nomination records its channel
 * and its nominators: whoever nominates is accountable (谁提名谁负责). Channel rules:
 * - individual_leader (领导干部个人推荐): one named leader, signed, with written material (DOMAIN.md);
 * - deputies_joint (“两代表一委员”联名推荐): a joint nomination, so at least two nominators;
 * - self_nomination (本人自荐): the nominator is the nominee.
 * A person may be nominated through several channels; the same channel and nominators twice is refused,
 * as is a second nomination that describes the same person differently.
 */
export const nominatedEventSchema = z.object({
  type: z.literal('NOMINATED'),
  ...eventEnvelope,
  nominee: nomineeSchema,
  channel: nominationChannelSchema,
  nominators: z.array(nominatorSchema).min(1).max(200),
  signed: z.boolean().default(false).describe('Individual-leader nominations must be signed'),
  writtenMaterial: z.string().max(20000).optional().describe('Required for individual-leader nominations'),
});
type Nominated = z.infer<typeof nominatedEventSchema>;

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
