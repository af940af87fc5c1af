import type { Track } from '../case';
import type { Label } from '../label';

/**
 * What every stage of every track is called, by the stage's id as a case's `CaseStage` search attribute
 * holds it (the machine's state, dotted for a nested one): the same words as the machines' own
 * `meta.label` (the deepest one that applies), for the API when it cannot ask the case itself (a closed
 * case whose Query no worker answers in time, so only Temporal's description of it is at hand). The API
 * may not import the machines (the dependency rule), so the words are kept here too, and
 * test/machines/stage-labels.test.ts fails when a machine's state and this table part ways.
 */
export const stageLabels = {
  promotion: {
    motion: { zh: '动议', en: 'Motion' },
    nomination: { zh: '初始提名', en: 'Nomination' },
    qualificationReview: { zh: '资格审查', en: 'Qualification review' },
    democraticRecommendation: { zh: '民主推荐', en: 'Democratic recommendation' },
    choosingCandidates: { zh: '确定考察对象', en: 'Choosing the candidates to inspect' },
    awaitingInspectionNotice: { zh: '待发布考察预告', en: 'Awaiting the inspection notice' },
    inspectionNotice: { zh: '考察预告期', en: 'Inspection notice period' },
    inspection: { zh: '考察', en: 'Inspection' },
    consultation: { zh: '征求意见', en: 'Consultation of committee members' },
    finalistsPresentation: { zh: '公开选拔：人选陈述答辩', en: 'Open selection: the finalists appear' },
    committeeVote: { zh: '常委会票决', en: 'Committee vote' },
    'publicity.pending': { zh: '待任前公示', en: 'Awaiting pre-appointment publicity' },
    'publicity.open': { zh: '任前公示中', en: 'Pre-appointment publicity' },
    'publicity.held': {
      zh: '公示期间受理举报，核查中',
      en: 'Held: a report made in publicity is being verified',
    },
    'publicity.closedWhileHeld': {
      zh: '公示期满，核查未结，暂缓任职',
      en: 'Publicity closed; appointment waits for verification',
    },
    awaitingAppointment: { zh: '公示期满，待任职', en: 'Awaiting the appointment notice' },
    appointmentTalk: {
      zh: '已发任职通知，待任职谈话',
      en: 'Appointment notice issued; the appointment talk',
    },
    appointed: { zh: '已任职', en: 'Appointed' },
    appointedOnProbation: { zh: '已任职，进入试用期', en: 'Appointed; probation begins' },
    notAppointed: { zh: '举报核查属实，不予任用', en: 'Not appointed: a report was substantiated' },
    noCandidate: {
      zh: '考察对象均已不能任用，未产生人选',
      en: 'No candidate produced: every candidate inspected fell out',
    },
    notApproved: { zh: '常委会票决未通过', en: 'Not approved by the committee' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  rotation: {
    motion: { zh: '动议（交流轮岗）', en: 'Motion: the proposed move' },
    consultation: { zh: '征求意见', en: 'Consultation' },
    committeeVote: { zh: '常委会票决', en: 'Committee vote' },
    noticeAndTalk: { zh: '通知与谈话', en: 'Notice and talk' },
    transferred: { zh: '已交流到位', en: 'Transferred' },
    notApproved: { zh: '常委会票决未通过', en: 'Not approved by the committee' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  demotion: {
    verification: { zh: '核实', en: 'Verifying the trigger' },
    talk: { zh: '谈话与申辩', en: 'Talk with the cadre; defence' },
    proposal: { zh: '提出处理意见', en: 'Proposing the outcome' },
    committeeVote: { zh: '常委会票决', en: 'Committee vote' },
    effective: { zh: '决定生效', en: 'In effect' },
    openToReview: { zh: '决定生效（复核、申诉期内）', en: 'In effect; open to 复核 and 申诉' },
    reviewPending: { zh: '复核中（原决定照常执行）', en: '复核 pending; the decision stays in force' },
    maintainedOnReview: { zh: '复核维持原决定（申诉期内）', en: 'Maintained on 复核; open to 申诉' },
    appealPending: { zh: '申诉处理中（原决定照常执行）', en: '申诉 pending; the decision stays in force' },
    recourseEnded: {
      zh: '决定生效（复核、申诉期已满，公务员法第九十五条）',
      en: 'In effect; the period for 复核 and 申诉 has passed (公务员法 art. 95)',
    },
    maintainedOnAppeal: { zh: '申诉维持原处理决定', en: 'In effect; maintained on 申诉 (appeal)' },
    reversed: {
      zh: '原处理决定已撤销（复核或申诉），恢复原职务',
      en: 'Reversed on 复核 or 申诉; the former post restored',
    },
    notSubstantiated: { zh: '经核实不予处理', en: 'Not substantiated: no action' },
    notApproved: { zh: '常委会票决未通过', en: 'Not approved by the committee' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  probation: {
    serving: { zh: '试用期中', en: 'On probation' },
    review: { zh: '试用期满考核', en: 'Probation review' },
    reviewOverdue: { zh: '考核逾期（已预警）', en: 'Review overdue (escalated)' },
    confirmed: { zh: '正式任职', en: 'Confirmed in post' },
    returned: { zh: '退回原单位', en: 'Returned to the pre-probation post' },
  },
} as const satisfies Record<Track, Record<string, Label>>;

/** A stage's label; a stage the table does not know (a track of a later release) keeps its id as its name. */
export function stageLabel(track: string | undefined, stage: string): Label {
  const labels = (stageLabels as Record<string, Record<string, Label> | undefined>)[track ?? ''];
  return labels?.[stage] ?? { zh: stage, en: stage };
}
