import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import { createEffectActivities } from '../../activities/effects';
import type { EffectParams } from '../../domain/effects';
import { influenceMeasureSchema } from '../../domain/facts/influence';
import { promotionMachine } from '../../machines/promotion';
import { filePorts } from '../support/case-driver';
import { counts, e, evaluate, input, nominate, review } from '../support/promotion-fixtures';

/**
 * The effect activities put measures on a cadre’s file, which later qualification reviews read. The
 * machine names the effect with its params (domain/effects.ts); the activity files them. Dates in this
 * service are China calendar dates (domain/dates.ts): between 00:00 and 08:00 China time the UTC date is
 * the day before.
 */
function admonishmentNamedAt(at: string): EffectParams<'scheduleAdmonishmentTalk'> {
  let snapshot: AnyMachineSnapshot = initialTransition(promotionMachine, input)[0];
  const steps = [
    e.motion,
    ...['A', 'B', 'C'].map((id) => nominate(id)),
    e.closeNominations,
    ...['A', 'B', 'C'].map((id) => review(id)),
    e.concludeReview,
    e.recommendation(),
    e.choose('A', 'B'),
    e.notice,
    e.noticeElapsed,
  ];
  for (const step of steps) [snapshot] = transition(promotionMachine, snapshot as never, step as never);
  const [, actions] = transition(
    promotionMachine,
    snapshot as never,
    {
      ...evaluate('A', counts.admonishment),
      at,
    } as never,
  );
  const talk = actions.find((a) => a.type === 'scheduleAdmonishmentTalk');
  if (!talk) throw new Error('the machine named no admonishment talk');
  return talk.params as EffectParams<'scheduleAdmonishmentTalk'>;
}

const promotionCase = (caseId: string) => ({
  workflowId: `district-finance/${caseId}`,
  track: 'promotion',
  department: 'district-finance',
  caseId,
});

describe('effect activities: what goes on a cadre’s file', () => {
  it('an admonishment recorded at 01:00 China time on 2026-03-11 takes effect on 03-11, not on the UTC date 03-10', async () => {
    const p = filePorts();
    await createEffectActivities(p).scheduleAdmonishmentTalk({
      case: promotionCase('p-1'),
      params: admonishmentNamedAt('2026-03-10T17:00:00Z'),
    });
    const [filed] = await p.registry.measures('A');
    expect(filed?.measure).toMatchObject({ kind: 'admonishment', rankAtMeasure: 'section' });
    // The influence period (six months without promotion) counts from this date.
    expect(filed?.measure.effectiveDate).toBe('2026-03-11');
  });

  it('an admonishment goes on file in the shape qualification review takes (a rank code, as demotion files it)', async () => {
    const p = filePorts();
    await createEffectActivities(p).scheduleAdmonishmentTalk({
      case: promotionCase('p-2'),
      params: admonishmentNamedAt('2026-03-10T17:00:00Z'),
    });
    const [filed] = await p.registry.measures('A');
    // MeasureOnFile: "in the shape qualification review takes (domain/facts/influence.ts)".
    expect(influenceMeasureSchema.safeParse(filed?.measure).error?.issues ?? []).toEqual([]);
  });
});

describe('effect activities: a 降职 reversed on 复核 or 申诉 (rules edition 4)', () => {
  const demotionCase = {
    workflowId: 'district-finance/d-1',
    track: 'demotion',
    department: 'district-finance',
    caseId: 'd-1',
  };
  const former = {
    unit: '区财政局',
    title: '局长',
    rank: '正处',
    leadershipTeam: true,
    carriesProbation: false,
  };
  const lower = { ...former, title: '副局长', rank: '副处' };
  const measure = { kind: 'demotion' as const, effectiveDate: '2026-03-10', rankAtMeasure: 'division' };

  it('restores the former post and lifts the measure exactly once, however often the activity runs', async () => {
    const p = filePorts();
    const activities = createEffectActivities(p);
    await activities.applyPersonnelChange({
      case: demotionCase,
      params: {
        cadreId: 'C-3001',
        outcome: 'demotion',
        newPost: lower,
        since: '2026-03-10',
        exitSupport: { keepsRank: false },
        measure,
      },
    });
    const reversal = {
      case: demotionCase,
      params: {
        cadreId: 'C-3001',
        formerPost: former,
        reversedOutcome: 'demotion' as const,
        since: '2026-04-02',
        by: 'review' as const,
        liftsMeasure: true,
      },
    };
    // Temporal may run an activity more than once (a retry after a crash): the registry keys the write.
    await activities.reversePersonnelChange(reversal);
    await activities.reversePersonnelChange(reversal);
    expect((await p.registry.history('C-3001')).map((a) => [a.post.title, a.status, a.since])).toEqual([
      ['副局长', 'confirmed', '2026-03-10'],
      ['局长', 'restored', '2026-04-02'],
    ]);
    const [filed, ...more] = await p.registry.measures('C-3001');
    expect(more).toEqual([]);
    // The measure stays on file as what happened; from the reversal its influence period bars nothing.
    expect(filed?.measure).toEqual(measure);
    expect(filed?.lifted).toEqual({
      on: '2026-04-02',
      basis: { workflowId: 'district-finance/d-1', step: 'reversePersonnelChange:measure' },
    });
  });

  it('a removal that filed no measure restores the post and lifts nothing', async () => {
    const p = filePorts();
    await createEffectActivities(p).reversePersonnelChange({
      case: demotionCase,
      params: {
        cadreId: 'C-3002',
        formerPost: former,
        reversedOutcome: 'removal',
        since: '2026-04-02',
        by: 'appeal',
        liftsMeasure: false,
      },
    });
    expect((await p.registry.current('C-3002'))?.post).toEqual(former);
    expect(await p.registry.measures('C-3002')).toEqual([]);
  });
});
