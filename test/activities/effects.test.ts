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
