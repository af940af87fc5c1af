// Every workflow type the worker registers; workflow type names show in the Temporal UI. A case's
// workflow is its track's entry of workflows/tracks.ts run by the one host (case-workflow.ts).
import type { CaseOrigin } from '../domain/case';
import type { CaseView } from '../domain/case-view';
import type { DemotionStart } from '../domain/tracks/demotion';
import type { WorkflowType } from '../domain/tracks/names';
import type { ProbationStart } from '../domain/tracks/probation';
import type { PromotionStart } from '../domain/tracks/promotion';
import type { RotationStart } from '../domain/tracks/rotation';
import type * as CaseWorkflowModule from './case-workflow';
import type { CaseRun } from './case-workflow';
import type { CaseResult } from './messages';
import { oncePerWorker } from './once-per-worker';
import type { trackSpecs } from './tracks';

/** The host and the track specs, built by the worker's first case and shared (workflows/once-per-worker.ts). */
type CaseModules = { hostCase: typeof CaseWorkflowModule.hostCase; trackSpecs: typeof trackSpecs };
const shared = (): CaseModules =>
  oncePerWorker('case-modules', () => ({
    hostCase: (require('./case-workflow') as typeof CaseWorkflowModule).hostCase,
    trackSpecs: (require('./tracks') as typeof import('./tracks')).trackSpecs,
  }));
function runTrack(track: keyof typeof trackSpecs, input: unknown, origin?: CaseOrigin, run?: CaseRun) {
  const { hostCase, trackSpecs } = shared();
  return hostCase(trackSpecs[track](), input, origin, run);
}

type CaseWorkflow<I> = (input: I, origin?: CaseOrigin, run?: CaseRun) => Promise<CaseView | CaseResult>;

/** 提拔任职: from the motion to appointment, through every step the rules require. */
export const promotionCase: CaseWorkflow<PromotionStart> = (input, origin, run) =>
  runTrack('promotion', input, origin, run);
/** 交流轮岗: a lateral move, decided by the committee. */
export const rotationCase: CaseWorkflow<RotationStart> = (input, origin, run) =>
  runTrack('rotation', input, origin, run);
/** 降职、免职与“出”: trigger, verification, talk, vote, outcome. */
export const demotionCase: CaseWorkflow<DemotionStart> = (input, origin, run) =>
  runTrack('demotion', input, origin, run);
/** 试用期: one year on the trial post, then a review that confirms or returns. */
export const probationCase: CaseWorkflow<ProbationStart> = (input, origin, run) =>
  runTrack('probation', input, origin, run);

// Fails to compile when a track's workflow type has no workflow function above.
const caseWorkflows = { promotionCase, rotationCase, demotionCase, probationCase } satisfies Record<
  WorkflowType,
  CaseWorkflow<never>
>;
void caseWorkflows;

// The holiday calendar entity (one per namespace) and the fan-out of each load to the cases in publicity.
type HolidayCalendarModule = typeof import('./holiday-calendar/workflow');
type HolidayCalendarFanOutModule = typeof import('./holiday-calendar/fan-out');

export function holidayCalendar(...args: Parameters<HolidayCalendarModule['holidayCalendar']>) {
  return oncePerWorker(
    'holiday-calendar',
    () => require('./holiday-calendar/workflow') as HolidayCalendarModule,
  ).holidayCalendar(...args);
}

export function holidayCalendarFanOut(
  ...args: Parameters<HolidayCalendarFanOutModule['holidayCalendarFanOut']>
) {
  return oncePerWorker(
    'holiday-calendar-fan-out',
    () => require('./holiday-calendar/fan-out') as HolidayCalendarFanOutModule,
  ).holidayCalendarFanOut(...args);
}
