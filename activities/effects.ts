import type { CaseView } from '../domain/case-view';
import type { ProbationContext } from '../machines/probation';
import type { EffectActivities, EffectInput } from './effect-names';
import type { Notifier } from './notifier';
import type { PersonnelRegistry } from './personnel-registry';
import type { RecordStore } from './record-store';

export interface EffectPorts {
  registry: PersonnelRegistry;
  notifier: Notifier;
  records: RecordStore;
}

/** The activities behind the effects machines name. Each is idempotent, since Temporal may retry it. */
/** Activities the host runs on its own account, not named by any machine. */
export interface HostActivities {
  archiveCaseRecord(view: CaseView): Promise<string>;
}

export function createHostActivities({ records }: EffectPorts): HostActivities {
  return { archiveCaseRecord: (view) => records.archive(view) };
}

export function createEffectActivities({ registry, notifier }: EffectPorts): EffectActivities {
  const probation = (input: EffectInput) => input.context as unknown as ProbationContext;
  const now = () => new Date().toISOString();

  return {
    async beginTrialPost(input) {
      const c = probation(input);
      await registry.assign({
        cadreId: c.cadre.id,
        post: c.trialPost,
        status: 'probation',
        basis: { workflowId: input.workflowId, step: 'beginTrialPost' },
        since: c.startsOn,
      });
    },
    // 退回原单位: the trial post is removed and the rank and benefits that came with it are cancelled.
    async restorePreProbationPost(input) {
      const c = probation(input);
      await registry.assign({
        cadreId: c.cadre.id,
        post: c.previousPost,
        status: 'restored',
        basis: { workflowId: input.workflowId, step: 'restorePreProbationPost' },
        since: now(),
      });
    },
    async confirmInPost(input) {
      const c = probation(input);
      await registry.assign({
        cadreId: c.cadre.id,
        post: c.trialPost,
        status: 'confirmed',
        basis: { workflowId: input.workflowId, step: 'confirmInPost' },
        since: now(),
      });
    },
    async notify(input) {
      const params = input.params as { kind: string; to: string };
      const c = input.context as { department?: string; caseId?: string };
      await notifier.send({
        workflowId: input.workflowId,
        kind: params.kind,
        to: params.to,
        subject: `${input.track} case ${c.department}/${c.caseId}: ${params.kind}`,
        at: now(),
      });
    },
  };
}
