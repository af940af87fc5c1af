import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { condition } from '@temporalio/workflow';
import type { CaseView } from '../domain/case-view';
import { chinaDateOf, formatChinaDateTime } from '../domain/dates';
import type { EffectParams } from '../domain/effects';
import type { Label } from '../machines/meta';
import { CaseHeld, CaseOverdue, CaseOverdueEscalated, CaseOverdueSince } from './search-attributes';
import {
  ESCALATION_OFFICE,
  pendingReportCount,
  type StageDeadline,
  stagePlan,
} from './session/stage-deadlines';
import type { AnyTrackSpec } from './tracks/spec';

/** CaseHeld, from the case as it stands: the host upserts it with every transition. */
export const heldAttribute = (view: CaseView): SearchAttributeUpdatePair => ({
  key: CaseHeld,
  value: pendingReportCount(view) > 0,
});

/**
 * 预警 in a running case: for the stage the case stands in, a durable timer armed on entering it (with a
 * summary the Web UI shows) and cancelled on leaving it. When it fires, the case is marked overdue
 * (CaseOverdue, CaseOverdueSince) and the office in charge is told in Chinese; when a second period runs
 * out, the leader in charge is told and the case marked escalated (CaseOverdueEscalated). Leaving the
 * stage clears the marks. What each stage expects is workflows/session/stage-deadlines.ts's.
 *
 * It runs beside the host's loop, reading the session through `view` and waking when the stage changes;
 * the host asks the `stage-warnings` patch before starting it, so cases from before it replay unchanged.
 */

interface Overdue {
  stage: string;
  label: Label;
  since: string;
  escalated: boolean;
}

export interface StageWarningsHost {
  spec: AnyTrackSpec;
  /** The case as it stands (the session's view). */
  view(): CaseView;
  /** The stage the case stands in now, and whether it closed: cheap, read on every wake. */
  stage(): string;
  closed(): boolean;
  /** Publishes search attributes and current details again (the host's `publish`). */
  publish(): void;
  /** Sends a notice through the notify activity, with the activity's summary. */
  notify(params: EffectParams<'notify'>, summary: string): Promise<void>;
  /**
   * A run continued as new: a deadline already past when it began was announced by the run before,
   * so it is marked again without a second notice.
   */
  continued: boolean;
}

export class StageWarnings {
  private overdue: Overdue | undefined;
  private stopping = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: StageWarningsHost,
    private readonly startedAt: number,
  ) {}

  /** Starts watching, beside the host's loop (the host keeps this object first: `publish` reads it). */
  start(): this {
    this.done = this.run();
    return this;
  }

  /** The overdue marks, for the host's upsert. */
  searchAttributes(): SearchAttributeUpdatePair[] {
    const overdue = this.overdue;
    return [
      { key: CaseOverdue, value: overdue?.stage ?? null },
      { key: CaseOverdueSince, value: overdue ? new Date(overdue.since) : null },
      { key: CaseOverdueEscalated, value: overdue ? overdue.escalated : null },
    ];
  }

  /** The current details' line for an overdue case, in both languages. */
  detailsLine(): string | undefined {
    const o = this.overdue;
    if (!o) return undefined;
    const since = formatChinaDateTime(o.since);
    return o.escalated
      ? `- **Overdue, escalated 超期已提级督办**: ${o.label.zh} · ${o.label.en}, overdue since 自 ${since} (China time)`
      : `- **Overdue 超期预警**: ${o.label.zh} · ${o.label.en}, overdue since 自 ${since} (China time)`;
  }

  /** The case closed: the watch ends, its marks cleared. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.done;
  }

  private async run(): Promise<void> {
    const { host } = this;
    while (!this.stopping && !host.closed()) {
      const stage = host.stage();
      const left = () => this.stopping || host.closed() || host.stage() !== stage;
      const plan = stagePlan(host.spec.machine, host.view());
      if (plan.kind === 'deadline') await this.watch(plan, left);
      else if (plan.kind === 'escalatedByMachine') {
        // The machine alerted the operators itself when its deadline passed: the case is only marked.
        this.mark({ stage: plan.stage, label: plan.label, since: plan.since, escalated: true });
      }
      await condition(left);
      if (this.overdue) this.mark(undefined);
    }
  }

  /** The stage's two periods; returns when they ran out or the case left the stage. */
  private async watch(plan: StageDeadline, left: () => boolean): Promise<void> {
    const what = `${plan.label.zh} · ${plan.label.en}`;
    const due = formatChinaDateTime(plan.dueAt);
    if (
      await this.waitUntil(
        plan.dueAt,
        left,
        `超期预警 · overdue warning: ${what} — 预计 ${plan.days} 天 expected ${plan.days} days, due ${due} (China time)`,
      )
    )
      return;
    this.mark({ stage: plan.stage, label: plan.label, since: plan.dueAt, escalated: false });
    await this.tell(plan, 'stage_overdue', plan.office);
    if (left()) return;
    const escalates = formatChinaDateTime(plan.escalatesAt);
    if (
      await this.waitUntil(
        plan.escalatesAt,
        left,
        `超期提级督办 · escalation: ${what} — overdue since ${due}, escalates ${escalates} (China time)`,
      )
    )
      return;
    this.mark({ stage: plan.stage, label: plan.label, since: plan.dueAt, escalated: true });
    await this.tell(plan, 'stage_overdue_escalated', ESCALATION_OFFICE);
  }

  /** True when the case left the stage first; false once `at` came (at once when it had passed). */
  private async waitUntil(at: string, left: () => boolean, summary: string): Promise<boolean> {
    const wait = Date.parse(at) - Date.now();
    if (wait <= 0) return left();
    return condition(left, wait, { summary });
  }

  private mark(overdue: Overdue | undefined): void {
    this.overdue = overdue;
    this.host.publish();
  }

  private async tell(plan: StageDeadline, kind: string, to: EffectParams<'notify'>['to']): Promise<void> {
    const dueMs = Date.parse(kind === 'stage_overdue' ? plan.dueAt : plan.escalatesAt);
    // A continued run marks what the run before it announced, and tells nobody twice.
    if (this.host.continued && dueMs <= this.startedAt) return;
    await this.host.notify(
      {
        kind,
        to,
        overdue: { stage: plan.label.zh, since: chinaDateOf(plan.dueAt), expectedDays: plan.days },
      },
      `${kind} → ${to} · ${plan.label.zh} · ${plan.label.en}`,
    );
  }
}
