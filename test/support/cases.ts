import { chinaDateOf } from '../../domain/dates';
import type { ProbationStart } from '../../domain/tracks/probation';

let counter = 0;
export const uniqueCaseId = (prefix = 'case') => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export function probationStart(overrides: Partial<ProbationStart> = {}): ProbationStart {
  return {
    department: 'district-finance',
    caseId: uniqueCaseId('prob'),
    cadre: { id: 'C-1001', name: '李明' },
    trialPost: {
      unit: '区财政局',
      title: '副局长',
      rank: '副处',
      leadershipTeam: true,
      carriesProbation: true,
    },
    previousPost: {
      unit: '区财政局',
      title: '预算科科长',
      rank: '正科',
      leadershipTeam: false,
      carriesProbation: false,
    },
    startsOn: chinaDateOf(Date.now()),
    nominatedBy: ['leader-wang'],
    policy: {},
    ...overrides,
  };
}

export const orgDept = { id: 'od-zhang', role: 'organization_department' as const, name: '张处长' };
export const unitDept = { id: 'fin-hr', role: 'department' as const };

/**
 * A probation review as the second rules edition records it (DOMAIN.md "Corrections and additions"): the
 * democratic evaluation's counts and the inspection's conclusion. Passes by the rules (10% dissatisfied).
 */
export const passingProbationReview = {
  evaluation: { total: 40, satisfied: 32, basicallySatisfied: 4, dissatisfied: 4 },
  inspection: { conclusion: 'qualified' as const, summary: '德能勤绩廉：表现良好' },
};
/** The same review failing by the rules: 55% dissatisfied (above 50%: adjustment), inspection 不合格. */
export const failingProbationReview = {
  evaluation: { total: 40, satisfied: 10, basicallySatisfied: 8, dissatisfied: 22 },
  inspection: { conclusion: 'unqualified' as const, summary: '不称职票超过半数' },
};
