import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, type AnyStateMachine, initialTransition, transition } from 'xstate';
import type { Track } from '../../domain/case';
import { eventOptionsOf, eventTypeOf } from '../../domain/event-schemas';
import type { RulesEdition } from '../../domain/rules-edition';
import {
  EVENT_SENDERS,
  machineAcceptsFrom,
  mayBeSentBy,
  type SenderRole,
  senderRefusal,
  senderRoles,
  sendersOf,
} from '../../domain/senders';
import { demotionMachine } from '../../machines/demotion';
import { probationMachine } from '../../machines/probation';
import { promotionMachine } from '../../machines/promotion';
import { rotationMachine } from '../../machines/rotation';
import { rolesTables } from '../../scripts/diagrams/roles-table';
import { CaseSession, IllegalTransitionError } from '../../workflows/session/case-session';
import { demotionTrack } from '../../workflows/tracks/demotion';
import { probationTrack } from '../../workflows/tracks/probation';
import { promotionTrack } from '../../workflows/tracks/promotion';
import { rotationTrack } from '../../workflows/tracks/rotation';
import type { AnyTrackSpec } from '../../workflows/tracks/spec';
import { failingProbationReview, passingProbationReview, probationStart } from '../support/cases';
import {
  counts,
  e,
  evaluate,
  inspected,
  nominate,
  input as promotionInput,
  readyForVote,
  review,
  T0,
  votes,
} from '../support/promotion-fixtures';
import {
  demotion,
  demotionPosts,
  demotionStart,
  demotionTriggers,
  rotation,
  rotationStart,
} from '../support/track-fixtures';

/**
 * The whole role × event matrix of every track (issue 11, "Roles"), against the one table
 * (domain/senders.ts), at two levels:
 * - the machine: in every state along paths that reach every state, every sample event is tried from
 *   every role. A role the table does not name is never accepted (in editions 1–2, only what
 *   `legacyMachineSenders` records for replay), and every role it names is accepted somewhere;
 * - the session: every caller event from every caller role the table does not name is refused first,
 *   in the table's words, listing only what that role may send now, and nothing changes.
 */
type Event = { type: string; at: string; actor: { id: string; role: string }; [key: string]: unknown };
type Path = { input: unknown; events: object[] };
interface TrackMatrix {
  track: Track;
  machine: AnyStateMachine;
  spec: AnyTrackSpec;
  paths: (edition: RulesEdition) => Path[];
  /** Tried in every state besides the paths' own events. */
  extra: object[];
}

const T = '2026-03-02T02:00:00.000Z';
const at = <E extends object>(event: E, when = T) => ({ ...event, at: when });
const org = { id: 'od-zhang', role: 'organization_department' };
const system = { id: 'workflow-timer', role: 'system' };

const promotionToInspection = [
  e.motion,
  nominate('A'),
  nominate('B'),
  nominate('C'),
  e.closeNominations,
  review('A'),
  review('B'),
  review('C'),
  e.concludeReview,
  e.recommendation(),
  e.choose('A', 'B'),
  e.notice,
  e.noticeElapsed,
];
const measure = {
  type: 'MEASURE_RECORDED',
  at: T0,
  actor: org,
  cadreId: 'B',
  measure: { kind: 'party_warning', effectiveDate: '2026-02-11', rankAtMeasure: 'section' },
};
const decision = (type: string) => ({ type, at: T0, actor: org, decision: '部务会议纪要' });

const tracks: TrackMatrix[] = [
  {
    track: 'promotion',
    machine: promotionMachine,
    spec: promotionTrack,
    paths: (rulesEdition) => [
      {
        input: { ...promotionInput, rulesEdition },
        events: [
          ...promotionToInspection,
          measure,
          evaluate('A', counts.clear),
          inspected('A'),
          evaluate('B', counts.clear),
          inspected('B'),
          e.conclude('A'),
          e.consulted,
          ...readyForVote('A'),
          votes.passes,
          e.publicity,
          { ...e.report('R2'), concerns: 'A' },
          e.cleared('R2'),
          e.publicityClosed,
          e.appoint,
          ...(rulesEdition >= 2 ? [e.talk] : []),
        ],
      },
      {
        input: { ...promotionInput, rulesEdition },
        events: [
          ...promotionToInspection,
          evaluate('A', counts.adjustment),
          evaluate('B', counts.adjustment),
        ],
      },
      {
        // A special post: publicity may be waived.
        input: { ...promotionInput, rulesEdition, specialPost: true },
        events: [
          ...promotionToInspection,
          ...['A', 'B'].flatMap((id) => [evaluate(id, counts.clear), inspected(id)]),
          e.conclude('A'),
          e.consulted,
          ...readyForVote('A'),
          votes.passes,
          e.waived,
        ],
      },
      {
        input: { ...promotionInput, rulesEdition, specialPost: true, openSelection: true },
        events: [
          e.motion,
          ...['A', 'B', 'C', 'D'].map((id) => nominate(id)),
          e.closeNominations,
          ...['A', 'B', 'C', 'D'].map((id) => review(id)),
          e.concludeReview,
          e.recommendation(60, ['A', 'B', 'C', 'D']),
          e.choose('A', 'B', 'C', 'D'),
          e.notice,
          e.noticeElapsed,
          ...['A', 'B', 'C', 'D'].flatMap((id) => [evaluate(id, counts.clear), inspected(id)]),
          e.conclude('A', 'B', 'C'),
          e.consulted,
          e.finalists('A', 'B', 'C'),
        ],
      },
    ],
    extra: [
      e.withdraw,
      e.waived,
      e.report('R1'),
      e.substantiated('R2'),
      decision('NO_CANDIDATE_PRODUCED'),
      decision('RETURNED_TO_NOMINATION'),
      {
        type: 'CALENDAR_UPDATED',
        at: '2026-02-20T02:00:00.000Z',
        actor: org,
        schedules: [
          {
            year: 2026,
            holidays: ['2026-01-01', '2026-05-01', '2026-10-01'],
            makeUpWorkdays: [],
            source: 't',
          },
        ],
      },
    ],
  },
  {
    track: 'rotation',
    machine: rotationMachine,
    spec: rotationTrack,
    paths: (rulesEdition) => [
      {
        input: { ...rotationStart({ caseId: 'rot-m', inPostSince: '2016-02-11' }), rulesEdition },
        events: [rotation.propose(), rotation.consulted, rotation.passes, rotation.talk('2026-03-02')].map(
          (event) => at(event),
        ),
      },
    ],
    extra: [
      at({ type: 'REPORT_FILED', actor: org, reportId: 'R1', channel: 'mailbox', summary: '反映问题' }),
      at(rotation.withdraw),
    ],
  },
  {
    track: 'demotion',
    machine: demotionMachine,
    spec: demotionTrack,
    paths: (rulesEdition) => [
      {
        input: { ...demotionStart({ caseId: 'dem-m' }), rulesEdition },
        events: [
          demotion.verified,
          demotion.talk(),
          demotion.propose('removal', { removalGrounds: 'accountability' }),
          demotion.passes,
          // Fourth edition: 复核 maintained, 申诉 extended, overdue, then revoked.
          ...(rulesEdition >= 4
            ? [
                demotion.reviewRequested,
                demotion.reviewDecided('maintained'),
                demotion.appealFiled,
                demotion.appealExtended(),
                { type: 'APPEAL_DECISION_OVERDUE', actor: system },
                demotion.appealDecided('revoked'),
              ]
            : []),
        ].map((event) => at(event)),
      },
      {
        input: {
          ...demotionStart({ caseId: 'dem-i', trigger: demotionTriggers.annual_assessment }),
          rulesEdition,
        },
        events: [
          demotion.verified,
          demotion.talk(),
          demotion.propose('demotion', { newPost: demotionPosts.lower }),
          demotion.passes,
          // Fourth edition: 复核 overdue, maintained, and the period to 申诉 ends unused.
          ...(rulesEdition >= 4
            ? [
                demotion.reviewRequested,
                { type: 'REVIEW_DECISION_OVERDUE', actor: system },
                demotion.reviewDecided('maintained'),
                { type: 'RECOURSE_PERIOD_ENDED', actor: system },
              ]
            : []),
        ].map((event) => at(event)),
      },
    ],
    extra: [
      at(demotion.dismissed),
      at({ type: 'REPORT_FILED', actor: org, reportId: 'R1', channel: 'mailbox', summary: '反映问题' }),
      at(demotion.withdraw),
    ],
  },
  {
    track: 'probation',
    machine: probationMachine,
    spec: probationTrack,
    paths: (rulesEdition) => {
      const start = { ...probationStart({ caseId: 'prob-m', startsOn: '2026-03-02' }), rulesEdition };
      const later = '2026-09-01T02:00:00.000Z';
      const due = '2027-03-10T02:00:00.000Z';
      const finding = {
        type: 'SERIOUS_PROBLEM_FOUND',
        at: later,
        actor: org,
        findings: '违规',
        findingId: 'F1',
      };
      const verified = (type: string, reportId: string) => ({
        type,
        at: later,
        actor: org,
        reportId,
        findings: '核查结论',
      });
      const report = {
        type: 'REPORT_FILED',
        at: later,
        actor: org,
        reportId: 'R1',
        channel: 'online',
        summary: '反映',
      };
      const timer = (type: string) => ({ type, at: '2027-03-01T16:00:00.000Z', actor: system });
      const passed = { type: 'REVIEW_PASSED', at: due, actor: org, ...passingProbationReview };
      const failed = {
        type: 'REVIEW_FAILED',
        at: due,
        actor: org,
        findings: '不称职',
        ...failingProbationReview,
      };
      return [
        {
          input: start,
          events: [
            ...(rulesEdition >= 2 ? [finding, verified('VERIFICATION_CLEARED', 'F1')] : []),
            report,
            verified('VERIFICATION_CLEARED', 'R1'),
            timer('PROBATION_EXPIRED'),
            timer('REVIEW_REMINDER_DUE'),
            timer('REVIEW_OVERDUE'),
            passed,
          ],
        },
        { input: start, events: [timer('PROBATION_EXPIRED'), failed] },
        { input: start, events: [report, verified('VERIFICATION_SUBSTANTIATED', 'R1')] },
        { input: start, events: [finding] },
      ];
    },
    extra: [],
  },
];

const asRole = (event: object, role: SenderRole): Event =>
  ({ ...(event as Event), actor: { id: `sender-${role}`, role } }) as Event;

/** Every snapshot along a path, the first included; each step must have been taken. */
function snapshotsOf(machine: AnyStateMachine, path: Path): AnyMachineSnapshot[] {
  let [snapshot] = initialTransition(machine, path.input as never);
  const out: AnyMachineSnapshot[] = [snapshot];
  for (const event of path.events) {
    const [next] = transition(machine, snapshot, event as never);
    expect(next, `${JSON.stringify(snapshot.value)} took ${(event as Event).type}`).not.toBe(snapshot);
    snapshot = next;
    out.push(snapshot);
  }
  return out;
}

/** Events that came with the fourth edition (复核 and 申诉): no earlier edition's state takes them. */
const FOURTH_EDITION_EVENTS = new Set([
  'REVIEW_REQUESTED',
  'REVIEW_DECIDED',
  'APPEAL_FILED',
  'APPEAL_EXTENDED',
  'APPEAL_DECIDED',
  'RECOURSE_PERIOD_ENDED',
  'REVIEW_DECISION_OVERDUE',
  'APPEAL_DECISION_OVERDUE',
]);

const samplesOf = (matrix: TrackMatrix, paths: Path[]) => [
  ...paths.flatMap((p) => p.events),
  ...matrix.extra,
];
const eventTypes = (track: Track) => Object.keys(EVENT_SENDERS[track]);

describe.each(tracks)('$track: who may send each event', (matrix) => {
  const { track, machine } = matrix;

  it.each([1, 2, 3, 4] as RulesEdition[])(
    'edition %s: the machine accepts a role only where the table names it, and every role it names somewhere',
    (edition) => {
      const paths = matrix.paths(edition);
      const samples = samplesOf(matrix, paths);
      const accepted = new Set<string>();
      const beyondTable: string[] = [];
      for (const snapshot of paths.flatMap((path) => snapshotsOf(machine, path))) {
        for (const sample of samples) {
          for (const role of senderRoles) {
            const event = asRole(sample, role);
            if (!snapshot.can(event as never)) continue;
            accepted.add(`${event.type} ← ${role}`);
            if (!machineAcceptsFrom(track, event.type, role, edition))
              beyondTable.push(`${JSON.stringify(snapshot.value)} × ${event.type} ← ${role}`);
          }
        }
      }
      expect(beyondTable, 'accepted from a role the table does not name').toEqual([]);
      // Every sample's type is in the table, and every role the table names is accepted somewhere.
      for (const sample of samples) expect(eventTypes(track)).toContain((sample as Event).type);
      const sampled = new Set(samples.map((s) => (s as Event).type));
      const missing = eventTypes(track)
        .filter((type) => sampled.has(type))
        .flatMap((type) => sendersOf(track, type, edition).map((role) => `${type} ← ${role}`))
        .filter((pair) => !accepted.has(pair));
      expect(missing, 'a role the table names that no state accepts').toEqual([]);
      if (edition >= 2) {
        expect(
          [...new Set(eventTypes(track))].filter(
            (type) => !sampled.has(type) && (edition >= 4 || !FOURTH_EDITION_EVENTS.has(type)),
          ),
          'events not sampled',
        ).toEqual([]);
      }
    },
  );

  it.each([1, 2, 3, 4] as RulesEdition[])(
    'edition %s: the session refuses a wrong sender first, in the table’s words, listing what that role may send, changing nothing',
    (edition) => {
      const paths = matrix.paths(edition);
      const samples = samplesOf(matrix, paths);
      const callerTypes = new Set(eventOptionsOf(matrix.spec.vocabulary.eventSchema).map(eventTypeOf));
      let refusals = 0;
      for (const snapshot of paths.flatMap((path) => snapshotsOf(machine, path))) {
        const session = new CaseSession(matrix.spec, `${track}/matrix`, undefined, undefined, T, {
          snapshot: { value: snapshot.value, context: snapshot.context },
          record: [],
          spentTimers: [],
        });
        const before = JSON.stringify(session.view());
        for (const sample of samples) {
          const { at: when, ...raw } = sample as Event;
          if (!callerTypes.has(raw.type)) continue;
          for (const role of ['organization_department', 'department', 'committee'] as const) {
            if (mayBeSentBy(track, raw.type, role, edition)) continue;
            const error = (() => {
              try {
                session.check(asRole(raw, role), when);
              } catch (thrown) {
                return thrown;
              }
            })();
            expect(error, `${raw.type} ← ${role}`).toBeInstanceOf(IllegalTransitionError);
            const refusal = error as IllegalTransitionError;
            const words = senderRefusal(track, raw.type, edition);
            expect(refusal.message).toContain(`${words.zh} · ${words.en}`);
            expect(refusal.message).not.toContain('meets none of the conditions');
            expect(refusal.details.rules).toEqual([words]);
            expect(refusal.details.legalEvents).toEqual(session.legalEventsFor(role));
            for (const type of refusal.details.legalEvents)
              expect(mayBeSentBy(track, type, role, edition), `${type} listed for ${role}`).toBe(true);
            refusals++;
          }
        }
        expect(JSON.stringify(session.view())).toBe(before);
      }
      expect(refusals).toBeGreaterThan(0);
    },
  );
});

describe('the table’s own words', () => {
  it('names the committee for votes, and nothing else', () => {
    for (const track of Object.keys(EVENT_SENDERS) as Track[]) {
      for (const type of eventTypes(track)) {
        const committee = sendersOf(track, type, 2).includes('committee');
        expect(committee, `${track} ${type}`).toBe(type === 'VOTE_RECORDED');
      }
    }
    expect(senderRefusal('promotion', 'VOTE_RECORDED', 2)).toEqual({
      zh: '只有常委会记录表决',
      en: 'only the committee records a vote',
    });
  });

  it('only the organization department concludes reviews, verifies reports and ends a case', () => {
    const conclusive = [
      ['probation', 'REVIEW_PASSED'],
      ['probation', 'REVIEW_FAILED'],
      ['probation', 'VERIFICATION_SUBSTANTIATED'],
      ['probation', 'VERIFICATION_CLEARED'],
      ['promotion', 'VERIFICATION_SUBSTANTIATED'],
      ['promotion', 'WITHDRAWN'],
      ['promotion', 'NO_CANDIDATE_PRODUCED'],
      ['demotion', 'TRIGGER_DISMISSED'],
      ['rotation', 'WITHDRAWN'],
    ] as const;
    for (const [track, type] of conclusive)
      expect(sendersOf(track, type, 2)).toEqual(['organization_department']);
    // A probation finding: a fact a department may report from the second edition (it only holds the
    // case); under the first it ended the probation at once, so the organization department's alone.
    expect(sendersOf('probation', 'SERIOUS_PROBLEM_FOUND', 2)).toEqual([
      'organization_department',
      'department',
    ]);
    expect(sendersOf('probation', 'SERIOUS_PROBLEM_FOUND', 1)).toEqual(['organization_department']);
  });

  it('the edition-1 machine still takes a finding from anyone, for replay only: the session refuses it', () => {
    const start = { ...probationStart({ caseId: 'prob-legacy', startsOn: '2026-03-02' }), rulesEdition: 1 };
    const [serving] = initialTransition(probationMachine, start as never);
    const finding = {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: '严重违纪',
      actor: { id: 'sc', role: 'committee' },
    };
    expect(serving.can({ ...finding, at: T } as never)).toBe(true);
    const session = new CaseSession(probationTrack, 'p/legacy', undefined, undefined, T, {
      snapshot: { value: serving.value, context: serving.context },
      record: [],
      spentTimers: [],
    });
    expect(() => session.check(finding, T)).toThrow('只有组织部门以发现严重问题结束试用期');
    // Replaying an event accepted before the sender check: the machine alone decides, as it did then.
    expect(session.check(finding, T, { senders: 'machine' }).type).toBe('SERIOUS_PROBLEM_FOUND');
  });
});

describe('the README’s Roles tables', () => {
  it('are the table as it is now (npm run diagrams writes them)', () => {
    const readme = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
    expect(readme, 'README.md Roles tables are stale: run `npm run diagrams`').toContain(rolesTables());
  });
});
