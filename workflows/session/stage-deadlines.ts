import type { AnyStateMachine } from 'xstate';
import type { CaseView, RecordEntry } from '../../domain/case-view';
import { addDays, chinaDateOf, startOfChinaDay } from '../../domain/dates';
import { expectedStageDays, type Policy } from '../../domain/policy';
import type { Label } from '../../machines/meta';
import { stageLabelsOf, stageMetaOf } from './machine-view';

/**
 * 预警 (DOMAIN.md "Warnings"): how long the stage a case stands in may take, and what happens when it
 * overruns — plain functions over the case's view, unit-tested without Temporal; workflows/stage-warnings.ts
 * arms the timers they name.
 *
 * A stage is timed by the policy (domain/policy.ts, `*StageDays`) unless the machine already times it:
 * a state that arms a timer of its own (the inspection notice, the publicity window, probation's year, the
 * review's deadline) runs on the rules' clock, and a state that is itself the machine's escalation of a
 * stage (the probation review overdue) only marks the case.
 */

/** Who is told first: the office in charge of the stage. */
type StageOffice = 'organization_department' | 'committee';
/** Who is told when the stage overruns a second period: the next level up. */
export const ESCALATION_OFFICE = 'organization_department_leadership';

export interface StageDeadline {
  kind: 'deadline';
  stage: string;
  label: Label;
  /** When the case entered the stage: the step that moved it there happened then (its occurredAt). */
  enteredAt: string;
  days: number;
  /** The start of the China day `days` after the day it entered: from then on it is overdue. */
  dueAt: string;
  /** As many days again: from then on it is escalated. */
  escalatesAt: string;
  office: StageOffice;
}

/** The machine escalated the stage itself (it has its own deadline and alert): the case is marked only. */
interface MachineEscalation {
  kind: 'escalatedByMachine';
  /** The stage that overran (`review`), not the state that says so (`reviewOverdue`). */
  stage: string;
  label: Label;
  since: string;
}

export type StagePlan = StageDeadline | MachineEscalation | { kind: 'timedByMachine' | 'none' };

/** The latest step that moved the case into `stage` (from another state), or its start. */
function entryInto(record: readonly RecordEntry[], stage: string): RecordEntry | undefined {
  for (let i = record.length - 1; i >= 0; i--) {
    const entry = record[i] as RecordEntry;
    if (entry.kind === 'transition' && entry.to === stage && entry.from !== stage) return entry;
    if (entry.kind === 'started') return entry;
  }
  return undefined;
}

const startOfDayAfter = (instant: string, days: number) =>
  startOfChinaDay(addDays(chinaDateOf(instant), days));

/** The committee's own vote is its office's to schedule; every other stage the organization department's. */
const officeOf = (stage: string): StageOffice =>
  stage === 'committeeVote' ? 'committee' : 'organization_department';

/** What the stage the case stands in expects of the clock. */
export function stagePlan(machine: AnyStateMachine, view: CaseView): StagePlan {
  if (view.status === 'closed') return { kind: 'none' };
  const stage = view.state;
  const metas = stageMetaOf(machine, stage);
  const labels = stageLabelsOf(machine);
  const label = labels[stage] ?? { zh: stage, en: stage };
  const entered = entryInto(view.record, stage);
  const escalationOf = metas.at(-1)?.escalationOf;
  if (escalationOf !== undefined) {
    return {
      kind: 'escalatedByMachine',
      stage: escalationOf,
      label: labels[escalationOf] ?? { zh: escalationOf, en: escalationOf },
      since: entered?.at ?? view.record[0]?.at ?? '',
    };
  }
  if (metas.some((meta) => (meta.timers ?? []).length > 0)) return { kind: 'timedByMachine' };
  if (!entered) return { kind: 'none' };
  const policy = view.context.policy as Partial<Policy> | undefined;
  const { days } = expectedStageDays(policy, view.track, stage);
  return {
    kind: 'deadline',
    stage,
    label,
    enteredAt: entered.at,
    days,
    dueAt: startOfDayAfter(entered.at, days),
    escalatesAt: startOfDayAfter(entered.at, 2 * days),
    office: officeOf(stage),
  };
}

/**
 * Whether a report (or a probation finding) holds the case until the organization department verifies it:
 * what the UI's current details call Held 暂停, and the CaseHeld search attribute.
 */
export function pendingReportCount(view: Pick<CaseView, 'context' | 'status'>): number {
  if (view.status !== 'open') return 0;
  const reports = view.context.reports;
  return Array.isArray(reports)
    ? reports.filter((r) => (r as { status?: unknown } | null)?.status === 'pending').length
    : 0;
}
