import { cadreInMetadata } from '../../domain/metadata';
import { promotionVocabulary } from '../../domain/tracks/promotion';
import { type Candidate, nominatorsOf, withStatus } from '../../machines/fragments/candidates';
import { supervisionPreconditions } from '../../machines/fragments/supervision';
import { type PromotionContext, promotionMachine } from '../../machines/promotion';
import { CaseDeadlineProvisional } from '../search-attributes';
import type { TrackSpec } from './spec';

/** Statuses that take a candidate out of the case: failed review, adjusted or admonished, a substantiated report. */
const OUT: ReadonlySet<Candidate['status']> = new Set([
  'disqualified',
  'adjusted',
  'admonished',
  'reportSubstantiated',
]);

/**
 * The candidates still in the running, as the case stands: the appointee once appointed (or approved by
 * the vote); those put to the vote; once some were chosen for inspection, those (the others are not in
 * the pool any more, though their status stays "qualified" for a return to nomination); before that,
 * everyone nominated who has not fallen out.
 */
export function candidatesInPool(c: PromotionContext): Candidate[] {
  const byIds = (ids: string[]) => c.candidates.filter((x) => ids.includes(x.id) && !OUT.has(x.status));
  if (c.appointment) return byIds([c.appointment.cadreId]);
  if (c.vote?.outcome === 'passed') return byIds([c.vote.subjectId]);
  if (c.voteSubjects.length > 0) return byIds(c.voteSubjects.map((s) => s.id));
  const inspected = withStatus(c, 'inspection');
  if (inspected.length > 0) return inspected;
  return c.candidates.filter((x) => !OUT.has(x.status));
}

/** At most this many candidates are named in a summary; the rest are counted. */
const NAMED_IN_SUBJECT = 8;

/** A promotion case (提拔任职): from the motion to appointment, through every step the rules require. */
export const promotionTrack: TrackSpec<PromotionContext> = {
  vocabulary: promotionVocabulary,
  machine: promotionMachine,
  preconditions: {
    ...supervisionPreconditions,
    // Offered only once every candidate inspected has fallen out: then they are the way on.
    NO_CANDIDATE_PRODUCED: (c) => withStatus(c, 'inspection').length === 0,
    RETURNED_TO_NOMINATION: (c) => withStatus(c, 'inspection').length === 0,
  },
  searchAttributes: ({ publicity }) => {
    const provisional = publicity && !publicity.exempt && !publicity.closedAt ? publicity.provisional : false;
    return [{ key: CaseDeadlineProvisional, value: provisional }];
  },
  subject: (c) => {
    const post = `${c.post.unit} ${c.post.title} (${c.post.rank})`;
    if (c.candidates.length === 0) return `${post} · 0 nominated, 0 in the pool`;
    const pool = candidatesInPool(c);
    const named = pool.slice(0, NAMED_IN_SUBJECT).map(cadreInMetadata);
    const more = pool.length > NAMED_IN_SUBJECT ? ` +${pool.length - NAMED_IN_SUBJECT}` : '';
    const inPool = pool.length > 0 ? `in the pool ${named.join(', ')}${more}` : 'none in the pool';
    return `${post} · ${inPool} (${pool.length} of ${c.candidates.length} nominated)`;
  },
  parties: (c) => ({
    cadres: c.candidates.map((x) => x.id),
    nominators: [...new Set(c.candidates.flatMap(nominatorsOf))],
  }),
  // The post's unit first: the one the case is about; then where the candidates serve now.
  units: (c) => [c.post.unit, ...c.candidates.map((x) => x.currentPost.unit)],
};
