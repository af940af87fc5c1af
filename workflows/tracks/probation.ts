import { startOfChinaDay } from '../../domain/dates';
import { probationVocabulary } from '../../domain/tracks/probation';
import { supervisionPreconditions } from '../../machines/fragments/supervision';
import { type ProbationContext, probationMachine } from '../../machines/probation';
import { ProbationEndsAt } from '../search-attributes';
import type { TrackSpec } from './spec';

/** A probation case (试用期): one year on the trial post, then a review that confirms or returns. */
export const probationTrack: TrackSpec<ProbationContext> = {
  vocabulary: probationVocabulary,
  machine: probationMachine,
  preconditions: supervisionPreconditions,
  searchAttributes: (c) => [{ key: ProbationEndsAt, value: new Date(startOfChinaDay(c.endsOn)) }],
  subject: (c) =>
    `${c.cadre.name} (${c.cadre.id}) · ${c.trialPost.unit} ${c.trialPost.title} ${c.trialPost.rank}`,
  parties: (c) => ({ cadres: [c.cadre.id], nominators: c.nominatedBy }),
};
