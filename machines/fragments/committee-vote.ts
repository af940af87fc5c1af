import { and } from 'xstate';
import { instantMs } from '../../domain/dates';
import type { Relative } from '../../domain/facts/avoidance';
import type { Policy } from '../../domain/policy';
import type { RulesEdition } from '../../domain/rules-edition';
import { type VoteRecorded, voteRecordedEventSchema } from '../../domain/steps/vote';
import type { Stamped } from '../meta';
import { recusals } from '../rules/avoidance';
import { committeeVoteOutcome, type VoteOutcome, type VoteResult } from '../rules/vote';
import { type AnyStamped, eventOf, hasDuplicates } from './events';

/** A person the case put to the vote, with the relatives who must recuse. */
export interface VoteSubject {
  id: string;
  relatives: Relative[];
}

export interface VoteRecord extends VoteResult {
  subjectId: string;
  counts: Pick<VoteRecorded, 'shouldAttend' | 'present' | 'recused' | 'for' | 'against' | 'defer'>;
  presentMemberIds: string[];
  recusedMemberIds: string[];
  at: string;
  by: Stamped['actor'];
}

export interface VoteSlice {
  policy: Policy;
  /** Tracks that carry an edition: from the second, deferral is the committee's recorded decision. */
  rulesEdition?: RulesEdition;
  voteSubjects: VoteSubject[];
  /** The latest vote; earlier ones (void, deferred) are in the case record. */
  vote?: VoteRecord;
  /** When the committee approved: later steps (publicity, appointment) may not predate it. */
  decidedAt?: string;
}

type Args = { context: VoteSlice; event: AnyStamped };

const recorded = (event: AnyStamped) => eventOf(event, voteRecordedEventSchema);

/** The subject a vote record is on: the one named, or the only one put to the vote. */
export function voteSubjectOf(
  context: VoteSlice,
  e: Pick<VoteRecorded, 'candidateId'>,
): VoteSubject | undefined {
  if (e.candidateId === undefined)
    return context.voteSubjects.length === 1 ? context.voteSubjects[0] : undefined;
  return context.voteSubjects.find((s) => s.id === e.candidateId);
}

const countsOf = (e: VoteRecord['counts']): VoteRecord['counts'] => ({
  shouldAttend: e.shouldAttend,
  present: e.present,
  recused: e.recused,
  for: e.for,
  against: e.against,
  defer: e.defer,
});

/**
 * The vote's outcome, or undefined when the record must be refused (with the recusal rule), read by every
 * outcome guard. That only the committee records a vote is the sender guard's (domain/senders.ts).
 */
export function voteOutcomeOf({ context, event }: Args): (VoteResult & { subject: VoteSubject }) | undefined {
  const e = recorded(event);
  // The decision's time matters later (publicity and appointment may not predate it): it must be readable.
  if (!e || instantMs(e.at) === undefined) return undefined;
  const subject = voteSubjectOf(context, e);
  if (!subject) return undefined;
  const { presentMemberIds: present, recusedMemberIds: recused } = e;
  // The named members must be the members counted.
  if (present.length !== e.present || recused.length !== e.recused) return undefined;
  if (hasDuplicates([...present, ...recused])) return undefined;
  const mustRecuse = recusals(present, subject.relatives, subject.id);
  if (!mustRecuse.ok || mustRecuse.value.length > 0) return undefined;
  const secondEdition = (context.rulesEdition ?? 1) >= 2;
  const result = committeeVoteOutcome(countsOf(e), context.policy.vote, {
    deferralDecided: secondEdition ? e.deferred === true : undefined,
  });
  return result.ok ? { ...result.value, subject } : undefined;
}

const outcomeIs = (outcome: VoteOutcome) => (args: Args) => voteOutcomeOf(args)?.outcome === outcome;

export const voteGuards = {
  votePassed: outcomeIs('passed'),
  voteFailed: outcomeIs('failed'),
  voteDeferred: outcomeIs('deferred'),
  voteVoidNoQuorum: outcomeIs('void_no_quorum'),
};

export function recordVote(context: VoteSlice, event: AnyStamped): Partial<VoteSlice> {
  const outcome = voteOutcomeOf({ context, event });
  const e = recorded(event);
  if (!outcome || !e) return {};
  const { subject, ...result } = outcome;
  const vote: VoteRecord = {
    ...result,
    subjectId: subject.id,
    counts: countsOf(e),
    presentMemberIds: e.presentMemberIds,
    recusedMemberIds: e.recusedMemberIds,
    at: e.at,
    by: e.actor,
  };
  return { vote, ...(result.outcome === 'passed' ? { decidedAt: e.at } : {}) };
}

const tell = (kind: string, to: 'organization_department' | 'department') =>
  ({ type: 'notify', params: { kind, to } }) as const;

/**
 * The vote step's transitions; void and deferred votes stay, recorded, awaiting another vote. `requires`
 * is a track's own condition for recording a vote at all (promotion: the gates before the decision),
 * composed into every branch so that a refusal names it.
 */
export function committeeVoteOn<P extends string, F extends string>(targets: {
  onPassed: P;
  onFailed: F;
  requires?: Parameters<typeof and>[0][number];
}) {
  const branches = {
    VOTE_RECORDED: [
      {
        guard: 'votePassed',
        target: targets.onPassed,
        actions: ['recordVote', tell('vote_passed', 'department')],
      },
      {
        guard: 'voteFailed',
        target: targets.onFailed,
        actions: ['recordVote', tell('vote_failed', 'department')],
      },
      { guard: 'voteDeferred', actions: ['recordVote', tell('vote_deferred', 'organization_department')] },
      {
        guard: 'voteVoidNoQuorum',
        actions: ['recordVote', tell('vote_void_no_quorum', 'organization_department')],
      },
    ],
  } as const;
  const { requires } = targets;
  if (requires === undefined) return branches;
  // The composed guard is typed as the outcome's name it wraps: xstate cannot type an `and` over guards
  // whose names the track's setup, not this fragment, declares. Both name only declared guards.
  return {
    VOTE_RECORDED: branches.VOTE_RECORDED.map((branch) => ({
      ...branch,
      guard: and([requires, branch.guard]) as unknown as typeof branch.guard,
    })),
  } as unknown as typeof branches;
}
