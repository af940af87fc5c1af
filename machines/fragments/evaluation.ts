import type { Post } from '../../domain/case';
import type { EvaluationCounts } from '../../domain/facts/evaluation';
import type { Policy } from '../../domain/policy';
import { isLeadingRank, rankFromLabel } from '../../domain/ranks';
import { type EvaluationRecorded, evaluationRecordedEventSchema } from '../../domain/steps/evaluation';
import type { Stamped } from '../meta';
import { type EvaluationOutcome, evaluationOutcome } from '../rules/evaluation';
import { type AnyStamped, eventOf } from './events';

export interface EvaluationRecord {
  counts: EvaluationCounts;
  outcome: EvaluationOutcome;
  at: string;
  by: Stamped['actor'];
}

/** The rule applied to counts; undefined when the counts do not add up. */
export function evaluationOf(policy: Policy, counts: unknown): EvaluationOutcome | undefined {
  const result = evaluationOutcome(counts as EvaluationCounts, policy.evaluation);
  return result.ok ? result.value : undefined;
}

/** The evaluation event, parsed. */
export const evaluationEvent = (event: AnyStamped) => eventOf(event, evaluationRecordedEventSchema);

/** An evaluation event as a record, when its counts add up. */
export function evaluationRecordOf(policy: Policy, event: AnyStamped): EvaluationRecord | undefined {
  const e = evaluationEvent(event);
  const outcome = e && evaluationOf(policy, e.counts);
  return e && outcome ? { counts: e.counts, outcome, at: e.at, by: e.actor } : undefined;
}

/**
 * Holds a leading post now, so that adjustment means adjusting them in it. A rank the ladder does not know
 * counts as leading: opening a demotion case that its verification then dismisses is safer than silently
 * skipping one.
 */
export function holdsLeadingPost(post: Post): boolean {
  const rank = rankFromLabel(post.rank);
  return rank === undefined || isLeadingRank(rank);
}

type Args<C> = { context: C; event: AnyStamped };

/**
 * Guards for a track's evaluation step. `mayEvaluate` is the track's own condition (actor, whose turn);
 * `incumbent` says whether the person evaluated holds a leading post now.
 */
export function evaluationGuards<C extends { policy: Policy }>(
  mayEvaluate: (args: Args<C>) => boolean,
  incumbent: (context: C, cadreId: string) => boolean,
) {
  const consequence = (args: Args<C>) =>
    mayEvaluate(args) ? evaluationRecordOf(args.context.policy, args.event)?.outcome.consequence : undefined;
  const cadreId = (event: AnyStamped) => evaluationEvent(event)?.candidateId ?? '';
  return {
    evaluationAdjustsIncumbent: (args: Args<C>) =>
      consequence(args) === 'adjustment' && incumbent(args.context, cadreId(args.event)),
    evaluationAdjusts: (args: Args<C>) => consequence(args) === 'adjustment',
    evaluationAdmonishes: (args: Args<C>) => consequence(args) === 'admonishment',
    evaluationClears: (args: Args<C>) => consequence(args) === 'none',
  };
}

type EffectArgs = { context: { caseId: string }; event: AnyStamped };
/**
 * The effects' params read the event as sent, unparsed (zod's defaults would add counts the params never
 * carried); they run only after a guard has parsed it. Their shape is domain/effects.ts's to change.
 */
const evaluated = (event: AnyStamped) =>
  event.type === 'EVALUATION_RECORDED' ? (event as EvaluationRecorded & AnyStamped) : undefined;

const feedback = {
  type: 'notify',
  params: ({ event }: EffectArgs) => ({
    kind: 'evaluation_feedback',
    to: 'candidate' as const,
    cadreId: evaluated(event)?.candidateId ?? '',
  }),
} as const;

const admonishmentTalk = {
  type: 'scheduleAdmonishmentTalk',
  params: ({ event }: EffectArgs) => ({ cadreId: evaluated(event)?.candidateId ?? '' }),
} as const;

const demotionCase = {
  type: 'openDemotionCase',
  params: ({ context, event }: EffectArgs) => ({
    cadreId: evaluated(event)?.candidateId ?? '',
    trigger: { kind: 'evaluation' as const, counts: evaluated(event)?.counts },
    sourceCaseId: context.caseId,
  }),
} as const;

/** The evaluation step's transitions; `recordEvaluation` is the track's own (where results are kept). */
export const evaluationOn = {
  EVALUATION_RECORDED: [
    { guard: 'evaluationAdjustsIncumbent', actions: ['recordEvaluation', feedback, demotionCase] },
    { guard: 'evaluationAdjusts', actions: ['recordEvaluation', feedback] },
    { guard: 'evaluationAdmonishes', actions: ['recordEvaluation', feedback, admonishmentTalk] },
    { guard: 'evaluationClears', actions: ['recordEvaluation', feedback] },
  ],
} as const;
