import type { CaseView } from '../domain/case-view';
import type { PersonalFacts } from '../domain/facts/personal';
import { contextObject, type Person, peopleOf, proposedPostOf, writtenPost } from './case-facts';
import type { FiledDocument, FormCell } from './document';
import type { Terms } from './terms';
import { writtenMonth } from './written';

/**
 * The 干部任免审批表, one per person put to the vote, in the national form's order of fields (中共中央
 * 组织部 干部任免审批表): the personal facts the department sent with the nomination (or with the
 * cadre), the case's posts and reasons, and the approval boxes the bodies sign. A fact the department did
 * not send is an empty box for the clerk to fill by hand.
 */
export function approvalForms(view: CaseView, terms: Terms): FiledDocument[] {
  return voteSubjectsOf(view).map((person) => approvalForm(view, person, terms));
}

/** Who is or was put to the vote: the vote's subjects, once the case named them. */
export function voteSubjectsOf(view: CaseView): Person[] {
  const subjects = Array.isArray(view.context.voteSubjects)
    ? (view.context.voteSubjects as Array<{ id: string }>).map((s) => s.id)
    : [];
  return peopleOf(view).filter((person) => subjects.includes(person.id));
}

/** 性别, as the form and the notices write it. */
export const genderWords = { male: '男', female: '女' } as const;

function approvalForm(view: CaseView, person: Person, terms: Terms): FiledDocument {
  const facts = (person.personalFacts ?? {}) as Partial<PersonalFacts>;
  const education = facts.education ?? {};
  const cells: FormCell[] = [
    { label: '姓名', value: person.name },
    { label: '性别', value: facts.gender ? genderWords[facts.gender] : '' },
    { label: '出生年月', value: facts.birthMonth ? writtenMonth(facts.birthMonth) : '' },
    { label: '民族', value: facts.ethnicity ?? '' },
    { label: '籍贯', value: facts.nativePlace ?? '' },
    { label: '出生地', value: facts.birthPlace ?? '' },
    { label: '入党时间', value: facts.partyJoinedMonth ? writtenMonth(facts.partyJoinedMonth) : '' },
    { label: '参加工作时间', value: facts.workStartedMonth ? writtenMonth(facts.workStartedMonth) : '' },
    { label: '健康状况', value: facts.health ?? '' },
    { label: '专业技术职务', value: facts.professionalTitle ?? '', span: 2 },
    {
      label: '学历学位（全日制教育）',
      value: education.fullTime ? `${education.fullTime.degree}　${education.fullTime.school}` : '',
      span: 3,
    },
    {
      label: '学历学位（在职教育）',
      value: education.inService ? `${education.inService.degree}　${education.inService.school}` : '',
      span: 3,
    },
    { label: '现任职务', value: writtenPost(person.currentPost), span: 3 },
    { label: '拟任职务', value: proposedFor(view), span: 3 },
    { label: '拟免职务', value: removedFrom(view, person), span: 3 },
    { label: '简历', value: resumeOf(facts), span: 3, tall: true },
    { label: '奖惩情况', value: facts.rewardsAndPunishments || '无', span: 3 },
    { label: '年度考核结果', value: assessmentsOf(facts, terms), span: 3 },
    { label: '任免理由', value: reasonFor(view, person, terms), span: 3 },
    { label: '呈报单位意见', value: '\n\n（盖章）\n　　　　年　　月　　日', span: 3, tall: true },
    { label: '审批机关意见', value: '\n\n（盖章）\n　　　　年　　月　　日', span: 3, tall: true },
    { label: '行政机关任免意见', value: '\n\n（盖章）\n　　　　年　　月　　日', span: 3, tall: true },
  ];
  return {
    title: '干部任免审批表',
    header: [['案件编号', `${view.department}/${view.caseId}`]],
    sections: [{ blocks: [{ kind: 'form', perRow: 3, cells }] }],
    signatures: ['填表人'],
    footnote: '本表由干部选拔任用工作系统根据案件记录和用人单位报送的材料生成；空白处由经办人核实后填写。',
  };
}

function proposedFor(view: CaseView): string {
  if (view.track === 'demotion') {
    const proposal = contextObject(view, 'proposal');
    const newPost = proposal?.newPost as Parameters<typeof writtenPost>[0];
    return newPost ? writtenPost(newPost) : '';
  }
  return writtenPost(proposedPostOf(view));
}

/** A promotion or a rotation relieves the cadre of the post they hold; a demotion or removal too. */
function removedFrom(view: CaseView, person: Person): string {
  return view.track === 'probation' ? '' : writtenPost(person.currentPost);
}

function resumeOf(facts: Partial<PersonalFacts>): string {
  return (facts.resume ?? [])
    .map((line) => `${writtenMonth(line.from)}—${line.to ? writtenMonth(line.to) : '　　　　'}　${line.what}`)
    .join('\n');
}

function assessmentsOf(facts: Partial<PersonalFacts>, terms: Terms): string {
  return (facts.annualAssessments ?? [])
    .map((assessment) => `${assessment.year}年度${terms.value(assessment.grade) ?? ''}`)
    .join('；');
}

/** 任免理由: the briefing's appointment reason, the rotation's reason, the demotion's outcome and grounds. */
function reasonFor(view: CaseView, person: Person, terms: Terms): string {
  const candidates = Array.isArray(view.context.candidates)
    ? (view.context.candidates as Array<Record<string, unknown>>)
    : [];
  const briefing = candidates.find((c) => c.id === person.id)?.briefing as
    | { appointment?: string; exceptional?: { grounds?: string } }
    | undefined;
  if (briefing?.appointment) {
    const exceptional = briefing.exceptional?.grounds
      ? `（破格提拔：${terms.value(briefing.exceptional.grounds)}）`
      : '';
    return `${briefing.appointment}${exceptional}`;
  }
  const proposal = contextObject(view, 'proposal');
  if (view.track === 'rotation' && proposal) return terms.value(String(proposal.rotationReason)) ?? '';
  if (view.track === 'demotion' && proposal) {
    const grounds = proposal.removalGrounds ? `（${terms.value(String(proposal.removalGrounds))}）` : '';
    return `${terms.value(String(proposal.outcome)) ?? ''}${grounds}`;
  }
  return '';
}
