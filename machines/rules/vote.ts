import { type CommitteeVote, committeeVoteSchema } from '../../domain/facts/vote';
import { type Policy, votePolicySchema } from '../../domain/policy';
import { exceedsShare, reachesShare, smallestExceeding, smallestReaching } from '../../domain/ratio';
import { ok, parseWith, type Result } from '../../domain/result';

export type VoteOutcome = 'void_no_quorum' | 'passed' | 'failed' | 'deferred';

export interface VoteResult {
  outcome: VoteOutcome;
  quorumMet: boolean;
  /** Members who had to be present for the vote to be valid. */
  quorumNeeded: number;
  /** Votes in favour the item needed to pass. */
  votesNeededToPass: number;
}

export function committeeVoteOutcome(vote: CommitteeVote, policy: Policy['vote']): Result<VoteResult> {
  const parsedPolicy = parseWith(votePolicySchema, policy, 'policy.vote');
  if (!parsedPolicy.ok) return parsedPolicy;
  const parsed = parseWith(committeeVoteSchema, vote, 'vote');
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const { quorum, passAboveShareOfShouldAttend: passShare } = parsedPolicy.value;

  const quorumMet = reachesShare(v.present, v.shouldAttend, quorum);
  const figures = {
    quorumMet,
    quorumNeeded: smallestReaching(v.shouldAttend, quorum),
    votesNeededToPass: smallestExceeding(v.shouldAttend, passShare),
  };
  // Without quorum nothing was decided, whatever the ballots say.
  if (!quorumMet) return ok({ outcome: 'void_no_quorum', ...figures });
  if (exceedsShare(v.for, v.shouldAttend, passShare)) return ok({ outcome: 'passed', ...figures });
  return ok({ outcome: v.defer > v.against ? 'deferred' : 'failed', ...figures });
}
