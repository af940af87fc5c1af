/**
 * The effects machines may name as actions, each run by the workflow host as an activity of the same
 * name. Declared here, free of I/O, so the workflow sandbox can import it.
 */
export const effectNames = [
  'beginTrialPost',
  'restorePreProbationPost',
  'confirmInPost',
  'notify',
  // Promotion, rotation, demotion (machines/fragments/effects.ts has their params).
  'scheduleAdmonishmentTalk',
  'appointToPost',
  'transferPost',
  'applyPersonnelChange',
] as const;
export type EffectName = (typeof effectNames)[number];

/**
 * Effects that open another case: the host starts them as child workflows (each its own case, with its
 * own id, visible in the UI and linked to its parent), not as activities.
 */
export const childCaseEffects = ['startProbation', 'openDemotionCase'] as const;
export type ChildCaseEffect = (typeof childCaseEffects)[number];
export const isChildCaseEffect = (type: string): type is ChildCaseEffect =>
  (childCaseEffects as readonly string[]).includes(type);

export interface EffectInput {
  workflowId: string;
  track: string;
  /** The machine's context when the effect was named. */
  context: Record<string, unknown>;
  params: unknown;
}

export type EffectActivities = Record<EffectName, (input: EffectInput) => Promise<void>>;

export const isEffectName = (type: string): type is EffectName =>
  (effectNames as readonly string[]).includes(type);
