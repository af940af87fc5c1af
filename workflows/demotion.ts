import type { CaseOrigin } from '../domain/case';
import { type DemotionStart, demotionEventSchema, demotionStartSchema } from '../domain/tracks/demotion';
import { type DemotionContext, demotionMachine } from '../machines/demotion';
import { supervisionPreconditions } from '../machines/fragments/supervision';
import { hostCase } from './case-host';
import type { TrackSpec } from './track-spec';

const demotion = (context: Record<string, unknown>) => context as unknown as DemotionContext;

export const demotionTrack: TrackSpec = {
  track: 'demotion',
  machine: demotionMachine,
  startSchema: demotionStartSchema,
  preconditions: supervisionPreconditions,
  eventSchema: demotionEventSchema,
  subject: (context) => {
    const c = demotion(context);
    return `${c.cadre.name} (${c.cadre.id}) · ${c.currentPost.unit} ${c.currentPost.title} · trigger ${c.trigger.kind}`;
  },
  parties: (context) => {
    const c = demotion(context);
    return { cadres: [c.cadre.id], nominators: c.nominatedBy };
  },
};

/** A demotion or exit case (降职、免职与“出”): trigger, verification, talk, vote, outcome. */
export async function demotionCase(input: DemotionStart, origin?: CaseOrigin) {
  return hostCase(demotionTrack, input, origin);
}
