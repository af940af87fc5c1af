import type { CaseOrigin, CaseRef } from '../domain/case';
import type { ChildCaseEffectName, EffectParams } from '../domain/effects';
import { cadreInMetadata } from '../domain/metadata';
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

/**
 * A 53-bit string hash (cyrb53), in base 36: pure and deterministic, so the workflow sandbox can compute
 * it. It tells apart child ids that would otherwise be cut or rewritten into the same string.
 */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const CASE_ID_MAX = 64;
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A child case's id, derived from its parent's: readable (`<parent>.probation`,
 * `<parent>.demotion-<cadre>`) and within the case-id rules (a slug of at most 64 characters). When that
 * form would have to be cut to fit, or rewritten because a cadre id has characters a case id may not,
 * the id ends in a hash of the whole form instead, so no two parents' children, nor a child and its
 * parent, share an id at any legal length.
 */
export function childCaseId(parentCaseId: string, suffix: string): string {
  const readable = `${parentCaseId}.${suffix}`;
  if (readable.length <= CASE_ID_MAX && SLUG.test(readable)) return readable;
  const tag = `-h${hash53(readable)}`;
  const safe = readable.replace(/[^A-Za-z0-9._-]/g, '-');
  return `${safe.slice(0, CASE_ID_MAX - tag.length)}${tag}`;
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
      summary: `${trackTitle('probation')} · ${cadreInMetadata(p.cadre)} · ${p.trialPost.unit} ${p.trialPost.title} · from ${parent.track} ${parent.caseId}`,
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
      summary: `${trackTitle('demotion')} · ${cadreInMetadata(p.cadre)} · evaluation in ${parent.track} ${parent.caseId}`,
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
