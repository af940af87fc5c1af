import type { PolicyOverrides } from '../../domain/policy';

/**
 * The effects fragments and track machines name. A machine does no I/O: each effect is an action with a
 * no-op implementation here, which the workflow host runs as the activity of the same name
 * (activities/effect-names.ts). Params are resolved by XState from the event and context, so the
 * activity gets what it needs without re-deriving it.
 */
export type Recipient = 'organization_department' | 'department' | 'committee' | 'operators' | 'candidate';

export interface NotifyParams {
  kind: string;
  to: Recipient;
  /** The person a 'candidate' notice (e.g. evaluation feedback) goes to. */
  cadreId?: string;
}

export interface CadreParams {
  cadreId: string;
}

export interface OpenDemotionCaseParams {
  cadreId: string;
  /** The trigger, in the demotion start schema's shape (domain/demotion.ts). */
  trigger: { kind: 'evaluation'; counts: unknown };
  /** The case whose evaluation found it, for the record. */
  sourceCaseId: string;
}

export interface StartProbationParams {
  cadre: { id: string; name: string };
  trialPost: unknown;
  previousPost: unknown;
  /** Date of the appointment notice: probation runs one year from it. */
  startsOn: string;
  nominatedBy: string[];
  policy: PolicyOverrides;
}

export const notify = (_: unknown, _params: NotifyParams) => {};
export const cadreEffect = (_: unknown, _params: CadreParams) => {};
export const openDemotionCase = (_: unknown, _params: OpenDemotionCaseParams) => {};
export const startProbation = (_: unknown, _params: StartProbationParams) => {};
