import type { Post } from '../../domain/case';
import { chinaDateOf } from '../../domain/dates';
import type { EvaluationCounts } from '../../domain/facts/evaluation';
import type { Policy } from '../../domain/policy';
import { isLeadingRank, rankFromLabel } from '../../domain/ranks';
import type { RulesEdition } from '../../domain/rules-edition';
import { evaluationRecordedEventSchema } from '../../domain/steps/evaluation';
import { type EvaluationOutcome, evaluationOutcome } from '../rules/evaluation';
import { type CandidatePoolSlice, candidateById, type EvaluationRecord, nominatorsOf } from './candidates';
import { type AnyStamped, eventOf } from './events';

/**
 * The rule applied to counts; undefined when the counts do not add up. `validBallotsOnly` from the second
 * rules edition (machines/rules/evaluation.ts).
 */
export function evaluationOf(
  policy: Policy,
  counts: unknown,
  validBallotsOnly = false,
): EvaluationOutcome | undefined {
  const result = evaluationOutcome(counts as EvaluationCounts, policy.evaluation, { validBallotsOnly });
  return result.ok ? result.value : undefined;
}

/** Whether a case counts evaluation shares of valid ballots only (the second rules edition). */
const validBallotsOnly = (context: { rulesEdition?: RulesEdition }) => (context.rulesEdition ?? 1) >= 2;

/** The evaluation event, parsed. */
export const evaluationEvent = (event: AnyStamped) => eventOf(event, evaluationRecordedEventSchema);

/** An evaluation event as a record, when its counts add up. */
export function evaluationRecordOf(
  context: { policy: Policy; rulesEdition?: RulesEdition },
  event: AnyStamped,
): EvaluationRecord | undefined {
  const e = evaluationEvent(event);
  const outcome = e && evaluationOf(context.policy, e.counts, validBallotsOnly(context));
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
export function evaluationGuards<C extends { policy: Policy; rulesEdition?: RulesEdition }>(
  mayEvaluate: (args: Args<C>) => boolean,
  incumbent: (context: C, cadreId: string) => boolean,
) {
  const consequence = (args: Args<C>) =>
    mayEvaluate(args) ? evaluationRecordOf(args.context, args.event)?.outcome.consequence : undefined;
  const cadreId = (event: AnyStamped) => evaluationEvent(event)?.candidateId ?? '';
  return {
    evaluationAdjustsIncumbent: (args: Args<C>) =>
      consequence(args) === 'adjustment' && incumbent(args.context, cadreId(args.event)),
    evaluationAdjusts: (args: Args<C>) => consequence(args) === 'adjustment',
    evaluationAdmonishes: (args: Args<C>) => consequence(args) === 'admonishment',
    evaluationClears: (args: Args<C>) => consequence(args) === 'none',
  };
}

type EffectArgs = { context: CandidatePoolSlice & { caseId: string }; event: AnyStamped };
const evaluated = (event: AnyStamped) => eventOf(event, evaluationRecordedEventSchema);

/** The evaluation and its candidate: a recorded evaluation always names one in the pool. */
function evaluatedCandidate({ context, event }: EffectArgs) {
  const evaluation = evaluated(event);
  const candidate = evaluation && candidateById(context, evaluation.candidateId);
  if (!evaluation || !candidate) throw new Error('an evaluation effect without its candidate in the pool');
  return { evaluation, candidate };
}

const feedback = {
  type: 'notify',
  params: (args: EffectArgs) => {
    const { candidate } = evaluatedCandidate(args);
    return {
      kind: 'evaluation_feedback',
      to: 'candidate' as const,
      cadreId: candidate.id,
      cadreName: candidate.name,
    };
  },
} as const;

// 诫勉 takes effect the day the evaluation was recorded; the rank is filed as the ladder's code.
const admonishmentTalk = {
  type: 'scheduleAdmonishmentTalk',
  params: (args: EffectArgs) => {
    const { evaluation, candidate } = evaluatedCandidate(args);
    return {
      cadreId: candidate.id,
      cadreName: candidate.name,
      measure: {
        kind: 'admonishment' as const,
        effectiveDate: chinaDateOf(evaluation.at),
        rankAtMeasure: rankFromLabel(candidate.currentPost.rank) ?? candidate.currentPost.rank,
      },
    };
  },
} as const;

const demotionCase = {
  type: 'openDemotionCase',
  params: (args: EffectArgs) => {
    const { evaluation, candidate } = evaluatedCandidate(args);
    return {
      cadre: { id: candidate.id, name: candidate.name },
      currentPost: candidate.currentPost,
      relatives: candidate.relatives,
      nominatedBy: nominatorsOf(candidate),
      counts: evaluation.counts,
      sourceCaseId: args.context.caseId,
    };
  },
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
