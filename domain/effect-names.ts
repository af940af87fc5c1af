import type { ActivityEffectName, ChildCaseEffectName, EffectName } from './effects';
import type { Label } from './label';

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
  'reversePersonnelChange',
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

/** What each effect does, for a caller told which effects an event set going (domain/case-view.ts). */
export const effectLabels: Record<EffectName, Label> = {
  notify: { zh: '发送通知', en: 'Sends a notice' },
  beginTrialPost: { zh: '登记试用职务', en: 'Records the trial post in the personnel registry' },
  restorePreProbationPost: { zh: '恢复试用前职务', en: 'Restores the pre-probation post in the registry' },
  confirmInPost: { zh: '登记正式任职', en: 'Records the confirmation in post in the registry' },
  appointToPost: { zh: '登记任职', en: 'Records the appointment in the personnel registry' },
  transferPost: { zh: '登记交流任职', en: 'Records the transfer in the personnel registry' },
  scheduleAdmonishmentTalk: { zh: '登记诫勉', en: 'Files the admonishment on the cadre’s record' },
  applyPersonnelChange: { zh: '登记职务调整', en: 'Records the personnel change in the registry' },
  reversePersonnelChange: {
    zh: '撤销职务调整，恢复原职务',
    en: 'Reverses the personnel change in the registry: the former post restored, the measure lifted',
  },
  startProbation: { zh: '启动试用期案件', en: 'Opens the probation case' },
  openDemotionCase: { zh: '启动降职免职案件', en: 'Opens a demotion case' },
};
