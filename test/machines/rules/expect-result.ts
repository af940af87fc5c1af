import { expect } from 'vitest';
import type { Result } from '../../../domain/result';

/** The value of an accepted result; fails the test (showing the reason) when the input was refused. */
export function accepted<T>(result: Result<T>): T {
  if (!result.ok) expect.fail(`expected the input to be accepted, but it was refused: ${result.reason}`);
  return result.value;
}

/** The reason of a refused result; fails the test when the input was accepted. */
export function refused<T>(result: Result<T>): string {
  if (result.ok)
    expect.fail(`expected the input to be refused, but it was accepted: ${JSON.stringify(result.value)}`);
  return result.reason;
}
