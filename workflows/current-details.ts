import type { CaseView } from '../domain/case-view';
import { formatChinaDateTime } from '../domain/dates';
import { trackTitle } from '../domain/tracks/names';
import { pendingReportCount } from './session/stage-deadlines';
import type { AnyTrackSpec } from './tracks/spec';

/**
 * The markdown the Temporal UI shows as the workflow's current details: what an on-call operator needs.
 * Cadres appear as the subject names them (ids, domain/metadata.ts); who filed a report never appears.
 */
export function renderCurrentDetails(
  spec: AnyTrackSpec,
  view: CaseView,
  subject: string,
  /** 预警: the overdue line (workflows/stage-warnings.ts), when the case is overdue. */
  overdue?: string,
): string {
  const lines = [
    `**${view.label.zh} · ${view.label.en}**  (state \`${view.state}\`${view.outcome ? `, outcome \`${view.outcome}\`` : ''})`,
    '',
    `- Track 类别: ${trackTitle(spec.vocabulary.track)}`,
    `- Department 部门: ${view.department} · Case 案件: ${view.caseId}`,
    `- Subject 对象: ${subject}`,
  ];
  const held = pendingReportCount(view);
  if (held > 0)
    lines.push(
      `- **Held 暂停**: 因举报待核查而暂停（${held} 件待核查）· held for verification of ${held} report${held === 1 ? '' : 's'}`,
    );
  if (overdue) lines.push(overdue);
  const next = view.deadlines[0];
  lines.push(
    next
      ? `- Next timer 下一个计时: ${next.label.zh} / ${next.label.en} at ${formatChinaDateTime(next.at)} (China time) → \`${next.event}\``
      : '- Next timer 下一个计时: none',
  );
  lines.push(
    `- Legal events now 当前可发送事件: ${view.legalEvents.length ? view.legalEvents.map((e) => `\`${e}\``).join(', ') : 'none (case closed)'}`,
  );
  const last = view.record.at(-1);
  if (last) {
    const by =
      last.type === 'REPORT_FILED' ? '(保密 · confidential)' : `${last.actor.id} (${last.actor.role})`;
    lines.push(`- Last step 最近一步: \`${last.type}\` by ${by} at ${formatChinaDateTime(last.at)}`);
  }
  return lines.join('\n');
}
