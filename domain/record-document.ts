import type { CaseView, RecordEntry } from './case-view';
import { formatChinaDateTime, isIsoDate } from './dates';
import { trackNames } from './tracks/names';

const roleNames: Record<string, string> = {
  organization_department: '组织部门',
  department: '部门',
  committee: '常委会',
  system: '系统定时器',
};

/**
 * When a step happened (as stated: a date alone when only the date was given) and when the service
 * recorded it. Entries from before dated steps have one time, which is both.
 */
function whenOf(entry: RecordEntry): string {
  const occurred = isIsoDate(entry.occurredAt) ? entry.occurredAt : formatChinaDateTime(entry.at);
  return `发生 ${occurred} · 记录 ${formatChinaDateTime(entry.recordedAt ?? entry.at)}`;
}

/**
 * The case record (纪实) as a readable Chinese document: every step, who took it, when it happened and
 * when it was recorded, and why. Plain text, so it prints, archives and diffs well.
 */
export function renderRecordDocument(view: CaseView): string {
  const lines = [
    `干部选拔任用工作纪实 · ${trackNames[view.track].label.zh}`,
    '',
    `案件编号：${view.department}/${view.caseId}`,
    `当前状态：${view.label.zh}（${view.label.en}）${view.status === 'closed' ? '，已办结' : '，办理中'}`,
  ];
  if (view.outcome) lines.push(`办理结果：${view.outcome}`);
  lines.push('', '办理过程（北京时间；“发生”为该步骤实际发生的时间，“记录”为本系统记录的时间）：');
  for (const entry of view.record) {
    const who = `${entry.actor.name ?? entry.actor.id}（${roleNames[entry.actor.role] ?? entry.actor.role}）`;
    const move = entry.from && entry.to && entry.from !== entry.to ? `，${entry.from} → ${entry.to}` : '';
    const imported = entry.imported ? '  〔导入 · brought in〕' : '';
    lines.push(`${entry.seq}. ${whenOf(entry)}  ${entry.type}  办理人：${who}${move}${imported}`);
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
