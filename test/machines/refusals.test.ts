import { describe, expect, it } from 'vitest';
import { machinesByTrack } from '../../machines/index';
import { REFUSALS, refusalMessages } from '../../machines/refusals';
import { guardNamesOf } from '../../workflows/session/machine-view';

describe('refusals in words (machines/refusals.ts)', () => {
  it('every guard any machine uses has a message in 中文 and English', () => {
    const missing = Object.entries(machinesByTrack).flatMap(([track, machine]) =>
      guardNamesOf(machine)
        .filter((guard) => !REFUSALS[guard]?.zh || !REFUSALS[guard]?.en)
        .map((guard) => `${track}: ${guard}`),
    );
    expect(missing).toEqual([]);
  });

  it('no message gives a guard identifier instead of words', () => {
    const ids = new Set(Object.keys(REFUSALS));
    for (const message of Object.values(REFUSALS)) {
      expect(ids.has(message.en)).toBe(false);
      expect(message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('guards that share a message are said once', () => {
    expect(refusalMessages(['votePassed', 'voteFailed'])).toHaveLength(1);
  });
});
