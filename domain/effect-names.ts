import type { ActivityEffectName, ChildCaseEffectName } from './effects';

/**
 * The effects run as activities, and those that open another case, by name only: what a workflow needs to route an effect, without
 * building the catalogue's schemas (domain/effects.ts) in every workflow's sandbox. The compiler checks
 * the list against the catalogue both ways.
 */
const childCaseEffectNames = [
  'startProbation',
  'openDemotionCase',
] as const satisfies readonly ChildCaseEffectName[];

const activityEffectNames = [
  'notify',
  'beginTrialPost',
  'restorePreProbationPost',
  'confirmInPost',
  'appointToPost',
  'transferPost',
  'scheduleAdmonishmentTalk',
  'applyPersonnelChange',
] as const satisfies readonly ActivityEffectName[];

type Unlisted =
  | Exclude<ChildCaseEffectName, (typeof childCaseEffectNames)[number]>
  | Exclude<ActivityEffectName, (typeof activityEffectNames)[number]>;
// Fails to compile when the catalogue gains an effect these lists lack.
const everyEffectListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyEffectListed;

export const isChildCaseEffect = (type: string): type is ChildCaseEffectName =>
  (childCaseEffectNames as readonly string[]).includes(type);

export const isActivityEffect = (type: string): type is ActivityEffectName =>
  (activityEffectNames as readonly string[]).includes(type);
