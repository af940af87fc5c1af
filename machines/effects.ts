import type { EffectName, EffectParams } from '../domain/effects';

/**
 * The effects a machine may name, as XState actions, derived from the catalogue in domain/effects.ts. A
 * machine does no I/O: each implementation here is a no-op whose only job is to type the action's params,
 * so `{ type: 'appointToPost', params: … }` must produce the catalogue's params or fail to compile. The
 * workflow host runs each named effect as the activity (or child case) of the same name.
 */
const effect =
  <K extends EffectName>() =>
  (_: unknown, _params: EffectParams<K>) => {};

export const effectActions = {
  notify: effect<'notify'>(),
  beginTrialPost: effect<'beginTrialPost'>(),
  restorePreProbationPost: effect<'restorePreProbationPost'>(),
  confirmInPost: effect<'confirmInPost'>(),
  appointToPost: effect<'appointToPost'>(),
  transferPost: effect<'transferPost'>(),
  scheduleAdmonishmentTalk: effect<'scheduleAdmonishmentTalk'>(),
  applyPersonnelChange: effect<'applyPersonnelChange'>(),
  reversePersonnelChange: effect<'reversePersonnelChange'>(),
  startProbation: effect<'startProbation'>(),
  openDemotionCase: effect<'openDemotionCase'>(),
} satisfies { [K in EffectName]: (_: unknown, params: EffectParams<K>) => void };
