import { and } from 'xstate';
import { instantMs } from '../../domain/dates';
import type { YearSchedule } from '../../domain/holiday-schedule';
import type { Policy } from '../../domain/policy';
import { LATEST_RULES_EDITION } from '../../domain/rules-edition';
import {
  calendarUpdatedEventSchema,
  type PublicityStarted,
  publicityStartedEventSchema,
  publicityVenues,
  publicityWaivedEventSchema,
} from '../../domain/steps/publicity';
import { calendarWith } from '../calendar/calendar';
import { type PublicityWindow, publicityWindow } from '../calendar/publicity';
import type { Deadlines, Stamped, StateMeta, TimerSpec } from '../meta';
import type { EditionSlice } from './editions';
import { type AnyStamped, eventOf } from './events';
import { pendingReports, reportHoldsOn, type SupervisionSlice, verificationOn } from './supervision';

export type PublicityRecord =
  | (PublicityWindow & {
      exempt: false;
      publishedAt: string;
      venues: PublicityStarted['venues'];
      /** When the window closed (its timer fired). */
      closedAt?: string;
      /** Reports still held the case when it closed. */
      closedWhileHeld?: boolean;
    })
  | { exempt: true; basis: string; at: string; by: Stamped['actor'] };

/** The edition is optional here so the fragment can be driven alone; absent, the newest applies. */
export interface PublicitySlice extends SupervisionSlice, Partial<EditionSlice> {
  policy: Policy;
  deadlines: Deadlines;
  decidedAt?: string;
  /** A special post (特殊岗位): the organization department may waive publicity. */
  specialPost: boolean;
  publicity?: PublicityRecord;
  /** Year schedules operators loaded for this case, over the built-in calendar. */
  calendarSchedules: YearSchedule[];
}

/**
 * Who may start publicity (the organization department) and load calendar data (it, or the host as the
 * system) is composed at the transitions below; the waiver's guard keeps its actor, as its whole rule.
 */
type Args = { context: PublicitySlice; event: AnyStamped };

const publicityTimer: TimerSpec = {
  name: 'publicityWindow',
  event: 'PUBLICITY_CLOSED',
  label: { zh: '公示期满', en: 'The publicity window closes' },
};

/**
 * The window under the case's calendar. A year without its notice counts the law's holidays as days off
 * from the second rules edition on (machines/calendar/statutory.ts); a case of the first keeps the
 * weekends-only reading it started with, so its deadline — and its timer — do not move under it.
 */
function windowFor(context: PublicitySlice, schedules: readonly YearSchedule[], publishedAt: string) {
  const { policy } = context;
  try {
    return publicityWindow(calendarWith(schedules), {
      publishedAt,
      workingDays: policy.publicity.workingDays,
      publicationDayCounts: policy.publicity.publicationDayCounts,
      uncoveredReading: (context.rulesEdition ?? LATEST_RULES_EDITION) >= 2 ? 'statutory' : 'weekends',
    });
  } catch {
    return undefined;
  }
}

/** Schedules loaded so far with the event's, a later one replacing an earlier one for the same year. */
function schedulesAfter(context: PublicitySlice, event: AnyStamped): YearSchedule[] | undefined {
  const e = eventOf(event, calendarUpdatedEventSchema);
  if (!e) return undefined;
  const byYear = new Map(context.calendarSchedules.map((s) => [s.year, s]));
  for (const schedule of e.schedules) byYear.set(schedule.year, schedule);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function startedWindow({ context, event }: Args) {
  const parsed = eventOf(event, publicityStartedEventSchema);
  if (!parsed) return undefined;
  // Without its own publishedAt, the notice went up when the step happened (its occurredAt).
  const e = { ...parsed, publishedAt: parsed.publishedAt ?? parsed.at };
  const published = instantMs(e.publishedAt);
  // "Not in the future" is the service's clock: a step dated by day (its `at` the start of that day) may
  // name the hour its notice went up.
  const stamped = instantMs(e.recordedAt ?? e.at);
  const decided = context.decidedAt === undefined ? undefined : instantMs(context.decidedAt);
  // Reported after the fact is fine; in the future, or before the decision it follows, is not.
  if (published === undefined || stamped === undefined || published > stamped) return undefined;
  if (decided !== undefined && published < decided) return undefined;
  // The schema takes any venues; the rule wants all three.
  if (!publicityVenues.every((v) => e.venues.includes(v))) return undefined;
  const window = windowFor(context, context.calendarSchedules, e.publishedAt);
  return window && { event: e, window };
}

/** The window recomputed with the event's schedules; undefined when the update must be refused. */
function recomputedWindow({ context, event }: Args) {
  if (context.publicity?.exempt !== false) return undefined;
  const schedules = schedulesAfter(context, event);
  const window = schedules && windowFor(context, schedules, context.publicity.publishedAt);
  return schedules && window && { schedules, window, publicity: context.publicity };
}

export const publicityGuards = {
  publicationAcceptable: (args: Args) => startedWindow(args) !== undefined,
  publicationProvisional: (args: Args) => startedWindow(args)?.window.provisional === true,
  /** A special post, and a basis (the schema refuses a blank one); the sender is the sender guard's. */
  waiverAcceptable: ({ context, event }: Args) =>
    eventOf(event, publicityWaivedEventSchema) !== undefined && context.specialPost,
  calendarUpdateAcceptable: (args: Args) => recomputedWindow(args) !== undefined,
  /** After a close: the official schedule shows the window should still be open, so it reopens. */
  recomputedWindowStillOpen: (args: Args) => {
    const r = recomputedWindow(args);
    const now = instantMs(args.event.at);
    return r !== undefined && now !== undefined && Date.parse(r.window.closesAt) > now;
  },
};

// ---- context updates ----

export function startPublicity(context: PublicitySlice, event: AnyStamped): Partial<PublicitySlice> {
  const started = startedWindow({ context, event });
  if (!started) return {};
  const { window, event: e } = started;
  return {
    publicity: { ...window, exempt: false, publishedAt: e.publishedAt, venues: e.venues },
    deadlines: { ...context.deadlines, publicityWindow: window.closesAt },
  };
}

/** Recomputes the window with the loaded schedules; `rearm` when the window is (again) open. */
function updateCalendar(context: PublicitySlice, event: AnyStamped, rearm: boolean): Partial<PublicitySlice> {
  const r = recomputedWindow({ context, event });
  if (!r) return {};
  const { closedAt: _closedAt, closedWhileHeld: _held, ...running } = r.publicity;
  return {
    calendarSchedules: r.schedules,
    publicity: rearm ? { ...running, ...r.window } : { ...r.publicity, ...r.window },
    deadlines: rearm ? { ...context.deadlines, publicityWindow: r.window.closesAt } : context.deadlines,
  };
}
export const applyCalendarUpdate = (context: PublicitySlice, event: AnyStamped) =>
  updateCalendar(context, event, true);
export const recordCalendarUpdate = (context: PublicitySlice, event: AnyStamped) =>
  updateCalendar(context, event, false);

export function closePublicity(context: PublicitySlice, event: AnyStamped): Partial<PublicitySlice> {
  const { publicityWindow: _closed, ...deadlines } = context.deadlines;
  if (context.publicity?.exempt !== false) return { deadlines };
  const closedWhileHeld = pendingReports(context).length > 0;
  return { deadlines, publicity: { ...context.publicity, closedAt: event.at, closedWhileHeld } };
}

export function waivePublicity(_: PublicitySlice, event: AnyStamped): Partial<PublicitySlice> {
  const e = eventOf(event, publicityWaivedEventSchema);
  return e ? { publicity: { exempt: true, basis: e.basis, at: e.at, by: e.actor } } : {};
}

// ---- the publicity state ----

const tell = (kind: string, to: 'organization_department' | 'department' | 'operators') =>
  ({ type: 'notify', params: { kind, to } }) as const;

const publicityMeta: StateMeta = { label: { zh: '任前公示', en: 'Pre-appointment publicity' } };
const pendingMeta: StateMeta = { label: { zh: '待任前公示', en: 'Awaiting pre-appointment publicity' } };
const openMeta: StateMeta = {
  label: { zh: '任前公示中', en: 'Pre-appointment publicity' },
  timers: [publicityTimer],
};
const heldMeta: StateMeta = {
  label: { zh: '公示期间受理举报，核查中', en: 'Held: a report made in publicity is being verified' },
  timers: [publicityTimer],
};
const closedWhileHeldMeta: StateMeta = {
  label: { zh: '公示期满，核查未结，暂缓任职', en: 'Publicity closed; appointment waits for verification' },
};

const calendarUpdated = {
  guard: 'calendarUpdateAcceptable',
  actions: ['applyCalendarUpdate', tell('publicity_deadline_recomputed', 'operators')],
} as const;

/**
 * The publicity step as a compound state: pending → open ⇄ held → (closedWhileHeld). `openOn` is what
 * every open state of the track accepts (a report outside the window, a withdrawal); `onClosed` is the
 * next step (appointment), `onSubstantiated` the final state of a case a verified report ended.
 */
export function publicityState<O extends object, A extends string, N extends string>(
  openOn: O,
  targets: { onClosed: A; onSubstantiated: N },
) {
  const { onClosed, onSubstantiated } = targets;
  return {
    initial: 'pending',
    meta: publicityMeta,
    on: openOn,
    states: {
      pending: {
        meta: pendingMeta,
        on: {
          PUBLICITY_STARTED: [
            {
              guard: and(['publicationAcceptable', 'publicationProvisional']),
              target: 'open',
              actions: [
                'startPublicity',
                tell('publicity_started', 'department'),
                tell('publicity_deadline_provisional', 'operators'),
              ],
            },
            {
              guard: 'publicationAcceptable',
              target: 'open',
              actions: ['startPublicity', tell('publicity_started', 'department')],
            },
          ],
          PUBLICITY_WAIVED: {
            guard: 'waiverAcceptable',
            target: onClosed,
            actions: ['waivePublicity', tell('publicity_waived', 'department')],
          },
        },
      },
      open: {
        meta: openMeta,
        on: {
          PUBLICITY_CLOSED: {
            target: onClosed,
            actions: ['closePublicity', tell('publicity_closed', 'organization_department')],
          },
          ...reportHoldsOn('held'),
          CALENDAR_UPDATED: calendarUpdated,
        },
      },
      held: {
        meta: heldMeta,
        on: {
          PUBLICITY_CLOSED: {
            target: 'closedWhileHeld',
            actions: ['closePublicity', tell('publicity_closed_while_held', 'organization_department')],
          },
          ...reportHoldsOn(),
          ...verificationOn({ onCleared: 'open', onSubstantiated }),
          CALENDAR_UPDATED: calendarUpdated,
        },
      },
      closedWhileHeld: {
        meta: closedWhileHeldMeta,
        on: {
          ...reportHoldsOn(),
          ...verificationOn({ onCleared: onClosed, onSubstantiated }),
          CALENDAR_UPDATED: [
            {
              guard: and(['calendarUpdateAcceptable', 'recomputedWindowStillOpen']),
              target: 'held',
              actions: ['applyCalendarUpdate', tell('publicity_reopened_by_calendar', 'operators')],
            },
            {
              guard: 'calendarUpdateAcceptable',
              actions: ['recordCalendarUpdate', tell('publicity_deadline_recomputed', 'operators')],
            },
          ],
        },
      },
    },
  } as const;
}
