import {
  type AvoidanceInput,
  avoidanceInputSchema,
  type PostFunction,
  RELATION_LABELS,
  type Relation,
  type Relative,
  recusalInputSchema,
} from '../../domain/facts/avoidance';
import { ok, parseWith, type Result } from '../../domain/result';

const FUNCTION_LABELS: Record<PostFunction, string> = {
  organization: '组织人事',
  discipline: '纪检监察',
  audit: '审计',
  finance: '财务',
  other: '其他',
};

/** Work that may not be done under a relative's leadership. */
function isSensitive(fn: PostFunction): boolean {
  return fn !== 'other';
}

type AvoidanceConflictCode =
  | 'reports_to_relative'
  | 'relative_reports_to_cadre'
  | 'same_superior_as_relative'
  | 'sensitive_work_under_relative'
  | 'leads_relative_in_sensitive_work';

export interface AvoidanceConflict {
  code: AvoidanceConflictCode;
  relativeId: string;
  relation: Relation;
  message: string;
  messageZh: string;
}

/**
 * The avoidance conflicts the proposed post would create; empty means the move is allowed. `reverseLine`
 * (rules edition 3) adds the reverse of the sensitive-work line: leading a unit where a relative does
 * organization, discipline, audit or finance work.
 */
export function avoidanceConflicts(
  input: AvoidanceInput,
  options: { reverseLine?: boolean } = {},
): Result<AvoidanceConflict[]> {
  const parsed = parseWith(avoidanceInputSchema, input, 'avoidance');
  if (!parsed.ok) return parsed;
  const { post, relatives } = parsed.value;
  const conflicts: AvoidanceConflict[] = [];
  for (const r of relatives) {
    const rel = RELATION_LABELS[r.relation];
    const add = (code: AvoidanceConflictCode, message: string, messageZh: string) =>
      conflicts.push({ code, relativeId: r.id, relation: r.relation, message, messageZh });
    if (post.directSuperiorId === r.id) {
      add(
        'reports_to_relative',
        `the post reports directly to ${r.id}, a relative (${r.relation})`,
        `拟任职务的直接上级${r.id}与本人有${rel},应当回避`,
      );
    }
    if (post.directReportIds?.includes(r.id)) {
      add(
        'relative_reports_to_cadre',
        `${r.id}, a relative (${r.relation}), would report directly to the cadre`,
        `${r.id}与本人有${rel},将成为本人的直接下级,应当回避`,
      );
    }
    if (post.peerIds?.includes(r.id)) {
      add(
        'same_superior_as_relative',
        `${r.id}, a relative (${r.relation}), reports directly to the same superior`,
        `${r.id}与本人有${rel},双方直接隶属于同一领导人员,应当回避`,
      );
    }
    if (isSensitive(post.function) && post.unitLeaderIds.includes(r.id)) {
      add(
        'sensitive_work_under_relative',
        `${post.function} work in unit ${post.unitId}, which ${r.id}, a relative (${r.relation}), leads`,
        `${r.id}与本人有${rel},系${post.unitId}领导成员,本人不得在该单位从事${FUNCTION_LABELS[post.function]}工作`,
      );
    }
    if (options.reverseLine && post.leadsUnit === true && post.sensitiveStaffIds?.includes(r.id)) {
      add(
        'leads_relative_in_sensitive_work',
        `the post leads unit ${post.unitId}, where ${r.id}, a relative (${r.relation}), does organization, discipline, audit or finance work`,
        `${r.id}与本人有${rel},在${post.unitId}从事组织人事、纪检监察、审计或财务工作,本人不得担任该单位领导成员`,
      );
    }
  }
  return ok(conflicts);
}

/**
 * The committee members who must recuse from a vote on the candidate: the candidate's relatives, and the
 * candidate themself when a member. Returned in the order of `memberIds`.
 */
export function recusals(
  memberIds: readonly string[],
  candidateRelatives: readonly Relative[],
  candidateId?: string,
): Result<string[]> {
  const parsed = parseWith(
    recusalInputSchema,
    { memberIds, candidateRelatives, ...(candidateId === undefined ? {} : { candidateId }) },
    'recusal',
  );
  if (!parsed.ok) return parsed;
  const related = new Set(parsed.value.candidateRelatives.map((r) => r.id));
  if (parsed.value.candidateId !== undefined) related.add(parsed.value.candidateId);
  return ok(parsed.value.memberIds.filter((id) => related.has(id)));
}
