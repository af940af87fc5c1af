import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEffectActivities } from '../../activities/effects';
import { influenceMeasureSchema } from '../../domain/facts/influence';
import { filePorts } from '../support/case-driver';

/**
 * The effect activities put measures on a cadre’s file, which later qualification reviews read. Dates in
 * this service are China calendar dates (machines/calendar/china-time.ts): between 00:00 and 08:00 China
 * time the UTC date is the day before.
 */
describe('effect activities: what goes on a cadre’s file', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an admonishment filed at 01:00 China time on 2026-03-11 takes effect on 03-11, not on the UTC date 03-10', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-10T17:00:00Z'));
    const p = filePorts();
    await createEffectActivities(p).scheduleAdmonishmentTalk({
      workflowId: 'district-finance/p-1',
      track: 'promotion',
      context: { candidates: [{ id: 'A', name: '甲', currentPost: { rank: '正科' } }] },
      params: { cadreId: 'A' },
    });
    const [filed] = await p.registry.measures('A');
    expect(filed?.measure).toMatchObject({ kind: 'admonishment', rankAtMeasure: 'section' });
    // The influence period (six months without promotion) counts from this date.
    expect(filed?.measure.effectiveDate).toBe('2026-03-11');
  });

  it('an admonishment goes on file in the shape qualification review takes (a rank code, as demotion files it)', async () => {
    const p = filePorts();
    await createEffectActivities(p).scheduleAdmonishmentTalk({
      workflowId: 'district-finance/p-2',
      track: 'promotion',
      context: { candidates: [{ id: 'A', name: '甲', currentPost: { rank: '正科' } }] },
      params: { cadreId: 'A' },
    });
    const [filed] = await p.registry.measures('A');
    // MeasureOnFile: "in the shape qualification review takes (machines/rules/influence-period.ts)".
    expect(influenceMeasureSchema.safeParse(filed?.measure).error?.issues ?? []).toEqual([]);
  });
});
