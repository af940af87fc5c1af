import type { CaseOrigin } from '../domain/case';
import { startOfChinaDay } from '../domain/dates';
import { type ProbationStart, probationEventSchema, probationStartSchema } from '../domain/tracks/probation';
import { supervisionPreconditions } from '../machines/fragments/supervision';
import { type ProbationContext, probationMachine } from '../machines/probation';
import { hostCase } from './case-host';
import { ProbationEndsAt } from './search-attributes';
import type { TrackSpec } from './track-spec';

export const probationTrack: TrackSpec = {
  track: 'probation',
  machine: probationMachine,
  startSchema: probationStartSchema,
  preconditions: supervisionPreconditions,
  eventSchema: probationEventSchema,
  searchAttributes: (context) => [
    {
      key: ProbationEndsAt,
      value: new Date(startOfChinaDay((context as unknown as ProbationContext).endsOn)),
    },
  ],
  subject: (context) => {
    const c = context as unknown as ProbationContext;
    return `${c.cadre.name} (${c.cadre.id}) · ${c.trialPost.unit} ${c.trialPost.title} ${c.trialPost.rank}`;
  },
  parties: (context) => {
    const c = context as unknown as ProbationContext;
    return { cadres: [c.cadre.id], nominators: c.nominatedBy };
  },
};

/** A probation case (试用期): one year on the trial post, then a review that confirms or returns. */
export async function probationCase(input: ProbationStart, origin?: CaseOrigin) {
  return hostCase(probationTrack, input, origin);
}
