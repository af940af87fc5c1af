/** An exact share, numerator over denominator. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

/**
 * Exact threshold arithmetic. Every rule compares shares by cross-multiplying integers (as BigInt, so
 * no product can overflow), never by dividing floats: "exactly 75%" and "exactly two thirds" must land
 * on the right side of the line whatever the counts.
 */

/** A percentage as an exact fraction of 100. */
export function percentShare(percent: number): Fraction {
  return { numerator: percent, denominator: 100 };
}

/** part / whole ≥ share — "at least two thirds", "at least 75%". */
export function reachesShare(part: number, whole: number, share: Fraction): boolean {
  return BigInt(part) * BigInt(share.denominator) >= BigInt(share.numerator) * BigInt(whole);
}

/** part / whole > share — "more than half", "above 20%". */
export function exceedsShare(part: number, whole: number, share: Fraction): boolean {
  return BigInt(part) * BigInt(share.denominator) > BigInt(share.numerator) * BigInt(whole);
}

/** The smallest part that reaches `share` of `whole` (e.g. members needed for a quorum). */
export function smallestReaching(whole: number, share: Fraction): number {
  const product = BigInt(share.numerator) * BigInt(whole);
  const denominator = BigInt(share.denominator);
  return Number((product + denominator - 1n) / denominator);
}

/** The smallest part that exceeds `share` of `whole` (e.g. votes needed to pass). */
export function smallestExceeding(whole: number, share: Fraction): number {
  return Number((BigInt(share.numerator) * BigInt(whole)) / BigInt(share.denominator) + 1n);
}

/** Sign of a − b for two fractions. */
export function compareFractions(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const left = BigInt(a.numerator) * BigInt(b.denominator);
  const right = BigInt(b.numerator) * BigInt(a.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** An exact non-negative rational, for sums of weighted shares (recommendation scores). */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(numerator: bigint, denominator: bigint): Rational {
  if (denominator === 0n) throw new RangeError('a rational needs a non-zero denominator');
  const divisor = gcd(numerator, denominator) || 1n;
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

export const ZERO: Rational = { numerator: 0n, denominator: 1n };

export function addRational(a: Rational, b: Rational): Rational {
  return rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
}

export function multiplyRational(a: Rational, b: Rational): Rational {
  return rational(a.numerator * b.numerator, a.denominator * b.denominator);
}

export function compareRational(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** For display only: decisions never use this float. */
export function rationalToNumber(r: Rational): number {
  return Number(r.numerator) / Number(r.denominator);
}

/**
 * A finite non-negative number taken at its shortest decimal spelling ("0.3" is exactly 3/10), so that
 * policy weights such as 0.1 + 0.2 add up exactly to 0.3 instead of 0.30000000000000004.
 */
export function decimalToRational(value: number): Rational {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`not a finite non-negative number: ${value}`);
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new RangeError(`cannot read ${value} as a decimal`);
  const [, whole = '0', fractionDigits = '', exponentText = '0'] = match;
  const exponent = Number(exponentText) - fractionDigits.length;
  const digits = BigInt(whole + fractionDigits);
  return exponent >= 0
    ? rational(digits * 10n ** BigInt(exponent), 1n)
    : rational(digits, 10n ** BigInt(-exponent));
}
