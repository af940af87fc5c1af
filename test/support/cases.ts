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
