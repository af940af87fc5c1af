// Every workflow type the worker registers; workflow type names show in the Temporal UI. A case's
// workflow is its track's entry of workflows/tracks.ts run by the one host (case-workflow.ts).
import type { CaseOrigin } from '../domain/case';
import type { CaseView } from '../domain/case-view';
import type { DemotionStart } from '../domain/tracks/demotion';
import type { WorkflowType } from '../domain/tracks/names';
import type { ProbationStart } from '../domain/tracks/probation';
import type { PromotionStart } from '../domain/tracks/promotion';
import type { RotationStart } from '../domain/tracks/rotation';
import { type CaseRun, hostCase } from './case-workflow';
import { trackSpecs } from './tracks';

type CaseWorkflow<I> = (input: I, origin?: CaseOrigin, run?: CaseRun) => Promise<CaseView>;

/** 提拔任职: from the motion to appointment, through every step the rules require. */
export const promotionCase: CaseWorkflow<PromotionStart> = (input, origin, run) =>
  hostCase(trackSpecs.promotion(), input, origin, run);
/** 交流轮岗: a lateral move, decided by the committee. */
export const rotationCase: CaseWorkflow<RotationStart> = (input, origin, run) =>
  hostCase(trackSpecs.rotation(), input, origin, run);
/** 降职、免职与“出”: trigger, verification, talk, vote, outcome. */
export const demotionCase: CaseWorkflow<DemotionStart> = (input, origin, run) =>
  hostCase(trackSpecs.demotion(), input, origin, run);
/** 试用期: one year on the trial post, then a review that confirms or returns. */
export const probationCase: CaseWorkflow<ProbationStart> = (input, origin, run) =>
  hostCase(trackSpecs.probation(), input, origin, run);

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
  return (require('./holiday-calendar/workflow') as HolidayCalendarModule).holidayCalendar(...args);
}

export function holidayCalendarFanOut(
  ...args: Parameters<HolidayCalendarFanOutModule['holidayCalendarFanOut']>
) {
  return (require('./holiday-calendar/fan-out') as HolidayCalendarFanOutModule).holidayCalendarFanOut(
    ...args,
  );
}
