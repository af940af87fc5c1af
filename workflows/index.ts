// Every workflow type the worker registers; workflow type names show in the Temporal UI.
//
// Each track's module is required on first call, not imported: the SDK evaluates the bundle's modules
// afresh for every new or evicted workflow, so a probation case should not pay for building the
// promotion machine and its schemas (`npm run bench` measured the whole bundle at ~35 ms per case).
import type * as Demotion from './demotion';
import type * as Probation from './probation';
import type * as Promotion from './promotion';
import type * as Rotation from './rotation';

export function promotionCase(...args: Parameters<typeof Promotion.promotionCase>) {
  return (require('./promotion') as typeof Promotion).promotionCase(...args);
}

export function rotationCase(...args: Parameters<typeof Rotation.rotationCase>) {
  return (require('./rotation') as typeof Rotation).rotationCase(...args);
}

export function demotionCase(...args: Parameters<typeof Demotion.demotionCase>) {
  return (require('./demotion') as typeof Demotion).demotionCase(...args);
}

export function probationCase(...args: Parameters<typeof Probation.probationCase>) {
  return (require('./probation') as typeof Probation).probationCase(...args);
}

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
