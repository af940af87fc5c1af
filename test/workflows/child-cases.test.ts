import { describe, expect, it } from 'vitest';
import { caseIdSchema } from '../../domain/case';
import { childCaseId, childCasePlan } from '../../workflows/child-cases';
import { probationStart } from '../support/cases';

/**
 * A child case's id must be a legal case id and never another case's: a 64-character parent id once made
 * the probation child's id equal its parent's (it was cut to 64), and ids sharing their first 54
 * characters made the same child id.
 */
const legal = (id: string) => caseIdSchema.safeParse(id).success;

describe('child case ids', () => {
  it('stay readable while they fit: <parent>.probation, <parent>.demotion-<cadre>', () => {
    expect(childCaseId('2026-017', 'probation')).toBe('2026-017.probation');
    expect(childCaseId('2026-017', 'demotion-B')).toBe('2026-017.demotion-B');
  });

  it('a 64-character parent id gives a legal child id that is not the parent’s', () => {
    const parent = 'p'.repeat(64);
    const child = childCaseId(parent, 'probation');
    expect(legal(parent)).toBe(true);
    expect(legal(child)).toBe(true);
    expect(child).not.toBe(parent);
  });

  it('parents sharing their first 54 characters (or 63) get different children, at every legal length', () => {
    const stem = 'x'.repeat(54);
    for (let extra = 1; extra <= 10; extra++) {
      const a = `${stem}${'a'.repeat(extra)}`;
      const b = `${stem}${'b'.repeat(extra)}`;
      for (const suffix of ['probation', 'demotion-C-1001']) {
        const [ca, cb] = [childCaseId(a, suffix), childCaseId(b, suffix)];
        expect(ca).not.toBe(cb);
        expect([legal(ca), legal(cb)]).toEqual([true, true]);
        expect([ca, cb]).not.toContain(a);
        expect([ca, cb]).not.toContain(b);
      }
    }
    const near = 'y'.repeat(63);
    expect(childCaseId(`${near}1`, 'probation')).not.toBe(childCaseId(`${near}2`, 'probation'));
  });

  it('cadre ids that a case id could not hold do not fold into one child', () => {
    const [slash, colon] = [childCaseId('2026-017', 'demotion-x/y'), childCaseId('2026-017', 'demotion-x:y')];
    expect(slash).not.toBe(colon);
    expect([legal(slash), legal(colon)]).toEqual([true, true]);
  });

  it('the child case’s workflow id is its department and id, as the API addresses it', () => {
    const plan = childCasePlan(
      'startProbation',
      (({ cadre, trialPost, previousPost }) => ({
        cadre,
        trialPost,
        previousPost,
        startsOn: '2026-03-02',
        nominatedBy: [],
        policy: {},
      }))(probationStart()),
      {
        department: 'district-finance',
        caseId: 'p'.repeat(64),
        workflowId: `district-finance/${'p'.repeat(64)}`,
        track: 'promotion',
      },
    );
    expect(plan.workflowId).toBe(`district-finance/${plan.input.caseId}`);
    expect(plan.workflowId).not.toBe(`district-finance/${'p'.repeat(64)}`);
  });
});
