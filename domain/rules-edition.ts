/**
 * Editions of the rules the machines enforce. A case keeps the edition it started under, as it keeps its
 * policy: a year-long probation started under the first edition replays and ends under it, while every
 * case started after a release gets the newest. The workflow host chooses the edition at the start, behind
 * a Temporal patch (workflows/case-workflow.ts); a machine driven directly (tests, tools) gets the newest.
 *
 * A rule that refuses what an earlier edition allowed applies only from the edition that brought it
 * (machines/fragments/editions.ts), so committed histories still replay.
 */
const RULES_EDITIONS = {
  1: 'the first version (2026-11)',
  2: 'the second review against the national texts: DOMAIN.md "Corrections and additions" (2026-12)',
  3: 'issue 11 (2026-12): rotation checks influence periods and 裸官 status; avoidance of the reverse line; inspection-team recusal',
  4: 'issue 11 (2026-12): a 降职 or 免职 stays open for 复核 and 申诉 (公务员法 arts. 95–96); an upheld one reverses it',
} as const;
export type RulesEdition = keyof typeof RULES_EDITIONS;

export const LATEST_RULES_EDITION: RulesEdition = 4;
