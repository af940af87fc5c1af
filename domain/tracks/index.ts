import type { z } from 'zod';
import type { Track } from '../case';
import type { Label } from '../label';
import { demotionVocabulary } from './demotion';
import { probationVocabulary } from './probation';
import { promotionVocabulary } from './promotion';
import { rotationVocabulary } from './rotation';

/** What the vocabulary says about a track: its name, the workflow that runs it, what starts and drives it. */
export interface TrackVocabulary<T extends Track = Track, S extends z.ZodType = z.ZodType> {
  track: T;
  label: Label;
  /** The Temporal workflow type, as the UI shows it. */
  workflowType: string;
  startSchema: S;
  /** Events a caller may send (timer events are not among them). */
  eventSchema: z.ZodDiscriminatedUnion;
  /** Who and which post, from the start: the UI's one-line summary follows the track's label. */
  subject(start: z.output<S>): string;
}

/**
 * The tracks' vocabulary, one entry per track, checked by the compiler against `Track`. The API's start
 * and event unions, the workflow types and the summaries are derived from it (domain/start.ts). How a
 * track runs (its machine, child cases) is the workflows' own table, workflows/tracks.ts, which the
 * dependency rule keeps out of reach of the API.
 */
export const trackCatalogue = {
  promotion: promotionVocabulary,
  rotation: rotationVocabulary,
  demotion: demotionVocabulary,
  probation: probationVocabulary,
} as const satisfies { [T in Track]: TrackVocabulary<T> };

export { trackTitle, type WorkflowType } from './names';
