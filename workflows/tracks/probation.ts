import { startOfChinaDay } from '../../domain/dates';
import { cadreInMetadata } from '../../domain/metadata';
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
    `${cadreInMetadata(c.cadre)} · ${c.trialPost.unit} ${c.trialPost.title} ${c.trialPost.rank}`,
  parties: (c) => ({ cadres: [c.cadre.id], nominators: c.nominatedBy }),
  units: (c) => [c.trialPost.unit, c.previousPost.unit],
};
