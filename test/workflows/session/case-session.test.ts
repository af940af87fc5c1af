import { describe, expect, it } from 'vitest';
import { LATEST_RULES_EDITION } from '../../../domain/rules-edition';
import {
  CaseLimitError,
  CaseSession,
  IllegalTransitionError,
  InvalidEventError,
  SYSTEM,
} from '../../../workflows/session/case-session';
import { CASE_LIMITS } from '../../../workflows/session/limits';
import { probationTrack } from '../../../workflows/tracks/probation';
import { promotionTrack } from '../../../workflows/tracks/promotion';
import { orgDept, probationStart, unitDept } from '../../support/cases';
import { e, input } from '../../support/promotion-fixtures';

/**
 * The case session is everything a case workflow does except talk to Temporal: it runs here with no
 * server, its clock an argument.
 */
const T = '2026-03-02T02:00:00.000Z';
const LATER = '2026-03-02T03:00:00.000Z';
const origin = { startedBy: orgDept, requestId: 'req-1' };

const probation = (overrides = {}) =>
  new CaseSession(
    probationTrack,
    'district-finance/prob-1',
    {
      ...(probationTrack.vocabulary.startSchema.parse(
        probationStart({ caseId: 'prob-1', startsOn: '2026-03-02' }),
      ) as object),
      ...overrides,
    },
    origin,
    T,
  );

/** A promotion case whose motion has been adopted: it waits for nominations. */
function promotionPastTheMotion() {
  const session = new CaseSession(
    promotionTrack,
    'w',
    promotionTrack.vocabulary.startSchema.parse(input),
    origin,
    T,
  );
  session.apply(session.check({ ...e.motion, at: undefined }, T));
  return session;
}

describe('case session: starting', () => {
  it('starts in the machine’s initial state, its record opened by who started it', () => {
    const session = probation();
    const view = session.view();
    expect(view).toMatchObject({
      workflowId: 'district-finance/prob-1',
      track: 'probation',
      department: 'district-finance',
      caseId: 'prob-1',
      state: 'serving',
      status: 'open',
      label: { zh: '试用期中', en: 'On probation' },
    });
    expect(view.record).toEqual([
      {
        seq: 1,
        at: T,
        recordedAt: T,
        kind: 'started',
        type: 'CASE_STARTED',
        actor: orgDept,
        requestId: 'req-1',
        to: 'serving',
      },
    ]);
  });

  it('a case keeps the rules edition it started under; a machine given none gets the newest', () => {
    expect(probation({ rulesEdition: 1 }).context.rulesEdition).toBe(1);
    expect(probation().context.rulesEdition).toBe(LATEST_RULES_EDITION);
  });

  it('a case started without an origin shows the system as its starter', () => {
    const session = new CaseSession(
      probationTrack,
      'w',
      probationTrack.vocabulary.startSchema.parse(probationStart({ startsOn: '2026-03-02' })),
      undefined,
      T,
    );
    expect(session.view().record[0]?.actor).toEqual(SYSTEM);
  });

  it('the effects the initial state names wait to run, with the catalogue’s params, in order', () => {
    const session = probation();
    expect(session.hasPendingEffects).toBe(true);
    const effect = session.takeEffect();
    expect(effect).toEqual({
      type: 'beginTrialPost',
      params: { cadreId: 'C-1001', post: expect.objectContaining({ title: '副局长' }), since: '2026-03-02' },
    });
    expect(session.takeEffect()).toBeUndefined();
    session.recordEffect(effect as never, LATER);
    expect(session.view().record.at(-1)).toEqual({
      seq: 2,
      at: LATER,
      recordedAt: LATER,
      kind: 'effect',
      type: 'beginTrialPost',
      actor: SYSTEM,
      data: { params: effect?.params },
    });
  });
});

describe('case session: events', () => {
  it('arms the probation expiry timer the serving state names, at the machine’s deadline', () => {
    const timer = probation().nextTimer();
    expect(timer).toMatchObject({ timer: 'probationExpiry', event: 'PROBATION_EXPIRED' });
    expect(timer?.at).toBe('2027-03-01T16:00:00.000Z');
  });

  it('invalid content is refused with each field’s path, and nothing changes', () => {
    const session = probation();
    const before = session.view();
    const refusal = (() => {
      try {
        session.check({ type: 'REPORT_FILED', actor: unitDept, reportId: 'r1', channel: 'pigeon' }, LATER);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(InvalidEventError);
    expect((refusal as InvalidEventError).issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['channel', 'summary']),
    );
    expect(session.view()).toEqual(before);
    expect(session.version).toBe(0);
  });

  it('an event the machine does not take now is refused with the state and the legal events', () => {
    const session = probation();
    let refusal: unknown;
    try {
      session.check(
        { type: 'VERIFICATION_CLEARED', actor: orgDept, reportId: 'r1', findings: '不属实' },
        LATER,
      );
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(IllegalTransitionError);
    const { details, message } = refusal as IllegalTransitionError;
    expect(details.state).toBe('serving');
    expect(details.legalEvents).toEqual(expect.arrayContaining(['REPORT_FILED', 'SERIOUS_PROBLEM_FOUND']));
    expect(details.legalEvents).not.toContain('VERIFICATION_CLEARED');
    expect(message).toMatch(/^VERIFICATION_CLEARED refused in state "serving" \(试用期中\)/);
  });

  it('a refusal says in words which rule failed, never the guard’s identifier', () => {
    const session = promotionPastTheMotion();
    let refusal: unknown;
    try {
      session.check(
        {
          type: 'NOMINATED',
          actor: unitDept,
          nominee: { id: 'A', name: '甲', currentPost: { unit: 'A科', title: '科长', rank: '正科' } },
          channel: 'individual_leader',
          nominators: [{ id: 'L1' }],
          signed: false,
        },
        LATER,
      );
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(IllegalTransitionError);
    const { details, message } = refusal as IllegalTransitionError;
    expect(message).toContain('an individual leader’s nomination must be signed and carry written material');
    expect(message).toContain('领导干部个人推荐须署名并附书面材料');
    expect(message).not.toContain('nominationAcceptable');
    expect(details).toMatchObject({
      state: 'nomination',
      legalEvents: expect.arrayContaining(['NOMINATED']),
    });
    expect(details.rules.map((r) => r.en)).toEqual([expect.stringContaining('must be signed')]);
  });

  it('an applied event moves the machine, is recorded with its data and wakes a waiting host', () => {
    const session = probation();
    const report = {
      type: 'REPORT_FILED',
      actor: unitDept,
      reportId: 'r1',
      channel: 'mailbox',
      summary: '反映问题',
    };
    session.apply(session.check(report, LATER));
    expect(session.version).toBe(1);
    // Probation holds in place: the report waits for verification, the state stays.
    expect(session.state).toBe('serving');
    expect(session.legalEvents()).toEqual(expect.arrayContaining(['VERIFICATION_CLEARED']));
    expect(session.view().record.at(-1)).toMatchObject({
      seq: 2,
      at: LATER,
      kind: 'transition',
      type: 'REPORT_FILED',
      actor: unitDept,
      from: 'serving',
      to: 'serving',
      data: { reportId: 'r1', channel: 'mailbox', summary: '反映问题' },
    });
  });

  it('a fired timer goes to the machine as the system’s event', () => {
    const session = probation();
    session.takeEffect();
    const timer = session.nextTimer();
    expect(timer && session.fireTimer(timer, timer.at)).toBe(true);
    expect(session.state).toBe('review');
    expect(session.view().record.at(-1)).toMatchObject({ type: 'PROBATION_EXPIRED', actor: SYSTEM });
  });

  it('a timer the machine refuses is spent, so the host does not wait on a past deadline forever', () => {
    const session = probation();
    const stale = { timer: 'probationExpiry', event: 'REVIEW_OVERDUE', at: '2027-03-01T16:00:00.000Z' };
    expect(session.fireTimer(stale, stale.at)).toBe(false);
    expect(session.version).toBe(0);
    expect(session.nextTimer()).toBeUndefined();
  });

  it('legal events leave out a type whose context precondition fails (nothing to verify)', () => {
    expect(probation().legalEvents()).not.toContain('VERIFICATION_SUBSTANTIATED');
  });

  it('a promotion names its subject and parties through its track spec', () => {
    const session = promotionPastTheMotion();
    expect(session.subject()).toMatch(/0 nominated, 0 in the pool$/);
    expect(session.parties()).toEqual({ cadres: [], nominators: [] });
  });

  it('a closed case lists no legal events and its archive location shows in the view', () => {
    const session = probation();
    // A finding holds the case until verified; the substantiated verification ends it (second edition).
    session.apply(
      session.check(
        { type: 'SERIOUS_PROBLEM_FOUND', actor: orgDept, findings: '严重问题', findingId: 'F1' },
        LATER,
      ),
    );
    session.apply(
      session.check(
        { type: 'VERIFICATION_SUBSTANTIATED', actor: orgDept, reportId: 'F1', findings: '属实' },
        LATER,
      ),
    );
    expect(session.closed).toBe(true);
    expect(session.legalEvents()).toEqual([]);
    session.archived('records/district-finance/prob-1.json');
    expect(session.view()).toMatchObject({
      status: 'closed',
      archivedTo: 'records/district-finance/prob-1.json',
    });
  });
});

describe('case session: what one case may hold, and carrying it on', () => {
  const report = (i: number) => ({
    type: 'REPORT_FILED',
    actor: unitDept,
    reportId: `R-${i}`,
    channel: 'online',
    summary: `反映问题${i}`,
  });

  it(`takes ${CASE_LIMITS.reports} reports and refuses the next with the limit named, changing nothing`, () => {
    const session = probation();
    for (let i = 0; i < CASE_LIMITS.reports; i++) session.apply(session.check(report(i), LATER));
    const before = session.view();
    expect(() => session.check(report(CASE_LIMITS.reports), LATER)).toThrow(CaseLimitError);
    try {
      session.check(report(CASE_LIMITS.reports), LATER);
    } catch (error) {
      expect((error as CaseLimitError).limit).toBe('reports');
      expect((error as Error).message).toMatch(/达到单案上限 · This case holds 100 reports/);
    }
    expect(session.view()).toEqual(before);
  });

  it('a carried case goes on where it was: state, record, timers, legal events', () => {
    const session = probation();
    session.apply(session.check(report(1), LATER));
    while (session.takeEffect()) {
      // the host runs them before it carries the case on
    }
    const carried = session.carry();
    const again = new CaseSession(
      probationTrack,
      'district-finance/prob-1',
      undefined,
      undefined,
      T,
      carried,
    );
    expect(again.view()).toEqual(session.view());
    expect(again.hasPendingEffects).toBe(false);
    again.apply(
      again.check(
        { type: 'VERIFICATION_CLEARED', actor: orgDept, reportId: 'R-1', findings: '不属实' },
        LATER,
      ),
    );
    expect(again.view().record.at(-1)).toMatchObject({ seq: 3, type: 'VERIFICATION_CLEARED' });
  });

  it('a case with an effect waiting is not carried', () => {
    expect(() => probation().carry()).toThrow(/no effect waiting/);
  });
});
