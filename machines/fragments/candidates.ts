import type { Post } from '../../domain/case';
import type { Relative } from '../../domain/facts/avoidance';
import type { EvaluationCounts } from '../../domain/facts/evaluation';
import type { InfluenceMeasure } from '../../domain/facts/influence';
import type { PersonalFacts } from '../../domain/facts/personal';
import type { NominationChannel } from '../../domain/policy';
import type { Rank } from '../../domain/ranks';
import type { Nominator } from '../../domain/steps/nomination';
import type { PreVoteCheck } from '../../domain/steps/pre-vote';
import type { Stamped } from '../meta';
import type { AvoidanceConflict } from '../rules/avoidance';
import type { EvaluationOutcome } from '../rules/evaluation';
import type { QualificationFailure } from '../rules/qualification';
import { sortedById } from './events';

/** A democratic evaluation's counts and what the rule made of them. */
export interface EvaluationRecord {
  counts: EvaluationCounts;
  outcome: EvaluationOutcome;
  at: string;
  by: Stamped['actor'];
}

/**
 * The candidate pool of a promotion (候选人): everyone nominated, with how they fared at each step. A
 * candidate never leaves the list — one who fails a step keeps their record, with a status that says
 * they are out and why — so the case shows who nominated whom and what became of them (谁提名谁负责).
 */
interface Nomination {
  channel: NominationChannel;
  nominators: Nominator[];
  signed: boolean;
  writtenMaterial?: string;
  at: string;
  by: Stamped['actor'];
}

/**
 * nominated → qualified | disqualified (资格审查) → inspection (确定考察对象) → out by evaluation:
 * adjusted (调整) or admonished (诫勉: its influence period bars promotion, so they cannot be appointed now).
 */
export type CandidateStatus =
  | 'nominated'
  | 'qualified'
  | 'disqualified'
  | 'inspection'
  | 'adjusted'
  | 'admonished'
  /** A report about them, filed before the vote, was substantiated (rules edition 2). */
  | 'reportSubstantiated';

export interface Candidate {
  id: string;
  name: string;
  currentPost: Post;
  /** The approval form's personal facts, when the department sent them (domain/facts/personal.ts). */
  personalFacts?: PersonalFacts;
  nominations: Nomination[];
  status: CandidateStatus;
  relatives: Relative[];
  qualification?: {
    asOf: string;
    failures: QualificationFailure[];
    avoidance: AvoidanceConflict[];
    waived: QualificationFailure[];
    /** 职务 or 职级: how the current rank is held (absent in records from before the second edition). */
    holding?: 'leading_post' | 'rank';
    /** Proposed as an exceptional promotion (破格). */
    exceptional?: boolean;
    currentRank?: Rank;
    targetRank?: Rank;
    at: string;
    by: Stamped['actor'];
  };
  evaluation?: EvaluationRecord;
  /** Why the candidate is out of this case, in words, when a rule took them out. */
  out?: { rule: string; zh: string; en: string };
  /** Measures (诫勉, 组织处理, 处分) reported after the qualification review (MEASURE_RECORDED). */
  laterMeasures?: InfluenceMeasure[];
  /** 凡提四必, by check (rules edition 2). */
  preVoteChecks?: Partial<Record<PreVoteCheck, PreVoteCheckRecord>>;
  /** The vote briefing (rules edition 2). */
  briefing?: VoteBriefing;
  inspection?: {
    talks: { held: number; summary: string };
    scores: { superiors: number; peers: number; subordinates: number; public: number; comprehensive: number };
    at: string;
    by: Stamped['actor'];
  };
}

interface PreVoteCheckRecord {
  checkedBy: string;
  checkedOn: string;
  conclusion: 'clear' | 'adverse';
  summary: string;
  integrity?: { signedByPartySecretary: boolean; signedByDisciplineSecretary: boolean };
  at: string;
  by: Stamped['actor'];
}

interface VoteBriefing {
  recommendation: string;
  inspection: string;
  appointment: string;
  exceptional?: { grounds: 'outstanding' | 'special_need'; superiorConsent: { by: string; on: string } };
  at: string;
  by: Stamped['actor'];
}

export interface CandidatePoolSlice {
  candidates: Candidate[];
}

export const candidateById = (context: CandidatePoolSlice, id: unknown) =>
  typeof id === 'string' ? context.candidates.find((c) => c.id === id) : undefined;

export const withStatus = (context: CandidatePoolSlice, status: CandidateStatus) =>
  context.candidates.filter((c) => c.status === status);

/** The pool with one candidate replaced (or added), kept in canonical order. */
export function withCandidate(context: CandidatePoolSlice, candidate: Candidate): Candidate[] {
  return sortedById([...context.candidates.filter((c) => c.id !== candidate.id), candidate]);
}

/** Everyone who nominated a candidate: the accountability ledger's entry for them. */
export const nominatorsOf = (candidate: Candidate): string[] => [
  ...new Set(candidate.nominations.flatMap((n) => n.nominators.map((p) => p.id))),
];
