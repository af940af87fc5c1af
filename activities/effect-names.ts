/**
 * The effects machines may name as actions, each run by the workflow host as an activity of the same
 * name. Declared here, free of I/O, so the workflow sandbox can import it.
 */
export const effectNames = ['beginTrialPost', 'restorePreProbationPost', 'confirmInPost', 'notify'] as const;
export type EffectName = (typeof effectNames)[number];

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
