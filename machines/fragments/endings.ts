import type { Label } from '../meta';

/**
 * A case that ends without its personnel change: a final state that settles the outcome (each machine
 * defines `settle` for its own outcomes) and tells the requesting department, under the outcome's name.
 */
export const ending = <O extends string>(outcome: O, label: Label) => ({
  type: 'final' as const,
  meta: { label },
  entry: [
    { type: 'settle' as const, params: { outcome } },
    { type: 'notify' as const, params: { kind: outcome, to: 'department' as const } },
  ],
});

/** 常委会票决未通过: every track whose decision is the committee's. */
export const notApprovedEnding = () =>
  ending('not_approved', { zh: '常委会票决未通过', en: 'Not approved by the committee' });

/** 已撤回: withdrawn by the organization department before the change took effect. */
export const withdrawnEnding = () => ending('withdrawn', { zh: '已撤回', en: 'Withdrawn' });
