import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { AnyStateMachine } from 'xstate';
import type { TrackVocabulary } from '../../domain/tracks';

/** People a case concerns and those who nominated them, for filtering and the accountability ledger. */
interface CaseParties {
  cadres: string[];
  nominators: string[];
}

/**
 * How a track runs: its vocabulary (domain/tracks), its machine, and what the host shows of its context.
 * One per track in workflows/tracks/, listed in workflows/tracks.ts.
 */
export interface TrackSpec<C = never> {
  vocabulary: TrackVocabulary;
  machine: AnyStateMachine;
  /** One line an operator reads: who and what the case is about. */
  subject(context: C): string;
  parties(context: C): CaseParties;
  /**
   * The units the case concerns, most telling first: the post's unit (the proposed one), then the units
   * the cadres hold now. Searchable as `unit:` keys of CaseSearchKeys (domain/search-keys.ts).
   */
  units(context: C): string[];
  /** Track-specific search attributes, from the machine's context. */
  searchAttributes?(context: C): SearchAttributeUpdatePair[];
  /**
   * Context-only conditions under which an event type can apply at all. The listed legal events leave out
   * a type whose precondition fails (its guards need the event's data, so the machine alone cannot say).
   */
  preconditions?: Record<string, (context: C) => boolean>;
}

/** A track spec of any track, as the host holds it. */
// biome-ignore lint/suspicious/noExplicitAny: the host reads a context only through the spec's own functions.
export type AnyTrackSpec = TrackSpec<any>;
