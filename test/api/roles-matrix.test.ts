import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Track } from '../../domain/case';
import { mayBeSentBy, type SenderRole, senderRefusal } from '../../domain/senders';
import { TEST_SCHEDULE_2027 } from '../support/calendar-fixtures';
import { probationStart } from '../support/cases';
import { promotionInput } from '../support/promotion-driver';
import {
  briefed,
  checked,
  counts,
  deliberated,
  e,
  evaluate,
  inspected,
  nominate,
  review,
  votes,
} from '../support/promotion-fixtures';
import { startTestService, type TestService } from '../support/service';
import { demotion, demotionPosts, demotionStart, rotation, rotationStart } from '../support/track-fixtures';

/**
 * The role × event matrix through the real HTTP API (issue 11, "Roles"): for one representative state of
 * each track, every event a caller may send, from every token — the organization department, the case's
 * own department, another department, the committee. Another department is 403; a role the table
 * (domain/senders.ts) does not name is 409 in the table's words, listing only what that role may send
 * now; nothing changes on any refusal. Every view lists each caller only the events its role may send.
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

type Token = 'org' | 'finance' | 'education' | 'committee';
const ROLE: Record<Token, SenderRole> = {
  org: 'organization_department',
  finance: 'department',
  education: 'department',
  committee: 'committee',
};

/** A caller's body: the API sets the actor and the workflow the time. */
const body = (event: object) => {
  const { at: _at, actor: _actor, ...rest } = event as Record<string, unknown>;
  return rest;
};

const report = { type: 'REPORT_FILED', reportId: 'R-matrix', channel: 'online', summary: '反映问题' };
const verification = (type: string) => ({ type, reportId: 'R-none', findings: '核查结论' });
const withdraw = { type: 'WITHDRAWN', reason: '矩阵测试' };
const measure = {
  type: 'MEASURE_RECORDED',
  cadreId: 'A',
  measure: { kind: 'party_warning', effectiveDate: '2026-02-11', rankAtMeasure: 'section' },
};

/** Each track: how it starts, the steps to its representative state, and one body per caller event. */
const cases: {
  track: Track;
  start: () => Record<string, unknown>;
  steps: object[];
  state: string;
  events: object[];
}[] = [
  {
    track: 'promotion',
    start: () => ({ track: 'promotion', ...promotionInput() }),
    steps: [e.motion],
    state: 'nomination',
    events: [
      e.motion,
      nominate('A'),
      e.closeNominations,
      review('A'),
      e.concludeReview,
      e.recommendation(),
      e.choose('A', 'B'),
      e.notice,
      evaluate('A', counts.clear),
      inspected('A'),
      e.conclude('A'),
      e.consulted,
      e.finalists('A', 'B', 'C'),
      deliberated('A'),
      checked('A', 'personnel_file'),
      briefed('A'),
      measure,
      votes.passes,
      e.publicity,
      e.waived,
      { type: 'CALENDAR_UPDATED', schedules: [TEST_SCHEDULE_2027] },
      report,
      verification('VERIFICATION_CLEARED'),
      verification('VERIFICATION_SUBSTANTIATED'),
      e.appoint,
      e.talk,
      { type: 'NO_CANDIDATE_PRODUCED', decision: '部务会议纪要' },
      { type: 'RETURNED_TO_NOMINATION', decision: '部务会议纪要' },
      withdraw,
    ],
  },
  {
    track: 'rotation',
    start: () => ({ track: 'rotation', ...rotationStart({ department: 'district-finance' }) }),
    steps: [],
    state: 'motion',
    events: [
      rotation.propose(),
      rotation.consulted,
      rotation.passes,
      rotation.talk('2026-03-02'),
      report,
      withdraw,
    ],
  },
  {
    track: 'demotion',
    start: () => ({ track: 'demotion', ...demotionStart() }),
    steps: [demotion.verified],
    state: 'talk',
    events: [
      demotion.verified,
      demotion.dismissed,
      demotion.talk(),
      demotion.propose('demotion', { newPost: demotionPosts.lower }),
      demotion.passes,
      report,
      withdraw,
    ],
  },
  {
    track: 'probation',
    start: () => ({ track: 'probation', ...probationStart() }),
    steps: [],
    state: 'serving',
    events: [
      { type: 'REVIEW_PASSED' },
      { type: 'REVIEW_FAILED', findings: '不称职' },
      { type: 'SERIOUS_PROBLEM_FOUND', findings: '严重违纪', findingId: 'F-matrix' },
      report,
      verification('VERIFICATION_CLEARED'),
      verification('VERIFICATION_SUBSTANTIATED'),
    ],
  },
];

describe('the committee starts no case', () => {
  it('is refused with 403 in words, and no case exists afterwards', async () => {
    const start = { track: 'probation', ...probationStart() };
    const refused = await service.request('POST', '/v1/cases', start, { token: service.tokens.committee });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining(
        '常委会只记录表决，不能启动案件 · the committee records votes and nothing else',
      ),
    });
    const read = await service.request('GET', `/v1/cases/${start.department}/${start.caseId}`);
    expect(read.status).toBe(404);
    // A department starts its own department's cases.
    const own = await service.request('POST', '/v1/cases', start, { token: service.tokens.finance });
    expect(own.status).toBe(201);
  });
});

describe.each(cases)('$track through the API: every event × every token', (matrix) => {
  it(`in ${matrix.state}: 403 for another department, 409 in words for a role the table does not name, nothing changed`, async () => {
    const start = matrix.start();
    expect((await service.request('POST', '/v1/cases', start)).status).toBe(201);
    const path = `/v1/cases/${start.department}/${start.caseId}`;
    for (const step of matrix.steps) {
      expect((await service.request('POST', `${path}/events`, body(step))).status, JSON.stringify(step)).toBe(
        200,
      );
    }
    const before = await service.request('GET', path);
    expect(before.body.state).toBe(matrix.state);
    const edition = before.body.context.rulesEdition;

    // What each token is shown: the legal events its role may send, and no other.
    const shown: Record<Token, string[]> = { org: [], finance: [], education: [], committee: [] };
    for (const token of ['org', 'finance', 'committee'] as const) {
      const view = await service.request('GET', path, undefined, { token: service.tokens[token] });
      expect(view.status).toBe(200);
      shown[token] = view.body.legalEvents;
      for (const type of shown[token])
        expect(mayBeSentBy(matrix.track, type, ROLE[token], edition), `${type} shown to ${token}`).toBe(true);
    }
    expect(shown.committee.filter((type) => type !== 'VOTE_RECORDED')).toEqual([]);

    for (const event of matrix.events) {
      const sent = body(event);
      const type = sent.type as string;
      for (const token of ['org', 'finance', 'education', 'committee'] as const) {
        const role = ROLE[token];
        const legalForRole = shown[token];
        // A permitted event legal now would apply; the state is kept for the rest of the matrix.
        if (
          token !== 'education' &&
          mayBeSentBy(matrix.track, type, role, edition) &&
          legalForRole.includes(type)
        )
          continue;
        const answer = await service.request('POST', `${path}/events`, sent, {
          token: service.tokens[token],
        });
        const where = `${type} ← ${token}`;
        if (token === 'education') {
          expect(answer.status, where).toBe(403);
          expect(answer.body.error.message, where).toContain(start.department as string);
          continue;
        }
        expect(answer.status, `${where}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(409);
        expect(answer.body.error).toMatchObject({ code: 'illegal_transition', state: matrix.state });
        expect(answer.body.error.legalEvents, where).toEqual(legalForRole);
        const words = senderRefusal(matrix.track, type, edition);
        if (mayBeSentBy(matrix.track, type, role, edition)) {
          expect(answer.body.error.message, where).not.toContain(words.en);
        } else {
          expect(answer.body.error.message, where).toContain(`${words.zh} · ${words.en}`);
          expect(answer.body.error.message, where).not.toContain('meets none of the conditions');
        }
      }
    }

    const after = await service.request('GET', path);
    expect(after.body.state).toBe(matrix.state);
    // The case's own effects (its first activity) may land meanwhile; no step did.
    const steps = (view: { record: { kind: string }[] }) => view.record.filter((r) => r.kind !== 'effect');
    expect(steps(after.body)).toEqual(steps(before.body));
  });
});

describe('an event answer lists what its sender may send next', () => {
  it('a department files a report: its answer lists its own events; the organization department reads the verifications', async () => {
    const start = { track: 'probation', ...probationStart() };
    expect((await service.request('POST', '/v1/cases', start)).status).toBe(201);
    const path = `/v1/cases/${start.department}/${start.caseId}`;
    const answer = await service.request('POST', `${path}/events`, report, { token: service.tokens.finance });
    expect(answer.status).toBe(200);
    expect(answer.body.legalEvents).toEqual(['SERIOUS_PROBLEM_FOUND', 'REPORT_FILED']);
    const org = await service.request('GET', path);
    expect(org.body.legalEvents).toEqual(
      expect.arrayContaining(['VERIFICATION_CLEARED', 'VERIFICATION_SUBSTANTIATED']),
    );
    const committee = await service.request('GET', path, undefined, { token: service.tokens.committee });
    expect(committee.body.legalEvents).toEqual([]);
  });
});
