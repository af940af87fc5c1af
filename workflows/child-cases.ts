import type { CaseOrigin, CaseRef } from '../domain/case';
import type { ChildCaseEffectName, EffectParams } from '../domain/effects';
import type { DemotionStart } from '../domain/tracks/demotion';
import { trackNames, trackTitle } from '../domain/tracks/names';
import type { ProbationStart } from '../domain/tracks/probation';

/**
 * The cases a case opens by itself, built in one place from the effect's params (domain/effects.ts): the
 * workflow to start, its id and input, and the summary the UI shows. A child, not continue-as-new,
 * because the new case is a case of its own (its own id, record, timers and outcome) that outlives this
 * one.
 */
export interface ChildCasePlan {
  workflowType: string;
  workflowId: string;
  input: CaseRef & Record<string, unknown>;
  origin: CaseOrigin;
  summary: string;
}

/** The parent as a child case records it. */
export interface ParentCase extends CaseRef {
  workflowId: string;
  track: string;
}

/** A child case's id, derived from its parent's: readable, and within the case-id rules (64 chars, slug). */
function childCaseId(parentCaseId: string, suffix: string): string {
  const safe = `${parentCaseId}.${suffix}`.replace(/[^A-Za-z0-9._-]/g, '-');
  return safe.length <= 64 ? safe : safe.slice(0, 64);
}

const originOf = (parent: ParentCase): CaseOrigin => ({
  startedBy: { id: parent.workflowId, role: 'system', name: `${parent.track} case ${parent.workflowId}` },
});

const plans: {
  [K in ChildCaseEffectName]: (params: EffectParams<K>, parent: ParentCase) => ChildCasePlan;
} = {
  startProbation: (p, parent) => {
    const input: ProbationStart = {
      department: parent.department,
      caseId: childCaseId(parent.caseId, 'probation'),
      ...p,
    };
    return {
      workflowType: trackNames.probation.workflowType,
      workflowId: `${input.department}/${input.caseId}`,
      input,
      origin: originOf(parent),
      summary: `${trackTitle('probation')} · ${p.cadre.name} (${p.cadre.id}) · ${p.trialPost.unit} ${p.trialPost.title} · from ${parent.track} ${parent.caseId}`,
    };
  },
  openDemotionCase: (p, parent) => {
    const input: DemotionStart = {
      department: parent.department,
      caseId: childCaseId(parent.caseId, `demotion-${p.cadre.id}`),
      cadre: p.cadre,
      currentPost: p.currentPost,
      relatives: p.relatives,
      nominatedBy: p.nominatedBy,
      trigger: { kind: 'evaluation', counts: p.counts },
      policy: {},
    };
    return {
      workflowType: trackNames.demotion.workflowType,
      workflowId: `${input.department}/${input.caseId}`,
      input,
      origin: originOf(parent),
      summary: `${trackTitle('demotion')} · ${p.cadre.name} (${p.cadre.id}) · evaluation in ${parent.track} ${parent.caseId}`,
    };
  },
};

export function childCasePlan<K extends ChildCaseEffectName>(
  effect: K,
  params: EffectParams<K>,
  parent: ParentCase,
): ChildCasePlan {
  return plans[effect](params, parent);
}
