/**
 * What a machine tells the outside world about its states, in `meta`. Hosts read this and nothing else:
 * the workflow arms Temporal timers from `timers`, the API and the Temporal UI show `label`.
 */
import type { Label } from '../domain/label';

export type { Label };

/** A durable timer a state arms. Its deadline is `context.deadlines[name]`, set by the machine itself. */
export interface TimerSpec {
  name: string;
  /** The event the host sends the machine when the timer fires. */
  event: string;
  label: Label;
}

export interface StateMeta {
  label: Label;
  timers?: readonly TimerSpec[];
  /**
   * This state is the machine's own escalation of the named stage, which overran its deadline (the
   * probation review's): the host marks the case overdue and escalated, and sends nothing more.
   */
  escalationOf?: string;
}

/**
 * Every event carries an actor and a time; the host stamps `at` (machines have no clock): when the step
 * happened — the caller's occurredAt, else workflow time — and `recordedAt`, workflow time itself.
 */
export interface Stamped {
  at: string;
  recordedAt?: string;
  actor: { id: string; role: string; name?: string };
  reason?: string;
}

/** Deadlines by timer name, ISO instants. A timer is armed only while its deadline is present. */
export type Deadlines = Partial<Record<string, string>>;
