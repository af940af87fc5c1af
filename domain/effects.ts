import { z } from 'zod';
import { cadreSchema, postSchema } from './case';
import { factDateSchema } from './dates';
import { relativeSchema } from './facts/avoidance';
import { evaluationCountsSchema } from './facts/evaluation';
import { measureKindSchema } from './facts/influence';
import { policyOverridesSchema } from './policy';
import { demotionOutcomeSchema } from './tracks/demotion';

/**
 * The effects a machine may name, each with the params it hands over: the one catalogue that the
 * machines' actions, the workflow's dispatch and the activities' signatures are all derived from, so a
 * mismatch is a compile error instead of a failing live case.
 *
 * A machine does no I/O: it names an effect with its params (resolved by XState from the event and the
 * context at that moment). The workflow host runs the effect as the activity of the same name, or, for a
 * child-case effect, opens the case. An activity receives these params and the case's ids, never the
 * machine's whole context.
 */

const recipients = [
  'organization_department',
  'department',
  'committee',
  'operators',
  'candidate',
  // 预警's escalation: the next level above the office in charge (workflows/stage-warnings.ts).
  'organization_department_leadership',
] as const;

const cadreId = z.string().min(1).max(64);

/**
 * A measure to file on the cadre's record (诫勉, 降职, 免职, …), in the shape qualification review reads.
 * The rank is the ladder's code where the ladder knows it, else the post's own label.
 */
const measureOnFileSchema = z.object({
  kind: measureKindSchema,
  effectiveDate: factDateSchema,
  rankAtMeasure: z.string(),
});

/** Effects run as activities (side effects on the registry, the outbox). */
const activityEffects = {
  /** Tell someone what happened, under a kind the notice templates know. */
  notify: z.object({
    kind: z.string().min(1),
    to: z.enum(recipients),
    /** The person a 'candidate' notice (e.g. evaluation feedback) goes to. */
    cadreId: cadreId.optional(),
    /** Their name, so the notice is addressed to them by name. */
    cadreName: z.string().max(64).optional(),
    /** 预警: the stage that overran, in Chinese, the China date it has been overdue since, its days. */
    overdue: z
      .object({ stage: z.string().max(64), since: z.string().max(10), expectedDays: z.number().int() })
      .optional(),
  }),
  /** Probation begins: the cadre holds the trial post on probation from the notice date. */
  beginTrialPost: z.object({ cadreId, post: postSchema, since: factDateSchema }),
  /** 退回原单位: the trial post is removed and the rank and benefits that came with it are cancelled. */
  restorePreProbationPost: z.object({ cadreId, post: postSchema }),
  /** 正式任职 after a passed probation review. */
  confirmInPost: z.object({ cadreId, post: postSchema }),
  /** A promotion without probation: the appointee takes the post from the appointment notice. */
  appointToPost: z.object({ cadreId, post: postSchema, since: factDateSchema }),
  /** Rotation: the cadre moves to the proposed post from the transfer notice. */
  transferPost: z.object({ cadreId, post: postSchema, since: factDateSchema }),
  /** 诫勉谈话: the admonishment goes on file, where its influence period bars promotion. */
  scheduleAdmonishmentTalk: z.object({
    cadreId,
    cadreName: z.string(),
    measure: measureOnFileSchema,
  }),
  /** Demotion and exit take effect: the new post, if any, and the influence period's measure. */
  applyPersonnelChange: z.object({
    cadreId,
    outcome: demotionOutcomeSchema,
    newPost: postSchema.optional(),
    since: factDateSchema,
    exitSupport: z.object({ keepsRank: z.boolean(), placement: z.string().optional() }),
    measure: measureOnFileSchema.optional(),
  }),
  /**
   * A 复核 or 申诉 upheld (撤销 / 变更): the change is reversed. The former post is restored, and the
   * measure applyPersonnelChange filed, if any, is lifted, so its influence period bars nothing.
   */
  reversePersonnelChange: z.object({
    cadreId,
    formerPost: postSchema,
    reversedOutcome: demotionOutcomeSchema,
    since: factDateSchema,
    by: z.enum(['review', 'appeal']),
    liftsMeasure: z.boolean(),
  }),
};

/** Effects that open another case: the host starts them as child workflows, each a case of its own. */
const childCaseEffects = {
  /** Appointment to a post that carries probation hands over to a probation case. */
  startProbation: z.object({
    cadre: cadreSchema,
    trialPost: postSchema,
    previousPost: postSchema,
    /** Date of the appointment notice: probation runs one year from it. */
    startsOn: factDateSchema,
    nominatedBy: z.array(z.string()),
    policy: policyOverridesSchema,
  }),
  /** An incumbent whose evaluation calls for adjustment (调整): a demotion case opens by itself. */
  openDemotionCase: z.object({
    cadre: cadreSchema,
    currentPost: postSchema,
    relatives: z.array(relativeSchema),
    nominatedBy: z.array(z.string()),
    counts: evaluationCountsSchema,
    /** The case whose evaluation found it, for the record. */
    sourceCaseId: z.string(),
  }),
};

const effectCatalogue = { ...activityEffects, ...childCaseEffects };

export type ActivityEffectName = keyof typeof activityEffects;
export type ChildCaseEffectName = keyof typeof childCaseEffects;
export type EffectName = keyof typeof effectCatalogue;
export type EffectParams<K extends EffectName> = z.output<(typeof effectCatalogue)[K]>;

/** The case an effect runs for: its ids, enough for the record, notices and idempotency keys. */
export interface EffectCase {
  workflowId: string;
  track: string;
  department: string;
  caseId: string;
}

/** What the activity behind an effect receives. */
interface EffectInput<K extends ActivityEffectName> {
  case: EffectCase;
  params: EffectParams<K>;
}

/** The activities' signatures, derived from the catalogue. */
export type EffectActivities = { [K in ActivityEffectName]: (input: EffectInput<K>) => Promise<void> };
