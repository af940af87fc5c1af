import type { CaseView } from '../domain/case-view';
import { chinaDateTime } from './format';
import type { TrackSpec } from './track-spec';

const trackLabels: Record<string, string> = {
  promotion: '提拔任职 Promotion',
  rotation: '交流轮岗 Rotation',
  demotion: '降职免职 Demotion and exit',
  probation: '试用期 Probation',
};

/** The markdown the Temporal UI shows as the workflow's current details: what an on-call operator needs. */
export function renderCurrentDetails(spec: TrackSpec, view: CaseView): string {
  const lines = [
    `**${view.label.zh} · ${view.label.en}**  (state \`${view.state}\`${view.outcome ? `, outcome \`${view.outcome}\`` : ''})`,
    '',
    `- Track 类别: ${trackLabels[view.track] ?? view.track}`,
    `- Department 部门: ${view.department} · Case 案件: ${view.caseId}`,
    `- Subject 对象: ${spec.subject(view.context)}`,
  ];
  const next = view.deadlines[0];
  lines.push(
    next
      ? `- Next timer 下一个计时: ${next.label.zh} / ${next.label.en} at ${chinaDateTime(next.at)} (China time) → \`${next.event}\``
      : '- Next timer 下一个计时: none',
  );
  lines.push(
    `- Legal events now 当前可发送事件: ${view.legalEvents.length ? view.legalEvents.map((e) => `\`${e}\``).join(', ') : 'none (case closed)'}`,
  );
  const last = view.record.at(-1);
  if (last)
    lines.push(
      `- Last step 最近一步: \`${last.type}\` by ${last.actor.id} (${last.actor.role}) at ${chinaDateTime(last.at)}`,
    );
  return lines.join('\n');
}
