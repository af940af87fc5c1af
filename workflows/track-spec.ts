import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { AnyStateMachine } from 'xstate';
import type { ZodType } from 'zod';
import type { ChildCaseEffect } from '../activities/effect-names';
import type { CaseRef, Track } from '../domain/case';

/** How a track opens another case when its machine names a child-case effect. */
export interface ChildCasePlan {
  workflowType: string;
  input: CaseRef & Record<string, unknown>;
  summary: string;
}

/** What the one machine host needs to know about a track. Each track's workflow module exports one. */
export interface TrackSpec {
  track: Track;
  machine: AnyStateMachine;
  /** The start input; parsed inside the workflow too, so a malformed start fails the case visibly. */
  startSchema: ZodType;
  /** Events a caller may send (timer events are not among them). */
  eventSchema: ZodType<{ type: string }>;
  /** Track-specific search attributes, from the machine's context. */
  searchAttributes?: (context: Record<string, unknown>) => SearchAttributeUpdatePair[];
  /** One line an operator reads: who and what the case is about. */
  subject: (context: Record<string, unknown>) => string;
  /** People the case concerns and those who nominated them, for filtering and the ledger. */
  parties: (context: Record<string, unknown>) => { cadres: string[]; nominators: string[] };
  /**
   * Context-only conditions under which an event type can apply at all. The listed legal events leave out
   * a type whose precondition fails (its guards need the event's data, so the machine alone cannot say).
   */
  preconditions?: Record<string, (context: never) => boolean>;
  /** For each child-case effect the machine may name: the case to open. */
  childCases?: Partial<
    Record<ChildCaseEffect, (params: unknown, context: Record<string, unknown>) => ChildCasePlan>
  >;
}
