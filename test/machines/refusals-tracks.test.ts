import { describe, expect, it } from 'vitest';
import { demotionMachine } from '../../machines/demotion';
import { probationMachine } from '../../machines/probation';
import { trackRefusals } from '../../machines/refusals-tracks';

describe('refusal messages for the guards issue 11 added', () => {
  it('every entry names a guard of the probation or demotion machine, in both languages', () => {
    const guards = new Set([
      ...Object.keys(probationMachine.implementations.guards),
      ...Object.keys(demotionMachine.implementations.guards),
    ]);
    for (const [name, message] of Object.entries(trackRefusals)) {
      expect(guards.has(name), name).toBe(true);
      expect(message.zh.length).toBeGreaterThan(0);
      expect(message.en.length).toBeGreaterThan(0);
    }
  });
});
