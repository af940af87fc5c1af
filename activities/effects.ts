import type { Post } from '../domain/case';
import type { CaseView } from '../domain/case-view';
import { chinaDateOf } from '../domain/dates';
import { rankFromLabel } from '../domain/ranks';
import type { ApplyPersonnelChangeParams, DemotionContext } from '../machines/demotion';
import type { NotifyParams } from '../machines/fragments/effects';
import type { ProbationContext } from '../machines/probation';
import type { PromotionContext } from '../machines/promotion';
import type { RotationContext } from '../machines/rotation';
import type { EffectActivities, EffectInput } from './effect-names';
import type { Notifier } from './notifier';
import type { PersonnelRegistry } from './personnel-registry';
import type { RecordStore } from './record-store';

export interface EffectPorts {
  registry: PersonnelRegistry;
  notifier: Notifier;
  records: RecordStore;
}

/** Activities the host runs on its own account, not named by any machine. */
export interface HostActivities {
  archiveCaseRecord(view: CaseView): Promise<string>;
}

export function createHostActivities({ records }: EffectPorts): HostActivities {
  return { archiveCaseRecord: (view) => records.archive(view) };
}

const now = () => new Date().toISOString();
/** Dates on a cadre's file are China calendar dates: before 08:00 China time the UTC date is the day before. */
const today = () => chinaDateOf(now());
const contextOf = <T>(input: EffectInput) => input.context as unknown as T;
const basis = (input: EffectInput, step: string) => ({ workflowId: input.workflowId, step });

/**
 * The activities behind the effects machines name. Each is idempotent (the registry keys every write by
 * case and step), since Temporal may run an activity more than once.
 */
export function createEffectActivities({ registry, notifier }: EffectPorts): EffectActivities {
  return {
    async beginTrialPost(input) {
      const c = contextOf<ProbationContext>(input);
      await registry.assign({
        cadreId: c.cadre.id,
        post: c.trialPost,
        status: 'probation',
        basis: basis(input, 'beginTrialPost'),
        since: c.startsOn,
      });
    },
    // 退回原单位: the trial post is removed and the rank and benefits that came with it are cancelled.
    async restorePreProbationPost(input) {
      const c = contextOf<ProbationContext>(input);
      await registry.assign({
        cadreId: c.cadre.id,
        post: c.previousPost,
        status: 'restored',
        basis: basis(input, 'restorePreProbationPost'),
        since: now(),
      });
    },
    async confirmInPost(input) {
      const c = contextOf<ProbationContext>(input);
      await registry.assign({
        cadreId: c.cadre.id,
        post: c.trialPost,
        status: 'confirmed',
        basis: basis(input, 'confirmInPost'),
        since: now(),
      });
    },
    // A promotion without probation: the appointee takes the post from the appointment notice.
    async appointToPost(input) {
      const c = contextOf<PromotionContext>(input);
      const { cadreId } = input.params as { cadreId: string };
      await registry.assign({
        cadreId,
        post: c.post,
        status: 'confirmed',
        basis: basis(input, 'appointToPost'),
        since: c.appointment?.noticeDate ?? today(),
      });
    },
    async transferPost(input) {
      const c = contextOf<RotationContext>(input);
      if (!c.proposal) throw new Error('transferPost without a proposed post');
      await registry.assign({
        cadreId: c.cadre.id,
        post: c.proposal.proposedPost,
        status: 'confirmed',
        basis: basis(input, 'transferPost'),
        since: c.talk?.noticeDate ?? today(),
      });
    },
    // 诫勉谈话: arranged through the organization department; the admonishment goes on file, where its
    // influence period bars promotion for six months.
    async scheduleAdmonishmentTalk(input) {
      const c = contextOf<PromotionContext>(input);
      const { cadreId } = input.params as { cadreId: string };
      const candidate = c.candidates.find((x) => x.id === cadreId);
      // The admonishment takes effect the day the evaluation was recorded, not when this activity runs.
      const decided = candidate?.evaluation?.at;
      const rank = candidate ? rankFromLabel(candidate.currentPost.rank) : undefined;
      await registry.fileMeasure({
        cadreId,
        measure: {
          kind: 'admonishment',
          effectiveDate: decided ? chinaDateOf(decided) : today(),
          // The rank code, as qualification review reads it (demotion files codes too).
          rankAtMeasure: rank ?? candidate?.currentPost.rank ?? '',
        },
        basis: basis(input, `scheduleAdmonishmentTalk:${cadreId}`),
      });
      await notifier.send({
        workflowId: input.workflowId,
        kind: 'admonishment_talk_scheduled',
        to: 'organization_department',
        subject: `诫勉谈话 admonishment talk to arrange for ${candidate?.name ?? cadreId} (${cadreId})`,
        at: now(),
      });
    },
    async applyPersonnelChange(input) {
      const c = contextOf<DemotionContext>(input);
      const change = input.params as ApplyPersonnelChangeParams;
      const newPost: Post | undefined = change.newPost;
      if (newPost) {
        await registry.assign({
          cadreId: change.cadreId,
          post: newPost,
          status: 'confirmed',
          basis: basis(input, 'applyPersonnelChange'),
          since: c.decidedAt ? chinaDateOf(c.decidedAt) : today(),
        });
      }
      if (change.influence) {
        await registry.fileMeasure({
          cadreId: change.cadreId,
          measure: change.influence.measure,
          basis: basis(input, 'applyPersonnelChange:measure'),
        });
      }
    },
    async notify(input) {
      const params = input.params as NotifyParams;
      const c = input.context as { department?: string; caseId?: string };
      const to = params.to === 'candidate' && params.cadreId ? `candidate:${params.cadreId}` : params.to;
      await notifier.send({
        workflowId: input.workflowId,
        kind: params.kind,
        to,
        subject: `${input.track} case ${c.department}/${c.caseId}: ${params.kind}`,
        at: now(),
      });
    },
  };
}
