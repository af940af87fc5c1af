import { and } from 'xstate';
import type { Track } from '../../domain/case';
import type { RulesEdition } from '../../domain/rules-edition';
import { machineAcceptsFrom } from '../../domain/senders';
import type { AnyStamped } from './events';

/**
 * Who may send an event, as every machine checks it: derived from the one table in domain/senders.ts, not
 * written at each transition. `withSenders` puts the guard `senderPermitted` in front of every transition
 * of every state (nested ones included), so a transition's own guard is only its rule.
 * test/machines/roles-matrix.test.ts checks each machine's transitions against the table, role by role.
 */
export const SENDER_GUARD = 'senderPermitted';

/** For `setup({ guards })`: the sender rule of `track`'s events, in the case's rules edition. */
export function senderGuard(track: Track) {
  return ({ context, event }: { context: { rulesEdition?: RulesEdition }; event: AnyStamped }) =>
    machineAcceptsFrom(track, event.type, event.actor?.role, context.rulesEdition ?? 1);
}

type Transition = { guard?: unknown; [key: string]: unknown };
type StateConfig = {
  on?: Record<string, unknown>;
  states?: Record<string, StateConfig>;
  [key: string]: unknown;
};

function guarded(transition: unknown): Transition {
  const t: Transition = typeof transition === 'string' ? { target: transition } : (transition as Transition);
  return { ...t, guard: t.guard === undefined ? SENDER_GUARD : and([SENDER_GUARD, t.guard as never]) };
}

function withSendersOn(state: StateConfig): StateConfig {
  const on =
    state.on &&
    Object.fromEntries(
      Object.entries(state.on).map(([type, transitions]) => [
        type,
        Array.isArray(transitions) ? transitions.map(guarded) : guarded(transitions),
      ]),
    );
  const states =
    state.states &&
    Object.fromEntries(Object.entries(state.states).map(([key, child]) => [key, withSendersOn(child)]));
  return { ...state, ...(on ? { on } : {}), ...(states ? { states } : {}) };
}

/**
 * A machine's states with the sender guard in front of every transition. The result is typed as what it
 * was given: xstate cannot type a composed guard over names the track's setup declares, and the guard it
 * adds is declared in every track's setup (`senderPermitted: senderGuard(track)`).
 */
export function withSenders<const S extends Record<string, unknown>>(states: S): S {
  return Object.fromEntries(
    Object.entries(states).map(([key, state]) => [key, withSendersOn(state as StateConfig)]),
  ) as S;
}
