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

/**
 * `deferralDecided`: from the second rules edition, deferral (暂缓) is a decision the committee records
 * (DOMAIN.md "Committee vote"), passed here as whether it did; undefined keeps the first edition's rule,
 * which computed it from the counts (more to defer than against).
 */
export function committeeVoteOutcome(
  vote: CommitteeVote,
  policy: Policy['vote'],
  options: { deferralDecided?: boolean } = {},
): Result<VoteResult> {
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
  const deferred = options.deferralDecided ?? v.defer > v.against;
  return ok({ outcome: deferred ? 'deferred' : 'failed', ...figures });
}
