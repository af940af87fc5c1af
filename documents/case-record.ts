import type { CaseView, RecordEntry } from '../domain/case-view';
import { readOccurredAt } from '../domain/dates';
import { trackNames } from '../domain/tracks/names';
import { nameResolver, peopleInPlay, peopleOf, proposedPostOf, writtenPost } from './case-facts';
import { decisionsOf } from './decisions';
import { type Block, type FiledDocument, paragraph, type Section } from './document';
import { Terms } from './terms';
import { type NameOf, writtenDate, writtenDateTime, writtenFields } from './written';

/** The lines a clerk signs under a record or a form. */
const SIGNATURES = ['经办人', '审核人', '负责人'];

/**
 * The 纪实 (干部选拔任用工作全程纪实): the case's header, what was decided, and every step in order with
 * the date it happened and the date it was recorded, who acted and what the step recorded — in Chinese
 * throughout (DOMAIN.md "Documents the department files"). The view passed in is already what the caller
 * may read (api/confidentiality.ts), so a department's copy carries no report content.
 */
export function caseRecordDocument(view: CaseView, terms = new Terms()): FiledDocument {
  const nameOf = nameResolver(view);
  return {
    title: '干部选拔任用工作纪实',
    subtitle: `（${trackNames[view.track].label.zh}）`,
    header: headerOf(view, terms),
    sections: [
      { heading: '一、办理结果', blocks: decisionsOf(view, terms, nameOf) },
      {
        heading: '二、办理过程',
        blocks: view.record.flatMap((entry) => stepBlocks(view, entry, terms, nameOf)),
      },
      ...pendingSection(view),
    ],
    signatures: SIGNATURES,
    footnote: `本纪实由干部选拔任用工作系统根据案件记录生成，共${view.record.length}项。`,
  };
}

function headerOf(view: CaseView, terms: Terms): FiledDocument['header'] {
  const people = peopleInPlay(view);
  const nominators = [...new Set(peopleOf(view).flatMap((person) => person.nominators))];
  const rows: FiledDocument['header'] = [
    ['案件编号', `${view.department}/${view.caseId}`],
    ['类别', trackNames[view.track].label.zh],
    [view.track === 'promotion' ? '人选' : '干部', people.map((p) => p.name).join('、') || '尚无'],
  ];
  const current = people
    .filter((person) => person.currentPost)
    .map((person) => `${people.length > 1 ? `${person.name}：` : ''}${writtenPost(person.currentPost)}`);
  if (current.length) rows.push(['现任职务', current.join('；')]);
  const proposed = proposedPostOf(view);
  if (proposed) rows.push([view.track === 'probation' ? '试用职务' : '拟任职务', writtenPost(proposed)]);
  if (nominators.length) rows.push(['提名人', nominators.join('、')]);
  rows.push(['当前阶段', `${view.label.zh}（${view.status === 'closed' ? '已办结' : '办理中'}）`]);
  if (view.outcome) rows.push(['办理结果', terms.value(view.outcome) ?? view.label.zh]);
  return rows;
}

function stepBlocks(view: CaseView, entry: RecordEntry, terms: Terms, nameOf: NameOf): Block[] {
  const stages = (view as { stageLabels?: Record<string, { zh: string }> }).stageLabels ?? {};
  const stage = (id: string | undefined) => (id ? (stages[id]?.zh ?? undefined) : undefined);
  const moved =
    entry.from && entry.to && entry.from !== entry.to && stage(entry.from) && stage(entry.to)
      ? `（${stage(entry.from)} → ${stage(entry.to)}）`
      : entry.kind === 'started' && stage(entry.to)
        ? `（进入${stage(entry.to)}）`
        : '';
  const actor =
    entry.actor.role === 'system'
      ? '系统定时'
      : `${entry.actor.name ?? entry.actor.id}（${terms.value(entry.actor.role) ?? '其他'}）`;
  const blocks: Block[] = [
    paragraph(`${entry.seq}. ${terms.step(entry.type)}${moved}`),
    paragraph(
      `办理时间：${writtenOccurredAt(entry)}；记录时间：${writtenDateTime(entry.recordedAt ?? entry.at)}${entry.imported ? '（补录）' : ''}；经办：${actor}`,
      true,
    ),
  ];
  if (entry.reason && !entry.reason.startsWith('timer '))
    blocks.push(paragraph(`事由：${entry.reason}`, true));
  const data =
    entry.kind === 'effect' ? (entry.data?.params as Record<string, unknown> | undefined) : entry.data;
  for (const line of data ? writtenFields(data, terms, nameOf) : []) blocks.push(paragraph(line, true));
  return blocks;
}

/** When the step happened: the date alone where only the date was stated, else date and minute. */
function writtenOccurredAt(entry: RecordEntry): string {
  const occurred = readOccurredAt(entry.occurredAt);
  return occurred?.precision === 'day' ? writtenDate(occurred.day) : writtenDateTime(entry.at);
}

function pendingSection(view: CaseView): Section[] {
  if (!view.deadlines.length) return [];
  return [
    {
      heading: '三、待到期事项',
      blocks: view.deadlines.map((d) => paragraph(`${d.label.zh}：${writtenDateTime(d.at)}（北京时间）`)),
    },
  ];
}
