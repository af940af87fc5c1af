import { cadreInMetadata } from '../../domain/metadata';
import { rotationVocabulary } from '../../domain/tracks/rotation';
import { supervisionPreconditions } from '../../machines/fragments/supervision';
import { type RotationContext, rotationMachine } from '../../machines/rotation';
import type { TrackSpec } from './spec';

/** A rotation case (交流轮岗): a lateral move, decided by the committee. */
export const rotationTrack: TrackSpec<RotationContext> = {
  vocabulary: rotationVocabulary,
  machine: rotationMachine,
  preconditions: supervisionPreconditions,
  subject: (c) => {
    const to = c.proposal ? ` → ${c.proposal.proposedPost.unit} ${c.proposal.proposedPost.title}` : '';
    return `${cadreInMetadata(c.cadre)} · ${c.currentPost.unit} ${c.currentPost.title}${to}`;
  },
  parties: (c) => ({ cadres: [c.cadre.id], nominators: [] }),
  units: (c) => [c.proposal?.proposedPost.unit, c.currentPost.unit].filter((u): u is string => !!u),
};
