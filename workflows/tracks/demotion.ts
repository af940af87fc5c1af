import { cadreInMetadata } from '../../domain/metadata';
import { demotionVocabulary } from '../../domain/tracks/demotion';
import { type DemotionContext, demotionMachine } from '../../machines/demotion';
import { supervisionPreconditions } from '../../machines/fragments/supervision';
import type { TrackSpec } from './spec';

/** A demotion or exit case (降职、免职与“出”): trigger, verification, talk, vote, outcome. */
export const demotionTrack: TrackSpec<DemotionContext> = {
  vocabulary: demotionVocabulary,
  machine: demotionMachine,
  preconditions: supervisionPreconditions,
  subject: (c) =>
    `${cadreInMetadata(c.cadre)} · ${c.currentPost.unit} ${c.currentPost.title} · trigger ${c.trigger.kind}`,
  parties: (c) => ({ cadres: [c.cadre.id], nominators: c.nominatedBy }),
  units: (c) => [c.currentPost.unit, c.proposal?.newPost?.unit].filter((u): u is string => !!u),
};
