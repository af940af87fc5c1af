import { describe, expect, it } from 'vitest';
import {
  type InfluenceMeasure,
  influenceCheckSchema,
  type ProposedAppointment,
} from '../../../domain/facts/influence';
import type { Rank } from '../../../domain/ranks';
import { blockingInfluencePeriods, influencePeriodsOf } from '../../../machines/rules/influence-period';
import { accepted, refused } from './expect-result';

/** A promotion 正科 → 副处 (a leading post) on `date`. */
const promotion = (date: string): ProposedAppointment => ({
  date,
  leadingPost: true,
  currentRank: 'section',
  targetRank: 'deputy_division',
});
/** A lateral move at `rank` (leading unless 科员) on `date`. */
const lateral = (date: string, rank: Rank = 'section', leadingPost = true): ProposedAppointment => ({
  date,
  leadingPost,
  currentRank: rank,
  targetRank: rank,
});
const measure = (kind: InfluenceMeasure['kind'], effectiveDate: string, rankAtMeasure: Rank = 'section') => ({
  kind,
  effectiveDate,
  rankAtMeasure,
});
const blocks = (measures: InfluenceMeasure[], appointment: ProposedAppointment) =>
  accepted(blockingInfluencePeriods({ measures, appointment }));

describe('influence period: admonishment (诫勉) — 6 months without promotion', () => {
  const admonished = [measure('admonishment', '2024-01-15')];

  it('admonishment bars promotion on the last day of its 6 months (2024-07-14)', () => {
    const found = blocks(admonished, promotion('2024-07-14'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: 'admonishment',
      restriction: 'no_promotion',
      from: '2024-01-15',
      lastBlockedDate: '2024-07-14',
      freeFrom: '2024-07-15',
      measureIndex: 0,
    });
  });

  it('admonishment no longer bars promotion exactly 6 months later (2024-07-15)', () => {
    expect(blocks(admonished, promotion('2024-07-15'))).toEqual([]);
  });

  it('admonishment bars promotion on its own effective date', () => {
    expect(blocks(admonished, promotion('2024-01-15'))).toHaveLength(1);
  });

  it('admonishment does not bar a lateral move to a leading post', () => {
    expect(blocks(admonished, lateral('2024-03-01'))).toEqual([]);
  });

  it('admonishment message names the measure and the last barred day, in English and Chinese', () => {
    const [block] = blocks(admonished, promotion('2024-03-01'));
    expect(block?.message).toBe('admonishment (诫勉) effective 2024-01-15 bars promotion through 2024-07-14');
    expect(block?.messageZh).toBe('诫勉(2024-01-15起)影响期内不得提拔,至2024-07-14止');
  });

  it('admonishment starting on 31 August runs through the end of February (month without a 31st)', () => {
    const [period] = influencePeriodsOf(measure('admonishment', '2023-08-31'));
    expect(period).toMatchObject({ lastBlockedDate: '2024-02-29', freeFrom: '2024-03-01' });
    expect(blocks([measure('admonishment', '2023-08-31')], promotion('2024-02-29'))).toHaveLength(1);
    expect(blocks([measure('admonishment', '2023-08-31')], promotion('2024-03-01'))).toEqual([]);
  });
});

describe('influence period: 引咎辞职 / 责令辞职 / 免职 — no leading post for one year, nothing above the former level for two', () => {
  for (const kind of ['resignation_for_responsibility', 'ordered_resignation', 'removal'] as const) {
    describe(kind, () => {
      const left = [measure(kind, '2024-03-10', 'deputy_division')];

      it('no leading post on the last day of the first year (2025-03-09), even at a lower rank', () => {
        const found = blocks(left, lateral('2025-03-09', 'section'));
        expect(found.map((b) => b.restriction)).toEqual(['no_leading_post']);
      });

      it('a leading post at or below the former level is possible exactly one year later (2025-03-10)', () => {
        expect(blocks(left, lateral('2025-03-10', 'deputy_division'))).toEqual([]);
      });

      it('a non-leading post is possible during the first year', () => {
        expect(blocks(left, lateral('2024-06-01', 'clerk', false))).toEqual([]);
      });

      it('nothing above the former level on the last day of the second year (2026-03-09)', () => {
        const found = blocks(left, {
          date: '2026-03-09',
          leadingPost: true,
          currentRank: 'deputy_division',
          targetRank: 'division',
        });
        expect(found.map((b) => [b.restriction, b.lastBlockedDate])).toEqual([
          ['not_above_former_rank', '2026-03-09'],
        ]);
      });

      it('above the former level is possible exactly two years later (2026-03-10)', () => {
        expect(
          blocks(left, {
            date: '2026-03-10',
            leadingPost: true,
            currentRank: 'deputy_division',
            targetRank: 'division',
          }),
        ).toEqual([]);
      });

      it('in the first year a post above the former level is barred twice (leading post and level)', () => {
        const found = blocks(left, {
          date: '2024-12-01',
          leadingPost: true,
          currentRank: 'section',
          targetRank: 'division',
        });
        expect(found.map((b) => b.restriction)).toEqual(['no_leading_post', 'not_above_former_rank']);
      });
    });
  }
});

describe('influence period: organizational handling and sanctions (national figures)', () => {
  const cases: [InfluenceMeasure['kind'], string, string][] = [
    // kind, last barred day, first free day — all effective 2024-01-15, promotion barred.
    ['reassignment', '2025-01-14', '2025-01-15'],
    ['demotion', '2026-01-14', '2026-01-15'],
    ['party_warning', '2025-01-14', '2025-01-15'],
    ['party_serious_warning', '2025-07-14', '2025-07-15'],
    ['gov_warning', '2024-07-14', '2024-07-15'],
    ['gov_demerit', '2025-01-14', '2025-01-15'],
    ['gov_major_demerit', '2025-07-14', '2025-07-15'],
    ['gov_downgrade', '2026-01-14', '2026-01-15'],
    ['gov_dismissal', '2026-01-14', '2026-01-15'],
  ];
  for (const [kind, lastBlocked, freeFrom] of cases) {
    it(`${kind} bars promotion through ${lastBlocked} and no longer on ${freeFrom}`, () => {
      const measures = [measure(kind, '2024-01-15')];
      expect(blocks(measures, promotion(lastBlocked)).map((b) => [b.restriction, b.freeFrom])).toEqual([
        ['no_promotion', freeFrom],
      ]);
      expect(blocks(measures, promotion(freeFrom))).toEqual([]);
      expect(blocks(measures, lateral(lastBlocked))).toEqual([]);
    });
  }

  it('party_post_removal (撤销党内职务) bars a post equal to the former rank for 2 years, not a lower one', () => {
    const measures = [measure('party_post_removal', '2024-01-15', 'division')];
    const atFormer = {
      date: '2026-01-14',
      leadingPost: true,
      currentRank: 'deputy_division',
      targetRank: 'division',
    } as const;
    expect(blocks(measures, atFormer).map((b) => b.restriction)).toEqual(['not_at_or_above_former_rank']);
    expect(blocks(measures, { ...atFormer, date: '2026-01-15' })).toEqual([]);
    expect(blocks(measures, lateral('2025-01-01', 'deputy_division'))).toEqual([]);
  });

  it('party_probation (留党察看) of 1 year bars any leading post during it, then the former rank for 2 more years', () => {
    const measures = [
      { ...measure('party_probation', '2024-01-15', 'division'), partyProbationMonths: 12 as const },
    ];
    expect(blocks(measures, lateral('2025-01-14', 'section')).map((b) => b.restriction)).toEqual([
      'no_leading_post',
    ]);
    expect(blocks(measures, lateral('2025-01-15', 'section'))).toEqual([]);
    const backToFormer = {
      date: '2027-01-14',
      leadingPost: true,
      currentRank: 'deputy_division',
      targetRank: 'division',
    } as const;
    expect(blocks(measures, backToFormer).map((b) => [b.restriction, b.from])).toEqual([
      ['not_at_or_above_former_rank', '2025-01-15'],
    ]);
    expect(blocks(measures, { ...backToFormer, date: '2027-01-15' })).toEqual([]);
  });

  it('party_probation of 2 years runs its second phase from the end of the second year', () => {
    const periods = influencePeriodsOf({
      kind: 'party_probation',
      effectiveDate: '2024-01-15',
      partyProbationMonths: 24,
    });
    expect(periods.map((p) => [p.restriction, p.from, p.freeFrom])).toEqual([
      ['no_promotion', '2024-01-15', '2026-01-15'],
      ['no_leading_post', '2024-01-15', '2026-01-15'],
      ['not_at_or_above_former_rank', '2026-01-15', '2028-01-15'],
    ]);
  });

  it('several measures each report their own block, in input order', () => {
    const found = blocks(
      [
        { id: 'm1', ...measure('gov_warning', '2024-01-01') },
        { id: 'm2', ...measure('admonishment', '2024-02-01') },
      ],
      promotion('2024-05-01'),
    );
    expect(found.map((b) => [b.measureIndex, b.measureId, b.kind])).toEqual([
      [0, 'm1', 'gov_warning'],
      [1, 'm2', 'admonishment'],
    ]);
  });

  it('no measures, no blocks', () => {
    expect(blocks([], promotion('2024-05-01'))).toEqual([]);
  });
});

describe('influence period: inputs that do not add up are refused', () => {
  it('a measure dated after the appointment is refused', () => {
    expect(
      refused(
        blockingInfluencePeriods({
          measures: [measure('admonishment', '2024-06-02')],
          appointment: promotion('2024-06-01'),
        }),
      ),
    ).toMatch(/after the appointment date/);
  });

  it('a date that is not a real calendar day is refused', () => {
    expect(
      refused(
        blockingInfluencePeriods({
          measures: [measure('admonishment', '2023-02-29')],
          appointment: promotion('2024-06-01'),
        }),
      ),
    ).toMatch(/YYYY-MM-DD/);
    expect(refused(blockingInfluencePeriods({ measures: [], appointment: promotion('2024/06/01') }))).toMatch(
      /appointment\.date/,
    );
  });

  it('留党察看 without its length, or a length on another measure, is refused', () => {
    expect(
      refused(
        blockingInfluencePeriods({
          measures: [measure('party_probation', '2024-01-01')],
          appointment: promotion('2024-06-01'),
        }),
      ),
    ).toMatch(/12 or 24 months/);
    expect(
      refused(
        blockingInfluencePeriods({
          measures: [{ ...measure('admonishment', '2024-01-01'), partyProbationMonths: 12 }],
          appointment: promotion('2024-06-01'),
        }),
      ),
    ).toMatch(/no probation length/);
  });

  it('an unknown measure kind or rank is refused', () => {
    expect(
      refused(
        blockingInfluencePeriods({
          measures: [measure('scolding' as never, '2024-01-01')],
          appointment: promotion('2024-06-01'),
        }),
      ),
    ).toMatch(/kind/);
    expect(
      refused(
        blockingInfluencePeriods({
          measures: [],
          appointment: { ...promotion('2024-06-01'), targetRank: '副处' as never },
        }),
      ),
    ).toMatch(/targetRank/);
  });

  it('the zod schema refuses the same inputs at the edge', () => {
    expect(
      influenceCheckSchema.safeParse({
        measures: [measure('admonishment', '2024-06-02')],
        appointment: promotion('2024-06-01'),
      }).success,
    ).toBe(false);
  });
});
