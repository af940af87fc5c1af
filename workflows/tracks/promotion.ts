import { promotionVocabulary } from '../../domain/tracks/promotion';
import { nominatorsOf, withStatus } from '../../machines/fragments/candidates';
import { supervisionPreconditions } from '../../machines/fragments/supervision';
import { type PromotionContext, promotionMachine } from '../../machines/promotion';
import { CaseDeadlineProvisional } from '../search-attributes';
import type { TrackSpec } from './spec';

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
    const inPool = c.candidates.filter((x) => x.status !== 'disqualified' && x.status !== 'adjusted').length;
    return `${c.post.unit} ${c.post.title} (${c.post.rank}) · ${c.candidates.length} nominated, ${inPool} in the pool`;
  },
  parties: (c) => ({
    cadres: c.candidates.map((x) => x.id),
    nominators: [...new Set(c.candidates.flatMap(nominatorsOf))],
  }),
};
