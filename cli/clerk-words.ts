import type { Track } from '../domain/case';
import type { CaseView, DeadlineView } from '../domain/case-view';
import { chinaDateOf } from '../domain/dates';
import type { Label } from '../domain/label';
import { trackNames } from '../domain/tracks/names';
import { machinesByTrack } from '../machines/index';
import { stageLabelsOf } from '../workflows/session/machine-view';

/**
 * What a clerk reads beside the ids: the Chinese name of a track and of a stage, which deadline a date
 * is, the cadres by name, and whether a case is held or overdue. The stage labels are the machines' own
 * (state `meta`), read the way the case record reads them.
 */

const isTrack = (value: string | undefined): value is Track => value !== undefined && value in trackNames;

/** "试用期 probation"; an unknown track as it came. */
export function trackText(track: string | undefined): string | undefined {
  return isTrack(track) ? `${trackNames[track].label.zh} ${track}` : track;
}

/** A stage's label by its machine state ("publicity.open"), undefined when the track does not know it. */
export function stageLabel(track: string | undefined, stage: string | undefined): Label | undefined {
  if (!isTrack(track) || !stage) return undefined;
  return stageLabelsOf(machinesByTrack[track])[stage];
}

/** "任前公示中 publicity.open": the Chinese label first, the id beside it for the engineer. */
export function stageText(track: string | undefined, stage: string | undefined): string | undefined {
  if (!stage) return undefined;
  const label = stageLabel(track, stage);
  return label ? `${label.zh} ${stage}` : stage;
}

/** What each timer's date is, in a clerk's words. */
const deadlineNames: Record<string, string> = {
  publicityWindow: '公示截止',
  probationExpiry: '试用期满',
  inspectionNotice: '考察预告期满',
  reviewReminder: '考核截止提醒',
  reviewDeadline: '考核截止',
};

/** "公示截止"; a timer this list does not know yet is named by its label, up to the first clause. */
export function deadlineName(deadline: Pick<DeadlineView, 'timer' | 'label'>): string {
  return deadlineNames[deadline.timer] ?? deadline.label.zh.split(/[，,；;]/)[0] ?? deadline.label.zh;
}

/**
 * The cadres a case concerns, by name: every `{ id, name }` in the case's data whose id is one of
 * `ids` (the list's cadre ids), or every one under `cadre` when no ids are given. "李明 (C-1001)".
 */
export function cadreNames(context: Record<string, unknown>, ids?: readonly string[]): string[] {
  const found = new Map<string, string>();
  const walk = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    const { id, name } = value as { id?: unknown; name?: unknown };
    if (typeof id === 'string' && typeof name === 'string' && (ids ? ids.includes(id) : true))
      found.set(id, name);
    for (const child of Object.values(value)) walk(child, depth + 1);
  };
  walk(ids ? context : context.cadre, 0);
  const order = ids ?? [...found.keys()];
  return order.filter((id) => found.has(id)).map((id) => `${found.get(id)} (${id})`);
}

/** Reports (and probation findings) that hold the case until they are verified. */
function pendingReports(context: Record<string, unknown>): number {
  const reports = context.reports;
  return Array.isArray(reports)
    ? reports.filter((r) => (r as { status?: unknown } | null)?.status === 'pending').length
    : 0;
}

/** A list row's `held` / `overdue` (from CaseHeld / CaseOverdue*, api/visibility.ts). */
function field(source: object, name: 'held' | 'overdue'): unknown {
  return (source as Record<string, unknown>)[name];
}

function overdueText(overdue: unknown): string | undefined {
  if (!overdue) return undefined;
  if (typeof overdue !== 'object') return '逾期 overdue';
  const { stage, since, escalated } = overdue as { stage?: unknown; since?: unknown; escalated?: unknown };
  return [
    escalated === true ? '逾期已提级督办 overdue, escalated' : '逾期 overdue',
    typeof stage === 'string' ? stage : undefined,
    typeof since === 'string' ? `自 ${chinaDateOf(since)} since` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The flags a clerk must see at a glance: 暂停 (held for verification) and 逾期 (overdue). Read from the
 * `CaseHeld` / `CaseOverdue` fields when the service gives them; a held case is also one with reports
 * pending (as the Temporal UI's current details say). Nothing when neither applies.
 */
export function caseFlags(
  view: Pick<CaseView, 'status' | 'context'> | undefined,
  row: object = {},
): string[] {
  if (view && view.status !== 'open') return [];
  const flags: string[] = [];
  const held = field(view ?? {}, 'held') ?? field(row, 'held');
  const pending = view ? pendingReports(view.context) : 0;
  if (held || pending > 0) flags.push(pending > 0 ? `暂停 held (${pending} 件待核查)` : '暂停 held');
  const overdue = overdueText(field(view ?? {}, 'overdue') ?? field(row, 'overdue'));
  if (overdue) flags.push(overdue);
  return flags;
}
