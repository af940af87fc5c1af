import type { CaseView } from './case-view';
import { formatChinaDateTime } from './dates';
import { trackNames } from './tracks/names';

const roleNames: Record<string, string> = {
  organization_department: '组织部门',
  department: '部门',
  committee: '常委会',
  system: '系统定时器',
};

/**
 * The case record (纪实) as a readable Chinese document: every step, who took it, when and why.
 * Plain text, so it prints, archives and diffs well.
 */
export function renderRecordDocument(view: CaseView): string {
  const lines = [
    `干部选拔任用工作纪实 · ${trackNames[view.track].label.zh}`,
    '',
    `案件编号：${view.department}/${view.caseId}`,
    `当前状态：${view.label.zh}（${view.label.en}）${view.status === 'closed' ? '，已办结' : '，办理中'}`,
  ];
  if (view.outcome) lines.push(`办理结果：${view.outcome}`);
  lines.push('', '办理过程：');
  for (const entry of view.record) {
    const who = `${entry.actor.name ?? entry.actor.id}（${roleNames[entry.actor.role] ?? entry.actor.role}）`;
    const move = entry.from && entry.to && entry.from !== entry.to ? `，${entry.from} → ${entry.to}` : '';
    lines.push(`${entry.seq}. ${formatChinaDateTime(entry.at)}  ${entry.type}  办理人：${who}${move}`);
    if (entry.reason) lines.push(`   事由：${entry.reason}`);
    if (entry.data) lines.push(`   内容：${JSON.stringify(entry.data)}`);
    if (entry.requestId) lines.push(`   请求编号：${entry.requestId}`);
  }
  if (view.deadlines.length) {
    lines.push('', '待到期事项：');
    for (const d of view.deadlines) lines.push(`- ${d.label.zh}：${formatChinaDateTime(d.at)}（北京时间）`);
  }
  return `${lines.join('\n')}\n`;
}
