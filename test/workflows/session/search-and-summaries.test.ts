import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../../domain/case-view';
import { NAMES_IN_TEMPORAL_METADATA } from '../../../domain/metadata';
import { normalisedName, unitSearchKey, withinBudget } from '../../../domain/search-keys';
import { startCaseSchema, staticSummaryFor } from '../../../domain/start';
import { renderCurrentDetails } from '../../../workflows/current-details';
import { CaseSession } from '../../../workflows/session/case-session';
import { probationTrack } from '../../../workflows/tracks/probation';
import { promotionTrack } from '../../../workflows/tracks/promotion';
import { orgDept, probationStart, unitDept } from '../../support/cases';
import { e, input, nominate, review } from '../../support/promotion-fixtures';

/**
 * What the case shows of itself to Temporal (issue 12, 13): the keys it is found by — a name only as the
 * API's keyed digest, units as they are — and the summary and details an operator reads, which name
 * cadres by id and the candidates still in the pool only.
 */
const T = '2026-03-02T02:00:00.000Z';
const origin = { startedBy: orgDept, requestId: 'req-1' };
const DIGEST = 'AbCdEfGhIjKlMnOpQrStUv';
const OTHER_DIGEST = 'ZyXwVuTsRqPoNmLkJiHgFe';

function probation() {
  const start = probationTrack.vocabulary.startSchema.parse(probationStart({ caseId: 'prob-1' }));
  const session = new CaseSession(probationTrack, 'district-finance/prob-1', start as object, origin, T);
  session.learnNameKeys({ 'C-1001': DIGEST, 'C-9': OTHER_DIGEST });
  return session;
}

function promotionChoosing(...chosen: string[]) {
  const start = promotionTrack.vocabulary.startSchema.parse(input) as object;
  const session = new CaseSession(promotionTrack, 'district-finance/2026-021', start, origin, T);
  const send = (event: Record<string, unknown>) =>
    session.apply(session.check({ ...event, at: undefined }, T));
  send(e.motion);
  send({ ...nominate('A'), cadreNameKeys: { A: DIGEST } });
  send(nominate('B'));
  send(nominate('C'));
  send(e.closeNominations);
  for (const id of ['A', 'B', 'C']) send(review(id));
  send(e.concludeReview);
  send(e.recommendation());
  if (chosen.length > 0) send(e.choose(...chosen));
  return session;
}

describe('search keys', () => {
  it('normalise names and units the same way on both sides', () => {
    expect(normalisedName(' 李　明 ')).toBe('李明');
    expect(normalisedName('李 明')).toBe(normalisedName('李明'));
    // Full-width brackets are ASCII after NFKC; quotes, backslashes and spaces never reach a query.
    expect(unitSearchKey('区财政局（机关）')).toBe('unit:区财政局(机关)');
    expect(unitSearchKey(`a'b"c\\d e`)).toBe('unit:abcde');
    expect(unitSearchKey('!!!')).toBeUndefined();
  });

  it('stay within what Temporal takes for one attribute value, first keys first', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `name:${String(i).padStart(22, '0')}`);
    const kept = withinBudget(keys);
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.length).toBeLessThan(keys.length);
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(1800);
    expect(kept[0]).toBe(keys[0]);
    expect(withinBudget(['a', 'a', undefined, 'b'])).toEqual(['a', 'b']);
  });

  it('a case is found by its unit and by the digest of its cadre’s name, never by the name', () => {
    const session = probation();
    expect(session.searchKeys()).toEqual(['unit:区财政局', `name:${DIGEST}`]);
    // A digest for someone the case does not concern is not kept.
    expect(session.searchKeys()).not.toContain(`name:${OTHER_DIGEST}`);
    expect(JSON.stringify(session.searchKeys())).not.toContain('李明');
  });

  it('a nominee’s digest comes with the nomination; it is kept, not recorded, and carried on', () => {
    const session = promotionChoosing();
    expect(session.searchKeys()).toEqual([
      'unit:区财政局',
      `name:${DIGEST}`,
      'unit:A科',
      'unit:B科',
      'unit:C科',
    ]);
    const nomination = session.view().record.find((r) => r.type === 'NOMINATED');
    expect(nomination?.data).not.toHaveProperty('cadreNameKeys');
    expect(session.carry().nameKeys).toEqual({ A: DIGEST });
    expect(session.nameKeyOf('A')).toBe(DIGEST);
  });
});

describe('summaries and current details', () => {
  it('name the candidates still in the pool, and only those', () => {
    expect(promotionChoosing().subject()).toBe(
      '区财政局 副局长 (副处) · in the pool A, B, C (3 of 3 nominated)',
    );
    // Only A and B chosen for inspection: C is no longer in the pool.
    expect(promotionChoosing('A', 'B').subject()).toBe(
      '区财政局 副局长 (副处) · in the pool A, B (2 of 3 nominated)',
    );
  });

  it('identify cadres by id, not by name (domain/metadata.ts)', () => {
    expect(NAMES_IN_TEMPORAL_METADATA).toBe(false);
    const start = startCaseSchema.parse({ track: 'probation', ...probationStart() });
    expect(staticSummaryFor(start)).toBe('试用期 Probation · C-1001 · 区财政局 副局长');
    expect(probation().subject()).not.toContain('李明');
    expect(promotionChoosing().subject()).not.toMatch(/[甲乙丙]/);
  });

  it('a held case says so, in 中文 and English, and never who reported', () => {
    const session = probation();
    session.apply(
      session.check(
        { type: 'REPORT_FILED', actor: unitDept, reportId: 'R-1', channel: 'letter', summary: '反映问题' },
        T,
      ),
    );
    const details = renderCurrentDetails(probationTrack, session.view(), session.subject());
    expect(details).toContain(
      '**Held 暂停**: 因举报待核查而暂停（1 件待核查）· held for verification of 1 report',
    );
    expect(details).toContain('Department 部门: district-finance · Case 案件: prob-1');
    expect(details).toContain('`REPORT_FILED` by (保密 · confidential)');
    expect(details).not.toContain(unitDept.id);
    expect(details).not.toContain('反映问题');
    expect(details).not.toContain('李明');
    const unheld = renderCurrentDetails(probationTrack, probation().view(), 'x');
    expect(unheld).not.toContain('Held');
  });

  it('a closed case is not shown as held', () => {
    const view = { ...probation().view(), status: 'closed' } as CaseView;
    const reports = [{ status: 'pending' }];
    expect(renderCurrentDetails(probationTrack, { ...view, context: { reports } }, 'x')).not.toContain(
      'Held',
    );
  });
});
