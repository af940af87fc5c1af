import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, and, initialTransition, not, or, setup, transition } from 'xstate';
import { z } from 'zod';
import { trackCatalogue } from '../../../domain/tracks';
import { machinesByTrack } from '../../../machines';
import {
  acceptedEventTypes,
  armedTimers,
  conditionsFor,
  eventTypesOf,
  labelOf,
  stateName,
} from '../../../workflows/session/machine-view';
import { probationStart } from '../../support/cases';
import { input } from '../../support/promotion-fixtures';
import { demotionStart, rotationStart } from '../../support/track-fixtures';

/**
 * workflows/session/machine-view.ts is the one place that reads XState's and zod's structures (state
 * nodes, composed guards, a union's options). This test pins each thing it relies on, so that an upgrade
 * that changes one fails here, by name, rather than in a live case or a replay.
 */
const probe = setup({
  types: { events: {} as { type: 'GO' } | { type: 'STAY' } | { type: 'PING' } },
  actions: { noop: () => {} },
  guards: { ready: () => true, allowed: () => false, late: () => true },
}).createMachine({
  id: 'probe',
  initial: 'outer',
  context: { deadlines: { soon: '2026-01-02T00:00:00.000Z', later: '2026-01-01T00:00:00.000Z' } },
  states: {
    outer: {
      meta: {
        label: { zh: '外', en: 'Outer' },
        timers: [{ name: 'soon', event: 'PING', label: { zh: '甲', en: 'a' } }],
      },
      initial: 'inner',
      on: { PING: { actions: 'noop' } },
      states: {
        inner: {
          meta: {
            label: { zh: '内', en: 'Inner' },
            timers: [{ name: 'later', event: 'GO', label: { zh: '乙', en: 'b' } }],
          },
          on: {
            GO: [
              { guard: and(['ready', not('allowed')]), target: 'other' },
              { guard: or(['late', { type: 'allowed' }]), target: 'other' },
              { guard: () => true, target: 'other' },
            ],
            STAY: { guard: 'ready', actions: 'noop' },
          },
        },
        other: { type: 'parallel', states: { left: {}, right: {} } },
      },
    },
  },
});

describe('machine view: what the host reads from a snapshot', () => {
  it('names nested states dotted and parallel regions comma-separated', () => {
    const [start] = initialTransition(probe);
    expect(stateName(start)).toBe('outer.inner');
    const [moved] = transition(probe, start, { type: 'GO' });
    expect(stateName(moved)).toBe('outer.other.left,outer.other.right');
  });

  it('takes the deepest label and arms every active state’s timers, earliest first', () => {
    const [start] = initialTransition(probe);
    expect(labelOf(start)).toEqual({ zh: '内', en: 'Inner' });
    expect(armedTimers(start).map((t) => t.timer)).toEqual(['later', 'soon']);
  });

  it('lists the event types the active states accept, outer states included', () => {
    const [start] = initialTransition(probe);
    expect(acceptedEventTypes(start).sort()).toEqual(['GO', 'PING', 'STAY']);
  });

  it('names the conditions inside composed guards (and / or / not), leaving lambdas unnamed', () => {
    const [start] = initialTransition(probe);
    expect(conditionsFor(start, 'GO')).toEqual(['ready', 'allowed', 'late', 'inline condition']);
    expect(conditionsFor(start, 'STAY')).toEqual(['ready']);
    expect(conditionsFor(start, 'NOPE')).toEqual([]);
  });

  it('reads the event types of a discriminated union', () => {
    const union = z.discriminatedUnion('type', [
      z.object({ type: z.literal('A') }),
      z.object({ type: z.literal('B'), n: z.number() }),
    ]);
    expect(eventTypesOf(union)).toEqual(['A', 'B']);
    expect(eventTypesOf(trackCatalogue.probation.eventSchema)).toContain('REPORT_FILED');
  });

  it('agrees with XState’s own active nodes on every track’s initial state', () => {
    // `_nodes` is XState's internal list of active state nodes; the view walks the public tree instead.
    const internalEvents = (s: AnyMachineSnapshot) =>
      [
        ...new Set(
          (s as unknown as { _nodes: { ownEvents: string[] }[] })._nodes.flatMap((n) => n.ownEvents),
        ),
      ].sort();
    const starts = {
      promotion: input,
      rotation: rotationStart(),
      demotion: demotionStart(),
      probation: probationStart(),
    };
    for (const [track, machine] of Object.entries(machinesByTrack)) {
      const start = trackCatalogue[track as keyof typeof starts].startSchema.parse(
        starts[track as keyof typeof starts],
      );
      const [snapshot] = initialTransition(machine as never, start as never) as [AnyMachineSnapshot, unknown];
      expect(snapshot.status).toBe('active');
      expect(acceptedEventTypes(snapshot).sort()).toEqual(internalEvents(snapshot));
      expect(acceptedEventTypes(snapshot).length).toBeGreaterThan(0);
    }
  });
});
