import type { z } from 'zod';
import type { Track } from '../../domain/case';
import type { startCaseSchema } from '../../domain/start';

/**
 * The document's examples: a start body per track and an event per track, each one a request the
 * server accepts (test/api/openapi-examples.test.ts sends every example in the document to the real
 * service). They are what a department system's developer copies first, and what schemathesis's
 * examples phase sends.
 */

const DEPARTMENT = 'district-finance';

const post = {
  unit: '区财政局',
  title: '副局长',
  rank: '副处',
  leadershipTeam: true,
  carriesProbation: true,
};

export const startExamples = {
  promotion: {
    track: 'promotion',
    department: DEPARTMENT,
    caseId: '2026-021',
    post,
    reportingLines: {
      unitId: 'district-finance-bureau',
      function: 'finance',
      directSuperiorId: 'L-director',
      unitLeaderIds: ['L-director', 'L-deputy'],
    },
    important: false,
    openSelection: false,
    specialPost: false,
    policy: {},
  },
  rotation: {
    track: 'rotation',
    department: DEPARTMENT,
    caseId: '2026-R07',
    cadre: { id: 'C-2001', name: '王芳' },
    currentPost: { ...post, carriesProbation: false },
    inPostSince: '2016-02-11',
    relatives: [{ id: 'L-zhao', relation: 'spouse' }],
    policy: {},
  },
  demotion: {
    track: 'demotion',
    department: DEPARTMENT,
    caseId: '2026-D03',
    cadre: { id: 'C-3001', name: '赵强' },
    currentPost: { ...post, title: '局长', rank: '正处', carriesProbation: false },
    relatives: [],
    nominatedBy: ['leader-wang'],
    trigger: { kind: 'accountability', incident: '安全生产事故负有领导责任' },
    policy: {},
  },
  probation: {
    track: 'probation',
    department: DEPARTMENT,
    caseId: '2026-P11',
    cadre: { id: 'C-1001', name: '李明' },
    trialPost: post,
    previousPost: { unit: '区财政局', title: '预算科科长', rank: '正科' },
    startsOn: '2026-03-02',
    nominatedBy: ['leader-wang'],
    policy: {},
  },
} satisfies { [T in Track]: z.input<typeof startCaseSchema> & { track: T } };

/** The first event of each track's case (probation's: the review, once the trial year is over). */
export const eventExamples = {
  promotion: {
    type: 'MOTION_ADOPTED',
    conditions: '区财政局副局长缺额一名，拟从正科级干部中提拔',
    deliberation: { participants: ['区委书记', '区委副书记', '组织部部长'], heldOn: '2026-02-10' },
    reason: '班子配备需要',
  },
  rotation: {
    type: 'ROTATION_PROPOSED',
    rotationReason: 'ten_years_in_post',
    proposedPost: { unit: '区审计局', title: '副局长', rank: '副处', leadershipTeam: true },
    reportingLines: {
      unitId: 'district-audit-bureau',
      function: 'audit',
      directSuperiorId: 'L-audit-head',
      unitLeaderIds: ['L-audit-head'],
    },
  },
  demotion: { type: 'TRIGGER_VERIFIED', findings: '经核实，情况属实' },
  probation: {
    type: 'REVIEW_PASSED',
    evaluation: { total: 40, satisfied: 32, basicallySatisfied: 4, dissatisfied: 4 },
    inspection: { conclusion: 'qualified', summary: '德能勤绩廉：表现良好' },
  },
} satisfies Record<Track, { type: string } & Record<string, unknown>>;

export const reportExample = {
  reportId: 'MB-2026-0042',
  channel: 'mailbox',
  summary: '反映该同志在原单位工作期间存在问题',
};

export const scheduleExample = {
  year: 2027,
  holidays: ['2027-01-01', '2027-05-01', '2027-10-01'],
  makeUpWorkdays: [],
  source: '国办发明电〔2026〕7号',
};

/** OpenAPI example objects, one per track. */
export const examplesByTrack = (bodies: Record<Track, unknown>, what: string) =>
  Object.fromEntries(
    Object.entries(bodies).map(([track, value]) => [track, { summary: `${what}: ${track}`, value }]),
  );

/** Path parameters that name the promotion example's case. */
export const caseExample = { department: DEPARTMENT, caseId: startExamples.promotion.caseId };
