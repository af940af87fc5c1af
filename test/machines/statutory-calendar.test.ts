import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { applyCalendarUpdate, type PublicitySlice, startPublicity } from '../../machines/fragments/publicity';

// The publicity fragment over a year without its notice, per rules edition: the second edition skips
// the law's holidays (machines/calendar/statutory.ts), the first keeps its weekends-only reading so that
// a running case's timer does not move.
const org = { id: 'od', role: 'organization_department' };
const slice = (rulesEdition: 1 | 2): PublicitySlice => ({
  rulesEdition,
  policy: DEFAULT_POLICY,
  deadlines: {},
  specialPost: false,
  calendarSchedules: [],
  reports: [],
  decidedAt: '2030-12-20T02:00:00.000Z',
});
const started = {
  type: 'PUBLICITY_STARTED',
  at: '2030-12-27T02:00:00.000Z',
  actor: org,
  publishedAt: '2030-12-27T01:00:00.000Z',
  venues: ['media', 'proposed_unit', 'original_unit'],
};

describe('publicity over a year the calendar lacks (2031: far past the built-in notices)', () => {
  it('second edition: 元旦 2031 is not counted; provisional until the notice is loaded', () => {
    const update = startPublicity(slice(2), started);
    // Fri 27, Mon 30, Tue 31, (Wed 01-01 元旦), Thu 2, Fri 3.
    expect(update.deadlines?.publicityWindow).toBe('2031-01-03T16:00:00.000Z');
    expect(update.publicity).toMatchObject({ provisional: true, uncoveredYears: [2030, 2031] });
    const context = { ...slice(2), ...update } as PublicitySlice;
    const year = (y: number, makeUpWorkdays: string[] = []) => ({
      year: y,
      holidays: [`${y}-01-01`, `${y}-05-01`, `${y}-10-01`],
      makeUpWorkdays,
      source: 'test',
    });
    const load = {
      type: 'CALENDAR_UPDATED',
      at: '2030-12-28T02:00:00.000Z',
      actor: org,
      schedules: [year(2030), year(2031)],
    };
    const corrected = applyCalendarUpdate(context, load);
    expect(corrected.publicity).toMatchObject({ provisional: false, uncoveredYears: [] });
    expect(corrected.deadlines?.publicityWindow).toBe('2031-01-03T16:00:00.000Z');
  });

  it('first edition: the weekends-only reading it started with (a running case keeps its deadline)', () => {
    const update = startPublicity(slice(1), started);
    expect(update.deadlines?.publicityWindow).toBe('2031-01-02T16:00:00.000Z');
  });
});
