import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probationStart, uniqueCaseId } from '../support/cases';
import { type Rig, startRig } from './harness';
import {
  check,
  DrivenCase,
  departmentOf,
  driveProbation,
  newTally,
  promotionFromPublicity,
  promotionIntoPublicity,
} from './scenarios';

/**
 * The dev server killed with SIGKILL, and started again by its launcher on the same data file, while a
 * promotion sits in its pre-appointment publicity (the window's timer running) and a probation case in
 * its year (the expiry timer running); then again while the probation the promotion opened runs. Each
 * timer is reached on the case's own clock (the dev server's workflow time skipping, see `fastForward`):
 * none fires before its deadline, each fires once after it, and the cases end as they should.
 */
let rig: Rig;
beforeAll(async () => {
  rig = await startRig('faults-timers');
  await rig.startWorker();
}, 180_000);
afterAll(async () => {
  await rig?.stop();
  console.log('dev-server restarts under timers:', JSON.stringify(rig?.kills));
});

describe('the dev server killed during publicity and during probation', () => {
  it(
    'a promotion in publicity and a probation in its year survive kill -9 of the dev server; their timers fire when they should',
    async () => {
      const promotion = new DrivenCase(rig, 'promotion', departmentOf.promotion, uniqueCaseId('pub'));
      const probation = new DrivenCase(rig, 'probation', departmentOf.probation, uniqueCaseId('prob'));
      await promotionIntoPublicity(promotion);
      await probation.start(probationStart({ caseId: probation.caseId }));

      const before = { promotion: await promotion.read(), probation: await probation.read() };
      expect(before.promotion.state).toBe('publicity.open');
      expect(before.promotion.deadlines.map((d) => d.timer)).toEqual(['publicityWindow']);
      expect(before.probation.state).toBe('serving');
      expect(before.probation.deadlines.map((d) => d.timer)).toEqual(['probationExpiry']);

      // Kill -9 while both timers run; the launcher starts the server again on the same SQLite file.
      await rig.killDevServer();
      const after = { promotion: await promotion.read(), probation: await probation.read() };
      for (const track of ['promotion', 'probation'] as const) {
        expect(after[track].state).toBe(before[track].state);
        expect(after[track].deadlines).toEqual(before[track].deadlines);
        expect(after[track].record).toEqual(before[track].record);
      }

      // The publicity window runs out on its own timer (not before its deadline); the appointment follows,
      // and the probation it opens is killed under too, in its year.
      const child = promotionFromPublicity(promotion);
      const childCase = async () => {
        for (;;) {
          const started = promotion.children[0];
          if (started) return started;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      };
      const opened = await childCase();
      await opened.until('serving', (view) => view.state === 'serving', true);
      await rig.killDevServer();
      await child;

      // The first probation's year, after its restart: it must not have fired early, and fires once.
      await driveProbation(probation);

      const tally = newTally();
      await check(promotion, tally, 'appointedOnProbation');
      await check(probation, tally, 'confirmed');
      console.log('timers under dev-server kills:', JSON.stringify({ ...tally, kills: rig.kills }));
      expect(tally.problems).toEqual([]);
      expect(tally.timersChecked).toBe(4);
      expect(rig.kills.devServer).toBe(2);
    },
    10 * 60_000,
  );
});
