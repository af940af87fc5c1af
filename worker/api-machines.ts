import type { ApiMachines, StartRefusal } from '../api/context';
import { type Track, workflowIdFor } from '../domain/case';
import { LATEST_RULES_EDITION } from '../domain/rules-edition';
import { calendarWith, publicityWindow } from '../machines/calendar';
import {
  CaseLimitError,
  CaseSession,
  IllegalTransitionError,
  ImportRefusedError,
  InvalidEventError,
} from '../workflows/session/case-session';
import { demotionTrack } from '../workflows/tracks/demotion';
import { probationTrack } from '../workflows/tracks/probation';
import { promotionTrack } from '../workflows/tracks/promotion';
import { rotationTrack } from '../workflows/tracks/rotation';
import type { AnyTrackSpec } from '../workflows/tracks/spec';

/**
 * Every track's spec, imported (workflows/tracks.ts requires them lazily, for the workflow sandbox's
 * sake; the API process builds them all once, and `require` is no ES module's).
 */
const specs: Record<Track, AnyTrackSpec> = {
  promotion: promotionTrack,
  rotation: rotationTrack,
  demotion: demotionTrack,
  probation: probationTrack,
};

/**
 * The machines' answers the API needs before a case's workflow exists (api/context.ts ApiMachines), from
 * the very code the workflows run: the case session for a start that carries earlier steps, the calendar
 * for a publicity window. The starter (bin/, tests, bench) hands them to the API.
 */
export function apiMachines(): ApiMachines {
  return {
    checkStart({ track, input, origin }, now) {
      const spec = specs[track];
      const parsed = spec.vocabulary.startSchema.safeParse(input);
      // The route validated the body already; a start the track refuses is the route's 422 anyway.
      if (!parsed.success) return undefined;
      try {
        // The edition a case started now gets (the workflow's patch gives new cases the newest).
        const start = { ...(parsed.data as object), rulesEdition: LATEST_RULES_EDITION };
        const session = new CaseSession(spec, workflowIdFor(input as never), start, origin, now);
        if (origin.history?.length) session.bringIn(origin.history, now, origin.requestId);
        return undefined;
      } catch (error) {
        return refusalOf(error);
      }
    },
    publicityWindow(input, schedules) {
      const { opensOn, lastWorkingDay, closesAt, workingDaysCounted, provisional, uncoveredYears } =
        publicityWindow(calendarWith(schedules), { ...input, uncoveredReading: 'statutory' });
      return { opensOn, lastWorkingDay, closesAt, workingDaysCounted, provisional, uncoveredYears };
    },
  };
}

const issuesOf = (error: InvalidEventError, prefix: (string | number)[]) =>
  error.issues.map((i) => ({ path: [...prefix, ...i.path].join('.'), message: i.message }));

function refusalOf(error: unknown): StartRefusal {
  if (error instanceof ImportRefusedError) {
    const { refusal } = error;
    const step = { index: error.step, type: error.type };
    if (refusal instanceof InvalidEventError)
      return {
        status: 422,
        message: error.message,
        step,
        issues: issuesOf(refusal, ['history', error.step]),
      };
    if (refusal instanceof IllegalTransitionError) {
      const { state, label, legalEvents } = refusal.details;
      return { status: 409, message: error.message, step, state, label, legalEvents };
    }
    return { status: 422, message: error.message, step };
  }
  // The start's own date.
  if (error instanceof InvalidEventError)
    return { status: 422, message: error.message, issues: issuesOf(error, []) };
  if (error instanceof CaseLimitError) return { status: 422, message: error.message };
  throw error;
}
