import type { RulesEdition } from '../../domain/rules-edition';

/** The edition a case runs under, in every track's context (domain/rules-edition.ts). */
export interface EditionSlice {
  rulesEdition: RulesEdition;
}

/**
 * Guards that say which edition's rules a case follows. Compose them with a rule that came with an
 * edition, e.g. `or([not('rulesOfSecondReview'), 'secondDeliberationRecorded'])`, so that cases started
 * before it keep the rules they started under.
 */
export const editionGuards = {
  /** DOMAIN.md "Corrections and additions": the second review against the national texts. */
  rulesOfSecondReview: ({ context }: { context: EditionSlice }) => context.rulesEdition >= 2,
  /** Issue 11: rotation's eligibility, the reverse line of avoidance, inspection-team recusal. */
  rulesOfThirdEdition: ({ context }: { context: EditionSlice }) => context.rulesEdition >= 3,
  /** Issue 11: 复核 and 申诉 after a 降职 or 免职 (machines/fragments/recourse.ts). */
  rulesOfFourthEdition: ({ context }: { context: EditionSlice }) => context.rulesEdition >= 4,
};
