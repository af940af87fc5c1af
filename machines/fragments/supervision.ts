import {
  type ReportFiled,
  reportFiledEventSchema,
  verificationClearedEventSchema,
  verificationSubstantiatedEventSchema,
} from '../../domain/steps/supervision';
import type { Stamped } from '../meta';
import { type AnyStamped, byWhom, eventOf } from './events';

export interface Report {
  id: string;
  /** A report's channel; 'finding' for a problem found during probation and held the same way. */
  channel: ReportFiled['channel'] | 'finding';
  summary: string;
  concerns?: string;
  filedAt: string;
  filedBy: Stamped['actor'];
  /** recorded: noted, no hold; pending: holds the case; cleared / substantiated: verified. */
  status: 'recorded' | 'pending' | 'cleared' | 'substantiated';
  findings?: string;
  verifiedAt?: string;
  verifiedBy?: Stamped['actor'];
}

export interface SupervisionSlice {
  reports: Report[];
}

type Args = { context: SupervisionSlice; event: AnyStamped };

const filed = (event: AnyStamped) => eventOf(event, reportFiledEventSchema);
const verification = (event: AnyStamped) =>
  eventOf(event, verificationClearedEventSchema) ?? eventOf(event, verificationSubstantiatedEventSchema);

export const pendingReports = (context: SupervisionSlice) =>
  context.reports.filter((r) => r.status === 'pending');

// ---- guards ----

/**
 * A new report, under an id not used before. Who may file one (a department or the organization
 * department) is the sender guard's, as for every event (domain/senders.ts).
 */
export function reportAcceptable({ context, event }: Args): boolean {
  const e = filed(event);
  return e !== undefined && !context.reports.some((r) => r.id === e.reportId);
}

/** A verification result for a report that holds the case (the organization department's: domain/senders.ts). */
export function verifiesPendingReport({ context, event }: Args): boolean {
  const e = verification(event);
  return e !== undefined && pendingReports(context).some((r) => r.id === e.reportId);
}

/** Clears one report while others still hold the case. */
export const clearsOneOfSeveral = (args: Args) =>
  verifiesPendingReport(args) && pendingReports(args.context).length > 1;

/** Clears the last report holding the case: it goes on. */
export const clearsLastPending = (args: Args) =>
  verifiesPendingReport(args) && pendingReports(args.context).length === 1;

export const noPendingReports = ({ context }: { context: SupervisionSlice }) =>
  pendingReports(context).length === 0;

/** The findings of the report that ended a case, if one did. */
export const substantiatedFindings = (context: SupervisionSlice) =>
  context.reports.find((r) => r.status === 'substantiated')?.findings;

export const supervisionGuards = {
  reportAcceptable,
  verifiesPendingReport,
  clearsOneOfSeveral,
  clearsLastPending,
};

// ---- context updates (machines wrap each in `assign`) ----

function addReport(context: SupervisionSlice, event: AnyStamped, holds: boolean): Partial<SupervisionSlice> {
  const e = filed(event);
  if (!e) return {};
  const report: Report = {
    id: e.reportId,
    channel: e.channel,
    summary: e.summary,
    ...(e.concerns === undefined ? {} : { concerns: e.concerns }),
    filedAt: e.at,
    filedBy: e.actor,
    status: holds ? 'pending' : 'recorded',
  };
  return { reports: [...context.reports, report] };
}

export const recordReport = (context: SupervisionSlice, event: AnyStamped) =>
  addReport(context, event, false);
export const recordHoldingReport = (context: SupervisionSlice, event: AnyStamped) =>
  addReport(context, event, true);

export function resolveReport(context: SupervisionSlice, event: AnyStamped): Partial<SupervisionSlice> {
  const e = verification(event);
  if (!e) return {};
  const status = e.type === 'VERIFICATION_CLEARED' ? 'cleared' : 'substantiated';
  const { at, by } = byWhom(e);
  return {
    reports: context.reports.map((r) =>
      r.id === e.reportId ? { ...r, status, findings: e.findings, verifiedAt: at, verifiedBy: by } : r,
    ),
  };
}

// ---- transitions ----

const told = (kind: string) => ({ type: 'notify', params: { kind, to: 'organization_department' } }) as const;

/** Outside a hold: the report is recorded and the organization department told. */
export const reportRecordedOn = {
  REPORT_FILED: { guard: 'reportAcceptable', actions: ['recordReport', told('report_recorded')] },
} as const;

/** During publicity or probation: the report holds the case (optionally moving it to a held state). */
export function reportHoldsOn<T extends string | undefined = undefined>(target?: T) {
  return {
    REPORT_FILED: {
      guard: 'reportAcceptable',
      target,
      actions: ['recordHoldingReport', told('held_for_verification')],
    },
  } as const;
}

/**
 * Verification results while held: a cleared report releases the hold only when it is the last pending
 * one (`onCleared`, or staying put when undefined); a substantiated one ends the case (`onSubstantiated`),
 * with the track's own `substantiatedActions` (e.g. recording the outcome) after the report is resolved.
 */
export function verificationOn<
  C extends string | undefined,
  S extends string,
  X extends readonly unknown[] = readonly [],
>(targets: { onCleared: C; onSubstantiated: S; substantiatedActions?: X }) {
  const extra = (targets.substantiatedActions ?? []) as X;
  return {
    VERIFICATION_CLEARED: [
      { guard: 'clearsOneOfSeveral', actions: ['resolveReport'] },
      {
        guard: 'clearsLastPending',
        target: targets.onCleared,
        actions: ['resolveReport', told('verification_cleared')],
      },
    ],
    VERIFICATION_SUBSTANTIATED: {
      guard: 'verifiesPendingReport',
      target: targets.onSubstantiated,
      actions: ['resolveReport', told('verification_substantiated'), ...extra],
    },
  } as const;
}

/**
 * When the supervision events can apply at all, from the case alone: lets a host list the events legal
 * now without offering a verification while no report is pending.
 */
export const supervisionPreconditions: Record<string, (context: SupervisionSlice) => boolean> = {
  VERIFICATION_CLEARED: (context) => pendingReports(context).length > 0,
  VERIFICATION_SUBSTANTIATED: (context) => pendingReports(context).length > 0,
};
