import { ApplicationFailure } from '@temporalio/common';
import {
  CALENDAR_LOADER_ROLE,
  type CalendarFanOutResult,
  type CalendarLoadResult,
  type HolidayCalendarView,
  type LoadYearInput,
  loadYearInputSchema,
} from '../../domain/holiday-calendar';
import type { YearSchedule } from '../../domain/holiday-schedule';
import { calendarWith, coveredYears } from '../../machines/calendar';
import { CalendarLoadForbidden, type HolidayCalendarInput, InvalidCalendarLoad } from './messages';

/** One load the fan-out is to deliver: every schedule loaded so far, by whom, through which request. */
export interface CalendarBroadcast {
  /** The load's number in this calendar's life (carried over continue-as-new): it names the fan-out. */
  load: number;
  year: number;
  schedules: YearSchedule[];
  actor: LoadYearInput['actor'];
  requestId?: string;
}

type Issue = { path: string[]; message: string };

const refuse = (type: string, message: string, issues: Issue[] = []) =>
  ApplicationFailure.create({ type, message, details: [{ issues }], nonRetryable: true });

/** A later schedule for a year replaces an earlier one; years ascending. */
function byYear(schedules: readonly YearSchedule[]): YearSchedule[] {
  const years = new Map<number, YearSchedule>();
  for (const schedule of schedules) years.set(schedule.year, schedule);
  return [...years.values()].sort((a, b) => a.year - b.year);
}

/**
 * The holiday calendar entity's logic, free of Temporal's workflow APIs so it is unit-tested without a
 * server: which loads it accepts, what it holds, what it answers, what it carries over continue-as-new.
 * The workflow (./workflow.ts) registers handlers that call it.
 */
export class HolidayCalendarSession {
  private schedules: YearSchedule[];
  private loads: number;

  constructor(input: HolidayCalendarInput = { schedules: [] }) {
    this.schedules = byYear(input.schedules);
    this.loads = input.loads ?? 0;
  }

  /**
   * Refuses, synchronously and without side effects, a load the schema, the year or the actor's role rules
   * out, so it never reaches history. The API checks the same before it calls; this is the entity's own
   * guard against any other caller.
   */
  check(raw: unknown): LoadYearInput {
    const parsed = loadYearInputSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
      throw refuse(
        InvalidCalendarLoad,
        `Invalid schedule: ${issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`,
        issues,
      );
    }
    const { year, schedule, actor } = parsed.data;
    if (actor.role !== CALENDAR_LOADER_ROLE) {
      throw refuse(CalendarLoadForbidden, 'Only the organization department loads holiday schedules');
    }
    if (schedule.year !== year) {
      throw refuse(InvalidCalendarLoad, 'The body is the schedule of another year than the path names', [
        { path: ['year'], message: `path says ${year}, body says ${schedule.year}` },
      ]);
    }
    return parsed.data;
  }

  /** Stores a checked load at once (a case opening publicity from now on fetches it) and counts it. */
  load(input: LoadYearInput): number {
    this.schedules = byYear([...this.schedules, input.schedule]);
    return ++this.loads;
  }

  /**
   * What a fan-out delivers: every schedule held when it runs, not only the one just loaded, so that a
   * fan-out that runs later never carries an older version of a year than one that ran before it.
   */
  broadcast(load: number, input: LoadYearInput): CalendarBroadcast {
    return {
      load,
      year: input.year,
      schedules: this.schedules,
      actor: input.actor,
      requestId: input.requestId,
    };
  }

  /** Coverage over the built-in data (machines/calendar) overlaid with the loaded years. */
  view(): HolidayCalendarView {
    return {
      coveredYears: coveredYears(calendarWith(this.schedules)),
      loadedYears: this.schedules.map((s) => s.year),
      schedules: this.schedules,
    };
  }

  result(fanOut: CalendarFanOutResult): CalendarLoadResult {
    const { coveredYears, loadedYears } = this.view();
    return { coveredYears, loadedYears, ...fanOut };
  }

  /** The state the next run starts from. */
  carryOver(historyLimit?: number): HolidayCalendarInput {
    return { schedules: this.schedules, loads: this.loads, historyLimit };
  }
}
