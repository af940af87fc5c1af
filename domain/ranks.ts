import { z } from 'zod';

/**
 * The rank ladder (职务层次) a district organization department works with, lowest first. Each step up the
 * ladder is one level; "skipping a level" (越级) means rising more than one step at once.
 */
const rankCodes = [
  'clerk', // 科员 (not a leading post)
  'deputy_section', // 副科
  'section', // 正科
  'deputy_division', // 副处 (县处级 begins here)
  'division', // 正处
  'deputy_bureau', // 副局 (厅局级)
  'bureau', // 正局
] as const;
export const rankSchema = z.enum(rankCodes);
export type Rank = z.infer<typeof rankSchema>;

export const RANK_LABELS: Record<Rank, string> = {
  clerk: '科员',
  deputy_section: '副科',
  section: '正科',
  deputy_division: '副处',
  division: '正处',
  deputy_bureau: '副局',
  bureau: '正局',
};

export function rankIndex(rank: Rank): number {
  return rankCodes.indexOf(rank);
}

/** How many steps `to` is above `from` (negative when lower). */
export function stepsUp(from: Rank, to: Rank): number {
  return rankIndex(to) - rankIndex(from);
}

/** Levels jumped over by a move from `from` to `to`: 正科 → 正处 skips one (副处). */
export function levelsSkipped(from: Rank, to: Rank): number {
  return Math.max(0, stepsUp(from, to) - 1);
}

export function isLeadingRank(rank: Rank): boolean {
  return rank !== 'clerk';
}

export function isDeputyRank(rank: Rank): boolean {
  return rank === 'deputy_section' || rank === 'deputy_division' || rank === 'deputy_bureau';
}

export function isHeadRank(rank: Rank): boolean {
  return rank === 'section' || rank === 'division' || rank === 'bureau';
}

/** 县处级 and above: the ranks the national qualification years are written for. */
export function isDivisionLevelOrAbove(rank: Rank): boolean {
  return rankIndex(rank) >= rankIndex('deputy_division');
}

/**
 * The rank a case's free-text rank names (domain/case.ts keeps "正科", "副处级" as text): a code, its
 * Chinese label, or the label with 级. Undefined when it is none of the ladder's ranks.
 */
export function rankFromLabel(text: string): Rank | undefined {
  const t = text.trim();
  const code = rankCodes.find((r) => r === t || RANK_LABELS[r] === t || `${RANK_LABELS[r]}级` === t);
  return code;
}

/** Every way a case's rank text may name a rank of the ladder: its code, its label, the label with 级. */
const ladderRankTexts: readonly string[] = rankCodes.flatMap((r) => [
  r,
  RANK_LABELS[r],
  `${RANK_LABELS[r]}级`,
]);

/**
 * A rank text that names a rank of the ladder exactly (no spaces around it). Kept as text (the case
 * records what the caller wrote), checked as the enum it is, so the API's document lists it.
 */
export const ladderRankSchema = z
  .enum(ladderRankTexts as [string, ...string[]], {
    error: 'a rank of the ladder: 科员, 副科, 正科, 副处, 正处, 副局 or 正局 (or its code)',
  })
  .describe('Rank (职级) on the ladder, e.g. "正科" or "副处"');
