import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { AnyStateMachine } from 'xstate';
import type { ZodType } from 'zod';
import type { Track } from '../domain/case';

/** What the one machine host needs to know about a track. Each track's workflow module exports one. */
export interface TrackSpec {
  track: Track;
  machine: AnyStateMachine;
  /** Events a caller may send (timer events are not among them). */
  eventSchema: ZodType<{ type: string }>;
  /** Track-specific search attributes, from the machine's context. */
  searchAttributes?: (context: Record<string, unknown>) => SearchAttributeUpdatePair[];
  /** One line an operator reads: who and what the case is about. */
  subject: (context: Record<string, unknown>) => string;
  /** People the case concerns and those who nominated them, for filtering and the ledger. */
  parties: (context: Record<string, unknown>) => { cadres: string[]; nominators: string[] };
}
