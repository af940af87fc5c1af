import type { CaseOrigin } from '../domain/case';
import { type RotationStart, rotationEventSchema, rotationStartSchema } from '../domain/tracks/rotation';
import { supervisionPreconditions } from '../machines/fragments/supervision';
import { type RotationContext, rotationMachine } from '../machines/rotation';
import { hostCase } from './case-host';
import type { TrackSpec } from './track-spec';

const rotation = (context: Record<string, unknown>) => context as unknown as RotationContext;

export const rotationTrack: TrackSpec = {
  track: 'rotation',
  machine: rotationMachine,
  startSchema: rotationStartSchema,
  preconditions: supervisionPreconditions,
  eventSchema: rotationEventSchema,
  subject: (context) => {
    const c = rotation(context);
    const to = c.proposal ? ` → ${c.proposal.proposedPost.unit} ${c.proposal.proposedPost.title}` : '';
    return `${c.cadre.name} (${c.cadre.id}) · ${c.currentPost.unit} ${c.currentPost.title}${to}`;
  },
  parties: (context) => ({ cadres: [rotation(context).cadre.id], nominators: [] }),
};

/** A rotation case (交流轮岗): a lateral move, decided by the committee. */
export async function rotationCase(input: RotationStart, origin?: CaseOrigin) {
  return hostCase(rotationTrack, input, origin);
}
