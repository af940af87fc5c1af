import { addCalendarMonths, addDays, chinaDateOf, startOfChinaDay } from '../../domain/dates';
import type { ApiEvent, StartCase } from '../../domain/start';
import { workflowTypeFor } from '../../domain/start';
import { failingProbationReview, passingProbationReview, probationStart } from '../../test/support/cases';
import * as productWorkflows from '../../workflows/index';

/**
 * What the bench needs to know about each track, keyed by track. `benchTracks()` takes the tracks from
 * the product (domain/start.ts workflowTypeFor, kept to those workflows/index.ts registers), so a new
 * track shows up by itself: measured once it has an entry here, reported as missing until then.
 */
export interface Completion {
  name: string;
  /**
   * The start date (given today's China date) that makes the path's timers already due. Only timers
   * that count from the start date can be brought forward so: the review's own deadlines count from
   * the moment it opened, so the escalation path would take 30 real days and is not driven here.
   */
  startsOn(today: string): string;
  /** Each step waits for the case to reach `when` (its state), then sends `event` through the API. */
  steps: { when: string; event: ApiEvent }[];
}

export interface TrackBench {
  /** A valid body for POST /v1/cases. */
  start(caseId: string, startsOn: string): StartCase;
  /** For the event round trip (probation's): on a fresh case, an event the machine accepts and one it refuses. */
  events?: { legal: ApiEvent; illegal: ApiEvent };
  /** Paths to a final state, for history size and replay time. */
  completions: Completion[];
}

/** `months` calendar months and `days` days before `today` (China dates). */
export const before = (today: string, months: number, days = 0): string =>
  addDays(chinaDateOf(addCalendarMonths(startOfChinaDay(today), -months)), -days);

/** Every track's shortest way to an end: the organization department withdraws the case (撤回). */
const withdrawn: ApiEvent = { type: 'WITHDRAWN', reason: '基准测试：撤回' };
const withdrawnAtOnce = (state: string): Completion => ({
  name: 'withdrawn at once',
  startsOn: (today) => today,
  steps: [{ when: state, event: withdrawn }],
});

export const trackBenches = {
  probation: {
    start: (caseId, startsOn) => ({
      track: 'probation',
      ...probationStart({ caseId, startsOn, cadre: { id: `C-${caseId}`, name: '李明' } }),
    }),
    events: {
      // The second rules edition: a finding has an id, and holds the case until it is verified.
      legal: { type: 'SERIOUS_PROBLEM_FOUND', findings: '严重违纪（基准测试）', findingId: 'F-bench' },
      illegal: { type: 'REVIEW_PASSED' },
    },
    completions: [
      {
        name: 'ended early',
        startsOn: (today) => today,
        steps: [
          {
            when: 'serving',
            event: { type: 'SERIOUS_PROBLEM_FOUND', findings: '严重违纪', findingId: 'F1' },
          },
          {
            when: 'serving',
            event: { type: 'VERIFICATION_SUBSTANTIATED', reportId: 'F1', findings: '属实' },
          },
        ],
      },
      {
        // Expired yesterday: the review is open, its deadline a month away.
        name: 'confirmed after review',
        startsOn: (today) => before(today, 12, 1),
        steps: [
          {
            when: 'review',
            event: { type: 'REVIEW_PASSED', summary: '考核称职', ...passingProbationReview },
          },
        ],
      },
      {
        name: 'returned after review',
        startsOn: (today) => before(today, 12, 1),
        steps: [
          {
            when: 'review',
            event: { type: 'REVIEW_FAILED', findings: '考核不称职', ...failingProbationReview },
          },
        ],
      },
    ],
  },
  promotion: {
    start: (caseId) => ({
      track: 'promotion',
      department: 'district-finance',
      caseId,
      post: { unit: '区财政局', title: '副局长', rank: '副处', leadershipTeam: true, carriesProbation: true },
      reportingLines: {
        unitId: 'district-finance',
        function: 'finance',
        directSuperiorId: null,
        unitLeaderIds: [],
      },
      important: false,
      openSelection: false,
      specialPost: false,
      policy: {},
    }),
    completions: [withdrawnAtOnce('motion')],
  },
  rotation: {
    start: (caseId, startsOn) => ({
      track: 'rotation',
      department: 'district-finance',
      caseId,
      cadre: { id: `C-${caseId}`, name: '王芳' },
      currentPost: {
        unit: '区财政局',
        title: '预算科科长',
        rank: '正科',
        leadershipTeam: false,
        carriesProbation: false,
      },
      inPostSince: before(startsOn, 120),
      relatives: [],
      policy: {},
    }),
    completions: [withdrawnAtOnce('motion')],
  },
  demotion: {
    start: (caseId) => ({
      track: 'demotion',
      department: 'district-finance',
      caseId,
      cadre: { id: `C-${caseId}`, name: '赵强' },
      currentPost: {
        unit: '区财政局',
        title: '副局长',
        rank: '副处',
        leadershipTeam: true,
        carriesProbation: false,
      },
      relatives: [],
      nominatedBy: ['leader-wang'],
      trigger: { kind: 'accountability', incident: '重大决策失误（基准测试）' },
      policy: {},
    }),
    completions: [withdrawnAtOnce('verification')],
  },
} satisfies Partial<Record<StartCase['track'], TrackBench>>;

/** The tracks the product registers, with their bench data; `missing`: registered, but no data here. */
export function benchTracks(): {
  tracks: { track: string; workflowType: string; bench: TrackBench }[];
  missing: string[];
} {
  const registered = Object.entries(workflowTypeFor).filter(([, type]) => type in productWorkflows);
  const data = trackBenches as Partial<Record<string, TrackBench>>;
  return {
    tracks: registered.flatMap(([track, workflowType]) => {
      const bench = data[track];
      return bench ? [{ track, workflowType, bench }] : [];
    }),
    missing: registered.filter(([track]) => !data[track]).map(([track]) => track),
  };
}

export const todayInChina = (): string => chinaDateOf(Date.now());
