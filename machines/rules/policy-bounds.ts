import { type Fraction, mergePolicy, type Policy, policyOverridesSchema } from '../../domain/policy';
import { compareFractions } from './ratio';
import { ok, parseWith, type Result, refuse } from './result';

/**
 * A case's policy may be stricter than DOMAIN.md's rules, never looser. These are the rules' own figures
 * (not DEFAULT_POLICY's, so that loosening a default is caught too); the inspection notice, for which
 * DOMAIN.md gives no figure, keeps the default's 3 days as its floor.
 */
export const RULE_FLOORS = {
  excellentMinSatisfactionPercent: 75,
  admonishmentAboveDissatisfactionPercent: 20,
  adjustmentAboveDissatisfactionPercent: 50,
  quorum: { numerator: 2, denominator: 3 },
  passAboveShareOfShouldAttend: { numerator: 1, denominator: 2 },
  minParticipation: { numerator: 2, denominator: 3 },
  publicityWorkingDays: 5,
  inspectionNoticeDays: 3,
  probationMonths: 12,
  minYearsAsDeputyBeforeHead: 2,
  minYearsAsLowerHeadBeforeUpperDeputy: 3,
  minYearsOfWorkForDivisionLevel: 5,
} as const;

export interface PolicyLooseness {
  /** Dotted path of the offending field, e.g. 'vote.quorum'. */
  path: string;
  reason: string;
}

const show = (f: Fraction) => `${f.numerator}/${f.denominator}`;

/** Every way `policy` is looser than the rules (or incoherent); empty when it is as strict or stricter. */
export function checkPolicyBounds(policy: Policy): PolicyLooseness[] {
  const found: PolicyLooseness[] = [];
  const floor = (path: string, value: number, min: number, what: string) => {
    if (value < min) found.push({ path, reason: `${what} must be at least ${min}, not ${value}` });
  };
  const ceiling = (path: string, value: number, max: number, what: string) => {
    if (value > max) found.push({ path, reason: `${what} must be at most ${max}, not ${value}` });
  };
  const share = (path: string, value: Fraction, min: Fraction, what: string) => {
    if (compareFractions(value, min) < 0) {
      found.push({ path, reason: `${what} must be at least ${show(min)}, not ${show(value)}` });
    }
  };
  const { evaluation, vote, recommendation, publicity, inspectionNotice, probation, qualification } = policy;
  const r = RULE_FLOORS;

  // A higher bar for "excellent" and lower dissatisfaction triggers are stricter.
  floor(
    'evaluation.excellentMinSatisfactionPercent',
    evaluation.excellentMinSatisfactionPercent,
    r.excellentMinSatisfactionPercent,
    'the satisfaction needed for excellent (%)',
  );
  ceiling(
    'evaluation.admonishmentAboveDissatisfactionPercent',
    evaluation.admonishmentAboveDissatisfactionPercent,
    r.admonishmentAboveDissatisfactionPercent,
    'the dissatisfaction above which admonishment follows (%)',
  );
  ceiling(
    'evaluation.adjustmentAboveDissatisfactionPercent',
    evaluation.adjustmentAboveDissatisfactionPercent,
    r.adjustmentAboveDissatisfactionPercent,
    'the dissatisfaction above which adjustment follows (%)',
  );
  if (evaluation.admonishmentAboveDissatisfactionPercent > evaluation.adjustmentAboveDissatisfactionPercent) {
    found.push({
      path: 'evaluation.admonishmentAboveDissatisfactionPercent',
      reason: `admonishment (above ${evaluation.admonishmentAboveDissatisfactionPercent}%) must not start above adjustment (above ${evaluation.adjustmentAboveDissatisfactionPercent}%)`,
    });
  }

  share('vote.quorum', vote.quorum, r.quorum, 'the quorum');
  share(
    'vote.passAboveShareOfShouldAttend',
    vote.passAboveShareOfShouldAttend,
    r.passAboveShareOfShouldAttend,
    'the share of members who should attend that votes in favour must exceed',
  );
  share(
    'recommendation.minParticipation',
    recommendation.minParticipation,
    r.minParticipation,
    'participation',
  );

  floor(
    'publicity.workingDays',
    publicity.workingDays,
    r.publicityWorkingDays,
    'the publicity (working days)',
  );
  floor(
    'inspectionNotice.days',
    inspectionNotice.days,
    r.inspectionNoticeDays,
    'the inspection notice (days)',
  );
  floor('probation.months', probation.months, r.probationMonths, 'the probation (months)');

  floor(
    'qualification.minYearsAsDeputyBeforeHead',
    qualification.minYearsAsDeputyBeforeHead,
    r.minYearsAsDeputyBeforeHead,
    'the years as deputy before head',
  );
  floor(
    'qualification.minYearsAsLowerHeadBeforeUpperDeputy',
    qualification.minYearsAsLowerHeadBeforeUpperDeputy,
    r.minYearsAsLowerHeadBeforeUpperDeputy,
    "the years as a lower level's head before the upper level's deputy",
  );
  floor(
    'qualification.minYearsOfWorkForDivisionLevel',
    qualification.minYearsOfWorkForDivisionLevel,
    r.minYearsOfWorkForDivisionLevel,
    'the years of work before a division-level post',
  );
  return found;
}

/** The defaults overlaid with a case's overrides, refused when malformed or looser than the rules. */
export function resolvePolicy(overrides: unknown = {}): Result<Policy> {
  const parsed = parseWith(policyOverridesSchema, overrides ?? {}, 'policy');
  if (!parsed.ok) return parsed;
  let policy: Policy;
  try {
    policy = mergePolicy(parsed.value);
  } catch (error) {
    // mergePolicy re-validates the whole; overrides valid alone can still combine badly (none do today).
    return refuse(`policy: ${error instanceof Error ? error.message : String(error)}`);
  }
  const looser = checkPolicyBounds(policy);
  if (looser.length > 0) {
    return refuse(
      `policy is looser than the rules: ${looser.map((l) => `${l.path}: ${l.reason}`).join('; ')}`,
    );
  }
  return ok(policy);
}
