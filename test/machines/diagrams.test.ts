import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, and, createMachine, not, setup, stateIn } from 'xstate';
import type { Track } from '../../domain/case';
import { machinesByTrack } from '../../machines/index';
import {
  diagramPage,
  diagramsDir,
  lintMermaid,
  toMermaid,
  withReadmeDiagrams,
} from '../../scripts/diagrams/mermaid';

const tracks = Object.entries(machinesByTrack) as [Track, AnyStateMachine][];

describe('committed machine diagrams', () => {
  it.each(tracks)('%s: docs/machines page matches the machine', (track, machine) => {
    const file = `${diagramsDir}/${track}.md`;
    let committed: string;
    try {
      committed = readFileSync(resolve(__dirname, '../..', file), 'utf8');
    } catch {
      committed = '';
    }
    expect(committed, `${file} is missing or stale: run \`npm run diagrams\` and commit it`).toBe(
      diagramPage(track, machine),
    );
  });

  it('README.md shows every machine diagram as it is now', () => {
    const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
    expect(readme, 'README.md diagrams are stale: run `npm run diagrams` and commit it').toBe(
      withReadmeDiagrams(readme, machinesByTrack),
    );
  });

  it.each(tracks)('%s: the diagram passes the Mermaid syntax check', (_track, machine) => {
    expect(lintMermaid(toMermaid(machine))).toEqual([]);
  });

  it.each(tracks)('%s: the output is deterministic', (_track, machine) => {
    expect(toMermaid(machine)).toBe(toMermaid(machine));
  });
});

/** The diagram's statements, indentation dropped, header skipped. */
function statements(machine: AnyStateMachine): string[] {
  const source = toMermaid(machine);
  expect(lintMermaid(source)).toEqual([]);
  return source
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
}

describe('toMermaid', () => {
  it('draws initial and final states, labels from meta.label, guards and timers', () => {
    const machine = setup({ guards: { isChair: () => true } }).createMachine({
      id: 'vote',
      initial: 'open',
      states: {
        open: {
          meta: {
            label: { zh: '投票中', en: 'Voting' },
            timers: [{ name: 'close', event: 'CLOSE_DUE', label: { zh: '截止', en: 'Closes' } }],
          },
          on: {
            CLOSE_DUE: 'closed',
            APPROVE: { guard: 'isChair', target: 'approved' },
          },
        },
        closed: { type: 'final' },
        approved: { type: 'final', meta: { label: { zh: '通过', en: 'Approved' } } },
      },
    });
    expect(statements(machine)).toEqual([
      '[*] --> open',
      'open : open',
      'open : 投票中 · Voting',
      'closed',
      'approved : approved',
      'approved : 通过 · Approved',
      'open --> closed : ⏱ CLOSE_DUE',
      'open --> approved : APPROVE [isChair]',
      'closed --> [*]',
      'approved --> [*]',
    ]);
  });

  it('nests compound states, with their own initial and final states, and keeps ids unique', () => {
    const machine = createMachine({
      id: 'nested',
      initial: 'a',
      states: {
        a: {
          initial: 'draft',
          meta: { label: { zh: '甲', en: 'A' } },
          states: {
            draft: { on: { SUBMIT: 'done' } },
            done: { type: 'final' },
          },
          onDone: 'b',
        },
        b: {
          initial: 'draft',
          states: { draft: { on: { BACK: '#nested.a.draft' } } },
        },
      },
    });
    expect(statements(machine)).toEqual([
      '[*] --> a',
      'state a {',
      '[*] --> a_draft',
      'a_draft',
      'done',
      'a_draft --> done : SUBMIT',
      'done --> [*]',
      '}',
      'a : a · 甲 · A',
      'state b {',
      '[*] --> b_draft',
      'b_draft',
      '}',
      'a --> b : onDone',
      // Leaves its parent: written at the top level, after every state is placed.
      'b_draft --> a_draft : BACK',
    ]);
  });

  it('separates parallel regions with --', () => {
    const machine = createMachine({
      id: 'checks',
      initial: 'running',
      states: {
        running: {
          type: 'parallel',
          states: {
            vetting: {
              initial: 'pending',
              states: { pending: { on: { VETTED: 'ok' } }, ok: { type: 'final' } },
            },
            publicity: {
              initial: 'posted',
              states: { posted: { on: { NO_OBJECTION: 'clear' } }, clear: {} },
            },
          },
          onDone: 'finished',
        },
        finished: { type: 'final' },
      },
    });
    expect(statements(machine)).toEqual([
      '[*] --> running',
      'state running {',
      'state vetting {',
      '[*] --> pending',
      'pending',
      'ok',
      'pending --> ok : VETTED',
      'ok --> [*]',
      '}',
      '--',
      'state publicity {',
      '[*] --> posted',
      'posted',
      'clear',
      'posted --> clear : NO_OBJECTION',
      '}',
      '}',
      'finished',
      'running --> finished : onDone',
      'finished --> [*]',
    ]);
  });

  it('draws a parallel machine as one top-level state', () => {
    const machine = createMachine({ id: 'both', type: 'parallel', states: { x: {}, y: {} } });
    expect(statements(machine)).toEqual(['[*] --> both', 'state both {', 'x', '--', 'y', '}']);
  });

  it('labels guarded candidates, the else branch, built-in and inline guards, delays and re-entry', () => {
    const machine = setup({ guards: { a: () => true, b: () => true } }).createMachine({
      id: 'g',
      initial: 's',
      states: {
        s: {
          on: {
            GO: [
              { guard: and(['a', not('b')]), target: 't' },
              { guard: { type: 'b', params: { n: 1 } }, target: 't' },
              { guard: ({ event }) => event.type === 'GO', target: 't' },
              { target: 'u' },
            ],
            AGAIN: { target: 's', reenter: true },
          },
          after: { 5000: 't' },
          always: { guard: stateIn('#g.t'), target: 'u' },
        },
        t: {},
        u: {},
      },
    });
    expect(statements(machine).filter((line) => line.includes('-->') && !line.includes('[*]'))).toEqual([
      's --> t : GO [and(a, not b)]',
      's --> t : GO [b]',
      's --> t : GO [inline]',
      's --> u : GO [else]',
      's --> s : AGAIN (reenter)',
      's --> t : ⏱ after 5000ms',
      's --> u : always [in(#g.t)]',
    ]);
  });

  it('draws targetless transitions as self-loops, root transitions from any_state, and omits forbidden ones', () => {
    const machine = createMachine({
      id: 'r',
      initial: 'open',
      meta: {},
      on: { WITHDRAW: '.withdrawn', NOTE: { actions: () => {} } },
      states: {
        open: {
          meta: { timers: [{ name: 'reminder', event: 'REMIND', label: { zh: '提醒', en: 'Reminder' } }] },
          on: { REMIND: { actions: () => {} }, WITHDRAW: {} },
        },
        withdrawn: { type: 'final' },
      },
    });
    expect(statements(machine)).toEqual([
      'any_state : 任意状态 · Any state',
      '[*] --> open',
      'open',
      'withdrawn',
      'any_state --> withdrawn : WITHDRAW',
      'any_state --> any_state : NOTE',
      'open --> open : ⏱ REMIND',
      'withdrawn --> [*]',
    ]);
  });

  it('makes labels and ids safe for Mermaid', () => {
    const machine = createMachine({
      id: 'odd',
      initial: 'default',
      states: {
        default: {
          meta: { label: { zh: '说明：含冒号', en: 'Note: a; "b" <c> `d` 50%%\nnext direction LR' } },
          on: { 'order.placed': 'state' },
        },
        state: {},
      },
    });
    expect(statements(machine)).toEqual([
      '[*] --> s_default',
      's_default : s_default',
      "s_default : 说明：含冒号 · Note∶ a, 'b' ‹c› 'd' 50% % next direction-LR",
      's_state',
      's_default --> s_state : order.placed',
    ]);
  });
});

describe('lintMermaid', () => {
  it('reports what would break the parser', () => {
    expect(lintMermaid('stateDiagram-v2\n  a --> b : X: y\n  state c {\n  default\n  --')).toEqual([
      'line 2: not a statement toMermaid writes: a --> b : X: y',
      'line 4: "default" is a Mermaid keyword',
      '1 unclosed "{"',
    ]);
    expect(lintMermaid('stateDiagram-v2\n  --\n  a : 50%% done')).toEqual([
      'line 2: "--" outside a state',
      'line 3: "%%" or "direction" in a : 50%% done',
    ]);
  });
});
