import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, hasServedYears, isIsoDate } from '../../../domain/dates';
import { levelsSkipped, rankFromLabel, stepsUp } from '../../../domain/ranks';
import {
  compareFractions,
  decimalToRational,
  exceedsShare,
  rationalToNumber,
  reachesShare,
  smallestExceeding,
  smallestReaching,
} from '../../../domain/ratio';

const twoThirds = { numerator: 2, denominator: 3 };
const half = { numerator: 1, denominator: 2 };

describe('exact shares: thresholds compared by cross-multiplying integers', () => {
  it('reachesShare is inclusive at exactly the share, exceedsShare is not', () => {
    expect(reachesShare(2, 3, twoThirds)).toBe(true);
    expect(exceedsShare(2, 3, twoThirds)).toBe(false);
    expect(reachesShare(666_666, 1_000_000, twoThirds)).toBe(false);
    expect(reachesShare(666_667, 1_000_000, twoThirds)).toBe(true);
  });

  it('shares stay exact for the largest counts allowed', () => {
    const big = 999_999_999; // divisible by 3
    expect(reachesShare((big / 3) * 2, big, twoThirds)).toBe(true);
    expect(reachesShare((big / 3) * 2 - 1, big, twoThirds)).toBe(false);
  });

  it('smallest part reaching or exceeding a share', () => {
    expect([9, 10, 11, 12].map((n) => smallestReaching(n, twoThirds))).toEqual([6, 7, 8, 8]);
    expect([9, 10, 1].map((n) => smallestExceeding(n, half))).toEqual([5, 6, 1]);
  });

  it('compareFractions orders fractions exactly', () => {
    expect(compareFractions({ numerator: 4, denominator: 6 }, twoThirds)).toBe(0);
    expect(compareFractions({ numerator: 666, denominator: 1000 }, twoThirds)).toBe(-1);
    expect(compareFractions({ numerator: 667, denominator: 1000 }, twoThirds)).toBe(1);
  });

  it('decimal weights are read at their decimal value, so 0.1 + 0.2 is exactly 0.3', () => {
    expect(decimalToRational(0.1)).toEqual({ numerator: 1n, denominator: 10n });
    expect(decimalToRational(0.05)).toEqual({ numerator: 1n, denominator: 20n });
    expect(decimalToRational(3)).toEqual({ numerator: 3n, denominator: 1n });
    expect(decimalToRational(1e-7)).toEqual({ numerator: 1n, denominator: 10_000_000n });
    expect(decimalToRational(0)).toEqual({ numerator: 0n, denominator: 1n });
    expect(rationalToNumber(decimalToRational(0.3))).toBe(0.3);
    expect(() => decimalToRational(-1)).toThrow(RangeError);
    expect(() => decimalToRational(Number.NaN)).toThrow(RangeError);
  });
});

describe('calendar dates: plain date-only arithmetic', () => {
  it('only real calendar days written YYYY-MM-DD are dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
    expect(isIsoDate('2024-01-01T00:00:00Z')).toBe(false);
  });

  it('adding months keeps the day of the month', () => {
    expect(addMonths('2024-01-15', 6)).toBe('2024-07-15');
    expect(addMonths('2024-11-30', 3)).toBe('2025-03-01');
    expect(addMonths('2024-07-15', -6)).toBe('2024-01-15');
    expect(addMonths('2024-12-01', 1)).toBe('2025-01-01');
  });

  it('adding months from a day the target month lacks gives the 1st of the next month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-03-01');
    expect(addMonths('2023-08-31', 6)).toBe('2024-03-01');
    expect(addMonths('2024-03-31', 1)).toBe('2024-05-01');
    expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('adding days crosses months, years and leap days', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });

  it('full years served count the anniversary itself', () => {
    expect(hasServedYears('2022-03-01', '2024-03-01', 2)).toBe(true);
    expect(hasServedYears('2022-03-01', '2024-02-29', 2)).toBe(false);
    expect(hasServedYears('2024-05-05', '2024-05-05', 0)).toBe(true);
  });
});

describe('rank ladder', () => {
  it('steps and skipped levels', () => {
    expect(stepsUp('section', 'deputy_division')).toBe(1);
    expect(levelsSkipped('section', 'deputy_division')).toBe(0);
    expect(levelsSkipped('section', 'division')).toBe(1);
    expect(levelsSkipped('section', 'deputy_bureau')).toBe(2);
    expect(levelsSkipped('division', 'section')).toBe(0);
  });

  it('free-text ranks of a case map onto the ladder', () => {
    expect(rankFromLabel('正科')).toBe('section');
    expect(rankFromLabel('副处级')).toBe('deputy_division');
    expect(rankFromLabel(' 科员 ')).toBe('clerk');
    expect(rankFromLabel('bureau')).toBe('bureau');
    expect(rankFromLabel('一级主任科员')).toBeUndefined();
  });
});
