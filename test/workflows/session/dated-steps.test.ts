import { describe, expect, it } from 'vitest';
import type { RecordEntry } from '../../../domain/case-view';
import {
  CaseSession,
  IllegalTransitionError,
  ImportRefusedError,
  InvalidEventError,
  SYSTEM,
} from '../../../workflows/session/case-session';
import { probationTrack } from '../../../workflows/tracks/probation';
import { rotationTrack } from '../../../workflows/tracks/rotation';
import { orgDept, probationStart, unitDept } from '../../support/cases';
import { committee, rotation, rotationStart } from '../../support/track-fixtures';

/**
 * Dated steps in the case session, with no server: `occurredAt` checked against the session's `now` and
 * the latest step, timers counted from it, and a case brought in with its earlier steps.
 */
const NOW = '2026-12-01T04:00:00.000Z'; // Tue 12:00 China time
const origin = { startedBy: orgDept, requestId: 'req-1' };

const probation = (overrides: Record<string, unknown> = {}, startOrigin: object = origin) =>
  new CaseSession(
    probationTrack,
    'district-finance/prob-1',
    probationTrack.vocabulary.startSchema.parse(
      probationStart({ caseId: 'prob-1', startsOn: '2026-11-02', ...overrides }),
    ),
    startOrigin as never,
    NOW,
  );

const report = (reportId: string, occurredAt?: string) => ({
  type: 'REPORT_FILED',
  actor: unitDept,
  reportId,
  channel: 'online',
  summary: '反映问题',
  ...(occurredAt === undefined ? {} : { occurredAt }),
});

/** The refusal `act` throws (it must throw). */
function refusalOf(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const SECOND = 1000;
const last = (session: CaseSession) => session.view().record.at(-1) as RecordEntry;

describe('occurredAt: when a step happened', () => {
  it('absent, the step happened now: at, occurredAt and recordedAt are the session’s time', () => {
    const session = probation();
    session.apply(session.check(report('r1'), NOW));
    expect(last(session)).toMatchObject({ at: NOW, occurredAt: NOW, recordedAt: NOW });
  });

  it('one second in the past is taken; one second in the future is 422 on occurredAt, naming now', () => {
    const session = probation({}, { ...origin, occurredAt: '2026-11-02' });
    session.apply(session.check(report('r1', shift(NOW, -SECOND)), NOW));
    expect(last(session)).toMatchObject({ at: shift(NOW, -SECOND), recordedAt: NOW });
    const refused = refusalOf(() => session.check(report('r2', shift(NOW, SECOND)), NOW));
    expect(refused).toBeInstanceOf(InvalidEventError);
    expect((refused as InvalidEventError).issues).toEqual([
      {
        path: ['occurredAt'],
        message: expect.stringMatching(
          /晚于现在（2026-12-01 12:00）.*lies in the future: it is now 2026-12-01 12:00/,
        ),
      },
    ]);
  });

  it('by date: today is taken, tomorrow is refused', () => {
    const session = probation({}, { ...origin, occurredAt: '2026-11-02' });
    expect(() => session.check(report('r1', '2026-12-02'), NOW)).toThrow(/lies in the future/);
    session.apply(session.check(report('r1', '2026-12-01'), NOW));
    // A date stands for the start of its China day.
    expect(last(session)).toMatchObject({ occurredAt: '2026-12-01', at: '2026-11-30T16:00:00.000Z' });
  });

  it('a China time without an offset is +08:00', () => {
    const session = probation({}, { ...origin, occurredAt: '2026-11-02' });
    session.apply(session.check(report('r1', '2026-11-30T09:30'), NOW));
    expect(last(session)).toMatchObject({ occurredAt: '2026-11-30T09:30', at: '2026-11-30T01:30:00.000Z' });
  });

  it('not before the step it follows: one second before is 422 naming that step and its time; the same instant is taken', () => {
    const previous = '2026-11-20T02:00:00.000Z'; // 10:00 China time
    const session = probation({}, { ...origin, occurredAt: '2026-11-02' });
    session.apply(session.check(report('r1', previous), NOW));
    const refused = refusalOf(() => session.check(report('r2', shift(previous, -SECOND)), NOW));
    expect((refused as InvalidEventError).issues[0]).toEqual({
      path: ['occurredAt'],
      message: expect.stringMatching(
        /早于上一步 REPORT_FILED 的时间（2026-11-20 10:00）.*before the step it follows: REPORT_FILED, on 2026-11-20 10:00/,
      ),
    });
    session.apply(session.check(report('r2', previous), NOW));
    expect(last(session).at).toBe(previous);
  });

  it('by date against a timed step: the day before is refused, the same day is taken and keeps the order', () => {
    const previous = '2026-11-20T02:00:00.000Z';
    const session = probation({}, { ...origin, occurredAt: '2026-11-02' });
    session.apply(session.check(report('r1', previous), NOW));
    expect(() => session.check(report('r2', '2026-11-19'), NOW)).toThrow(/before the step it follows/);
    session.apply(session.check(report('r2', '2026-11-20'), NOW));
    // The same day, after the step it follows: the instant does not go back to the start of the day.
    expect(last(session)).toMatchObject({ occurredAt: '2026-11-20', at: previous });
  });

  it('the policy may bound how late a step is reported: its last day is taken, the day after is refused', () => {
    const session = probation(
      { policy: { reporting: { maxDaysLate: 3 } } },
      { ...origin, occurredAt: '2026-11-02' },
    );
    expect(() => session.check(report('r1', '2026-11-27'), NOW)).toThrow(
      /4 days ago; this case's policy takes steps reported at most 3 days after/,
    );
    session.apply(session.check(report('r1', '2026-11-28'), NOW));
  });

  it('a case started today refuses a step dated before it', () => {
    const session = probation();
    expect(() => session.check(report('r1', '2026-11-30'), NOW)).toThrow(
      /before the step it follows: CASE_STARTED, on 2026-12-01 12:00/,
    );
  });
});

describe('timers count from when the step happened', () => {
  it('a deadline already past fires at once, dated at the deadline, and the record says so', () => {
    // Probation from 2025-11-20: it expired at the start of 2026-11-20, before the case came to wait.
    const session = probation({ startsOn: '2025-11-20' }, { ...origin, occurredAt: '2025-11-20' });
    const timer = session.nextTimer();
    expect(timer?.at).toBe('2026-11-19T16:00:00.000Z');
    expect(timer && session.fireTimer(timer, NOW, { late: true })).toBe(true);
    expect(session.state).toBe('review');
    expect(last(session)).toMatchObject({
      type: 'PROBATION_EXPIRED',
      actor: SYSTEM,
      at: '2026-11-19T16:00:00.000Z',
      recordedAt: NOW,
      reason: expect.stringMatching(/在记录前已过，即时办结 .* it fired at once/),
      data: { dueAt: '2026-11-19T16:00:00.000Z', firedAtOnce: true },
    });
    // The review's deadline counts from the expiry (30 days), not from the day it was recorded.
    expect(session.view().deadlines.find((d) => d.timer === 'reviewDeadline')?.at).toBe(
      '2026-12-20T16:00:00.000Z',
    );
  });
});

describe('a case brought in under way', () => {
  const rotationSession = (history: unknown[], startOrigin: object = origin) => {
    const session = new CaseSession(
      rotationTrack,
      'district-org/rot-1',
      rotationTrack.vocabulary.startSchema.parse(rotationStart({ caseId: 'rot-1' })),
      { ...startOrigin, history } as never,
      NOW,
    );
    session.bringIn(history, NOW, 'req-1');
    return session;
  };

  it('applies each step through the machine, marks it imported, begins with the first, and runs none of their effects', () => {
    const session = rotationSession([
      { ...rotation.propose(), occurredAt: '2026-11-10' },
      { ...rotation.consulted, occurredAt: '2026-11-12T15:00' },
    ]);
    expect(session.state).toBe('committeeVote');
    const record = session.view().record;
    expect(record.map((r) => [r.type, r.occurredAt, r.imported])).toEqual([
      ['CASE_STARTED', '2026-11-10', undefined],
      ['ROTATION_PROPOSED', '2026-11-10', true],
      ['CONSULTATION_CONCLUDED', '2026-11-12T15:00', true],
    ]);
    expect(record.every((r) => r.recordedAt === NOW)).toBe(true);
    // Only the start's own effects wait to run (none for a rotation): the steps' notices went long ago.
    expect(session.hasPendingEffects).toBe(false);
  });

  it('an illegal step refuses the whole import, naming the step and the rule', () => {
    const refused = refusalOf(() =>
      rotationSession([
        { ...rotation.propose(), occurredAt: '2026-11-10' },
        { ...rotation.passes, actor: committee, occurredAt: '2026-11-11' },
      ]),
    );
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect((refused as ImportRefusedError).step).toBe(1);
    expect((refused as ImportRefusedError).refusal).toBeInstanceOf(IllegalTransitionError);
    expect(refused.message).toMatch(
      /^历史第 2 步 VOTE_RECORDED 无法导入 · history\[1\] \(VOTE_RECORDED\) cannot be brought in: VOTE_RECORDED refused in state "consultation"/,
    );
  });

  it('a step out of date order is refused on its occurredAt', () => {
    const refused = refusalOf(() =>
      rotationSession([
        { ...rotation.propose(), occurredAt: '2026-11-10' },
        { ...rotation.consulted, occurredAt: '2026-11-09' },
      ]),
    ) as ImportRefusedError;
    expect(refused.refusal).toBeInstanceOf(InvalidEventError);
    expect((refused.refusal as InvalidEventError).issues[0]?.path).toEqual(['occurredAt']);
    expect(refused.message).toMatch(
      /history\[1\] \(CONSULTATION_CONCLUDED\).*before the step it follows: ROTATION_PROPOSED, on 2026-11-10/,
    );
  });

  it('a timer that fell due between two steps fires between them, dated at its deadline', () => {
    // Probation from 2025-11-02 expired at the start of 2026-11-02; its review was done on 2026-11-20.
    const history = [{ type: 'REVIEW_PASSED', actor: orgDept, occurredAt: '2026-11-20', ...passingReview }];
    const session = new CaseSession(
      probationTrack,
      'district-finance/prob-2',
      probationTrack.vocabulary.startSchema.parse(
        probationStart({ caseId: 'prob-2', startsOn: '2025-11-02' }),
      ),
      { ...origin, occurredAt: '2025-11-02', history } as never,
      NOW,
    );
    session.takeEffect(); // the start's own effect (the trial post) runs: the case began in the service
    session.bringIn(history, NOW);
    expect(session.state).toBe('confirmed');
    expect(session.view().record.map((r) => [r.type, r.at, r.imported])).toEqual([
      ['CASE_STARTED', '2025-11-01T16:00:00.000Z', undefined],
      ['PROBATION_EXPIRED', '2026-11-01T16:00:00.000Z', true],
      ['REVIEW_PASSED', '2026-11-19T16:00:00.000Z', true],
    ]);
    expect(session.hasPendingEffects).toBe(false);
  });
});

const passingReview = {
  evaluation: { total: 40, satisfied: 32, basicallySatisfied: 4, dissatisfied: 4 },
  inspection: { conclusion: 'qualified', summary: '德能勤绩廉：表现良好' },
};
