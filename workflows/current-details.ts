import type { CaseView } from '../domain/case-view';
import { formatChinaDateTime } from '../domain/dates';
import { trackTitle } from '../domain/tracks/names';
import type { AnyTrackSpec } from './tracks/spec';

/** The markdown the Temporal UI shows as the workflow's current details: what an on-call operator needs. */
export function renderCurrentDetails(spec: AnyTrackSpec, view: CaseView, subject: string): string {
  const lines = [
    `**${view.label.zh} · ${view.label.en}**  (state \`${view.state}\`${view.outcome ? `, outcome \`${view.outcome}\`` : ''})`,
    '',
    `- Track 类别: ${trackTitle(spec.vocabulary.track)}`,
    `- Department 部门: ${view.department} · Case 案件: ${view.caseId}`,
    `- Subject 对象: ${subject}`,
  ];
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
  if (last)
    lines.push(
      `- Last step 最近一步: \`${last.type}\` by ${last.actor.id} (${last.actor.role}) at ${formatChinaDateTime(last.at)}`,
    );
  return lines.join('\n');
}
