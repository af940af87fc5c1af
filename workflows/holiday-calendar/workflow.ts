import {
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { requireSealed } from '../trust';
import { holidayCalendarFanOut } from './fan-out';
import { getHolidayCalendarQuery, type HolidayCalendarWorkflow, loadYearUpdate } from './messages';
import { HolidayCalendarSession } from './session';

/**
 * Continue as new well before Temporal's limits (50k events): a load costs about fifteen events, so this
 * is dozens of loads, years of notices. The schedules are carried over; Temporal may suggest it earlier.
 */
const HISTORY_LIMIT = 1_000;

/**
 * The holiday calendar entity (one per namespace, id `holiday-calendar`), started by the first load through
 * update-with-start. It holds the loaded year schedules, answers reads with a Query, and delivers each load
 * to the open cases in publicity through a child fan-out, whose result the load's Update returns.
 */
export const holidayCalendar: HolidayCalendarWorkflow = async (input) => {
  const session = new HolidayCalendarSession(input);
  const historyLimit = input?.historyLimit ?? HISTORY_LIMIT;
  // One fan-out at a time, in the order the loads came: each carries every schedule held when it runs, so
  // none overtakes a later one. A promise chain, not `condition(() => !busy)`: two waiters could both see
  // the flag clear in one activation.
  let previous: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const next = previous.then(run);
    previous = next.catch(() => undefined);
    return next;
  };

  setHandler(getHolidayCalendarQuery, () => session.view());
  setHandler(
    loadYearUpdate,
    async (raw) => {
      const load = session.check(raw);
      const number = session.load(load);
      const fanOut = await oneAtATime(() =>
        executeChild(holidayCalendarFanOut, {
          workflowId: `${workflowInfo().workflowId}/load-${number}-${load.year}`,
          args: [session.broadcast(number, load)],
          staticSummary: `CALENDAR_UPDATED · ${load.year} → open cases in publicity`,
        }),
      );
      return session.result(fanOut);
    },
    {
      validator: (raw) => {
        requireSealed(raw, 'The calendar load');
        session.check(raw);
      },
    },
  );

  await condition(
    () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit,
  );
  await condition(allHandlersFinished);
  await continueAsNew<HolidayCalendarWorkflow>(session.carryOver(input?.historyLimit));
};
