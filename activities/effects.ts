import { Context } from '@temporalio/activity';
import type { Post } from '../domain/case';
import type { CaseView } from '../domain/case-view';
import type { EffectActivities, EffectCase } from '../domain/effects';
import { notificationText } from '../domain/notification-text';
import type { Notifier } from './notifier';
import type { AssignmentStatus, PersonnelRegistry } from './personnel-registry';
import type { RecordStore } from './record-store';

export interface EffectPorts {
  registry: PersonnelRegistry;
  notifier: Notifier;
  records: RecordStore;
}

/** Activities the host runs on its own account, not named by any machine. */
export interface HostActivities {
  /**
   * Archives a closing case's record. Given the case by id, it reads the whole case from the case itself
   * (its Query), so the view is not in the activity's input, in history (issue 18); cases that closed
   * before that hand over the view.
   */
  archiveCaseRecord(input: CaseView | { workflowId: string }): Promise<string>;
}

/** `readCase`: the whole case by workflow id (the worker passes its client's Query). */
export function createHostActivities(
  { records }: EffectPorts,
  readCase: (workflowId: string) => Promise<CaseView>,
): HostActivities {
  return {
    archiveCaseRecord: async (input) =>
      records.archive('record' in input ? input : await readCase(input.workflowId)),
  };
}

const now = () => new Date().toISOString();
/** The params of an effect that puts a cadre in a post (since: the notice date, where one is known). */
type PostParams = { cadreId: string; post: Post; since?: string };

/** The case step a write belongs to: the registry keeps one write per case and step. */
const basis = (c: EffectCase, step: string) => ({ workflowId: c.workflowId, step });

/**
 * A notification's idempotency key: the activity's own identity (workflow, run and activity id), which
 * Temporal keeps across retries and replays, so a retry after a crash sends nothing twice while a reminder
 * sent again later (another activity) is a notification of its own. Called outside an activity (unit
 * tests), the case and what it sends stand in.
 */
function notificationKey(c: EffectCase, what: string): string {
  try {
    const { workflowExecution, activityId } = Context.current().info;
    return `${workflowExecution?.workflowId ?? c.workflowId}/${workflowExecution?.runId}/${activityId}`;
  } catch {
    return `${c.workflowId}/${what}`;
  }
}

/**
 * The activities behind the effects machines name (domain/effects.ts is their catalogue: each receives
 * its effect's params and the case's ids). Each is idempotent (the registry keys every write by case and
 * step), since Temporal may run an activity more than once.
 */
export function createEffectActivities({ registry, notifier }: EffectPorts): EffectActivities {
  /** An effect that puts the cadre in a post: the registry's record of it, keyed by the case and the step. */
  const takesPost =
    (step: string, status: AssignmentStatus, since: (params: PostParams) => string) =>
    async ({ case: c, params }: { case: EffectCase; params: PostParams }) => {
      await registry.assign({
        cadreId: params.cadreId,
        post: params.post,
        status,
        basis: basis(c, step),
        since: since(params),
      });
    };
  const fromNotice = (params: PostParams) => params.since ?? now();
  return {
    beginTrialPost: takesPost('beginTrialPost', 'probation', fromNotice),
    // 退回原单位: the trial post is removed and the rank and benefits that came with it are cancelled.
    restorePreProbationPost: takesPost('restorePreProbationPost', 'restored', now),
    confirmInPost: takesPost('confirmInPost', 'confirmed', now),
    appointToPost: takesPost('appointToPost', 'confirmed', fromNotice),
    transferPost: takesPost('transferPost', 'confirmed', fromNotice),
    // 诫勉谈话: arranged through the organization department; the admonishment goes on file, where its
    // influence period bars promotion for six months.
    async scheduleAdmonishmentTalk({ case: c, params }) {
      await registry.fileMeasure({
        cadreId: params.cadreId,
        measure: params.measure,
        basis: basis(c, `scheduleAdmonishmentTalk:${params.cadreId}`),
      });
      await notifier.send({
        key: notificationKey(c, `admonishment:${params.cadreId}`),
        workflowId: c.workflowId,
        kind: 'admonishment_talk_scheduled',
        to: 'organization_department',
        subject: `诫勉谈话 admonishment talk to arrange for ${params.cadreName} (${params.cadreId})`,
        at: now(),
      });
    },
    async applyPersonnelChange({ case: c, params }) {
      if (params.newPost) {
        await registry.assign({
          cadreId: params.cadreId,
          post: params.newPost,
          status: 'confirmed',
          basis: basis(c, 'applyPersonnelChange'),
          since: params.since,
        });
      }
      if (params.measure) {
        await registry.fileMeasure({
          cadreId: params.cadreId,
          measure: params.measure,
          basis: basis(c, 'applyPersonnelChange:measure'),
        });
      }
    },
    // 复核 or 申诉 upheld: the cadre is back in the post held before the decision, as a write of its own
    // (keyed by the case and this step, so a retry restores once), and the measure filed with the
    // change is lifted. Nothing is deleted: the registry's history shows the change and its reversal.
    async reversePersonnelChange({ case: c, params }) {
      await registry.assign({
        cadreId: params.cadreId,
        post: params.formerPost,
        status: 'restored',
        basis: basis(c, 'reversePersonnelChange'),
        since: params.since,
      });
      if (params.liftsMeasure) {
        await registry.liftMeasure({
          cadreId: params.cadreId,
          filedBy: basis(c, 'applyPersonnelChange:measure'),
          on: params.since,
          basis: basis(c, 'reversePersonnelChange:measure'),
        });
      }
    },
    async notify({ case: c, params }) {
      const to = params.to === 'candidate' && params.cadreId ? `candidate:${params.cadreId}` : params.to;
      const { addressee, subject } = notificationText({
        ...c,
        kind: params.kind,
        to: params.to,
        cadreName: params.cadreName,
        overdue: params.overdue,
      });
      await notifier.send({
        key: notificationKey(c, `${params.kind}:${to}`),
        workflowId: c.workflowId,
        kind: params.kind,
        to,
        addressee,
        subject,
        at: now(),
      });
    },
  };
}
