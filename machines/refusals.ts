import type { Label } from './meta';
import { trackRefusals } from './refusals-tracks';

/**
 * Each named guard as a person reads it: which rule failed and why, in 中文 and English. A refusal
 * (workflows/session/case-session.ts) quotes the messages of the guards the event failed, never the
 * guard's identifier. test/machines/refusals.test.ts checks that every guard any machine uses is here.
 *
 * Guards that only choose between branches of one event (an evaluation's consequence, a vote's outcome)
 * share one message: when none of them applies, the reason is the record itself.
 */
const voteRecordInvalid: Label = {
  zh: '表决记录须写明表决对象（提交表决多人时）和到会、回避成员名单，且名单与人数一致、亲属已回避',
  en: 'a vote must name whom it is on (when several were put to the vote), and list the members present and recused, matching the figures, with every relative of the candidate recused',
};
const evaluationInvalid: Label = {
  zh: '民主测评对考察中的人选记录，每人一次，且票数须相符',
  en: 'an evaluation is recorded once for each candidate still under inspection, with counts that add up',
};

export const REFUSALS: Record<string, Label> = {
  // ---- who sends (domain/senders.ts): the session refuses a wrong sender in the table's words first ----
  senderPermitted: {
    zh: '发送者的角色不能发送此事项',
    en: "the sender's role may not send this event",
  },
  // ---- editions ----
  rulesOfSecondReview: {
    zh: '此规则仅适用于第二版规则下的案件',
    en: 'this rule applies only to cases under the second rules edition',
  },
  rulesOfThirdEdition: {
    zh: '此规则仅适用于第三版规则下的案件',
    en: 'this rule applies only to cases under the third rules edition',
  },
  // ---- motion and nomination ----
  motionAcceptable: {
    zh: '动议须写明拟任职位和任职条件',
    en: 'a motion must state the post to fill and its conditions',
  },
  motionDeliberated: {
    zh: '动议时须就工作思路、任职条件和人选范围进行酝酿，并写明参与酝酿的人员和时间',
    en: 'the motion must record its deliberation (酝酿) of the principles, conditions and scope of candidates: who took part and when',
  },
  nominationAcceptable: {
    zh: '提名须符合渠道规则：领导干部个人推荐须署名并附书面材料；“两代表一委员”联名推荐至少两人；本人自荐须由本人提出；同一人不得以同一渠道、同一提名人重复提名，前后信息须一致',
    en: 'a nomination must meet its channel’s rule: an individual leader’s nomination must be signed and carry written material, a joint nomination needs at least two nominators, a self-nomination is by the nominee; the same channel and nominators twice, or a second description of the same person that differs, is refused',
  },
  moreNomineesThanPosts: {
    zh: '差额提名：被提名人数须多于职位数',
    en: 'competition (差额) needs more nominees than posts',
  },
  // ---- qualification review ----
  qualificationReviewAcceptable: {
    zh: '资格审查须针对尚未审查的被提名人，所报事实须与本案职位、本人职级一致，审查日期不得晚于当日',
    en: 'a qualification review must be of a nominee not yet reviewed, on facts about this case (the post’s rank, the nominee’s rank), as of a day that has come',
  },
  qualificationReviewComplete: {
    zh: '须审查完全部被提名人，且合格人选多于职位数',
    en: 'every nominee must be reviewed, and more must qualify than there are posts',
  },
  // ---- democratic recommendation ----
  recommendationRanked: {
    zh: '民主推荐参加人数须达到应参加人数的三分之二，票数只计合格人选',
    en: 'a recommendation needs at least two thirds of the listed participants, with tallies for qualified nominees only',
  },
  recommendationParticipationInsufficient: {
    zh: '民主推荐记录须有效：票数只计合格人选',
    en: 'a recommendation record must be valid, with tallies for qualified nominees only',
  },
  // ---- choosing, notice, inspection ----
  inspectionChoiceAcceptable: {
    zh: '考察对象须从合格人选中差额确定（公开选拔至少三人）',
    en: 'the candidates to inspect must be qualified, and more than the posts (three at least in an open selection)',
  },
  inspectionNoticeAcceptable: {
    zh: '考察预告须写明六项内容，针对一个职位，发布时间不得早于确定考察对象、不得晚于当日',
    en: 'the inspection notice must state the six items (六公开), be for one post, and be dated between the choice of candidates and today',
  },
  inspectionReportAcceptable: {
    zh: '考察情况每名考察中的人选报告一次',
    en: 'an inspection report is filed once for each candidate still under inspection',
  },
  inspectionConclusionAcceptable: {
    zh: '考察结论须在每名考察中的人选完成测评和考察报告后作出，并从中提出一名人选（公开选拔三名）',
    en: 'the inspection concludes only once every candidate still in is evaluated and reported on, proposing one of them (three in an open selection)',
  },
  evaluationAdjustsIncumbent: evaluationInvalid,
  evaluationAdjusts: evaluationInvalid,
  evaluationAdmonishes: evaluationInvalid,
  evaluationClears: evaluationInvalid,
  noCandidateLeft: {
    zh: '仍有人选在考察中，不能以“无人选”结束或退回提名',
    en: 'a candidate is still under inspection: the case can neither end for want of a candidate nor return to nomination',
  },
  candidateOutcomeAcceptable: {
    zh: '须说明决定理由',
    en: 'the decision must say why',
  },
  // ---- consultation, open selection ----
  consultationRequired: {
    zh: '重要职位或领导班子职位须在表决前征求常委会成员意见',
    en: 'an important or leadership-team post is consulted on before the vote',
  },
  consultationAcceptable: {
    zh: '征求意见须写明征求人数和意见',
    en: 'a consultation must say how many were consulted and what they said',
  },
  openSelection: {
    zh: '公开选拔的三名人选须在表决前陈述答辩',
    en: 'in an open selection the three finalists appear before the vote',
  },
  finalistsPresentationAcceptable: {
    zh: '陈述答辩的须是考察结论提出的三名人选，回答同一问题',
    en: 'the finalists who appear must be the three the inspection proposed, answering the same question',
  },
  // ---- before the vote (条例 art. 34; 凡提四必) ----
  deliberationAcceptable: {
    zh: '酝酿须针对提交表决的人选（每人记录一次），写明参与人员和时间，时间不得晚于当日',
    en: 'the deliberation must be about someone put to the vote (recorded once each), with who took part and when, not in the future',
  },
  secondDeliberationRecorded: {
    zh: '常委会表决前须就拟任人选再次酝酿（《干部任用条例》第三十四条），未见酝酿记录',
    en: 'before the committee decides, the proposed appointment must be deliberated again (条例 art. 34); no deliberation is on record',
  },
  preVoteCheckAcceptable: {
    zh: '“凡提四必”核查须针对提交表决的人选，写明核查人、时间和结论；纪检监察机关意见须附党组织书记和纪检书记签字的廉洁自律结论',
    en: 'a 凡提四必 check must be of someone put to the vote and say who checked, when, and the conclusion; the discipline opinion must carry the 廉洁自律 conclusion signed by the party secretary and the discipline secretary',
  },
  personnelFileChecked: {
    zh: '干部档案必审：档案审核（含三龄二历一身份）未完成或结论有问题的，不得提交表决',
    en: '干部档案必审: the personnel file check (三龄二历一身份) is outstanding or adverse, so the candidate cannot be put to the vote',
  },
  personalMattersChecked: {
    zh: '个人有关事项报告必核：核查未完成或结论有问题的，不得提交表决',
    en: '个人有关事项报告必核: the personal-matters report check is outstanding or adverse, so the candidate cannot be put to the vote',
  },
  disciplineOpinionHeard: {
    zh: '纪检监察机关意见必听：未听取意见或意见有问题的，不得提交表决',
    en: '纪检监察机关意见必听: the discipline commission’s opinion is outstanding or adverse, so the candidate cannot be put to the vote',
  },
  reportsWithLeadsVerified: {
    zh: '线索具体的信访举报必查：核查未完成或结论有问题的，不得提交表决（没有核实清楚的不上会）',
    en: '线索具体的信访举报必查: the check of reports with a specific lead is outstanding or adverse, so the candidate cannot be put to the vote',
  },
  noReportHoldsTheVote: {
    zh: '表决前收到的举报须核查清楚后方可表决',
    en: 'a report filed before the vote holds it until verified',
  },
  voteBriefingFiled: {
    zh: '提交表决须介绍人选的推荐、考察和任用理由；破格提拔还须说明破格理由（特别优秀或工作特殊需要）并附上级组织部门同意意见',
    en: 'each candidate goes to the vote with the recommendation, inspection and appointment reasons; an exceptional promotion (破格) also with its grounds (特别优秀 or 工作特殊需要) and the superior department’s consent',
  },
  voteBriefingAcceptable: {
    zh: '任用理由须针对提交表决的人选；破格提拔须说明破格理由并附上级组织部门同意意见',
    en: 'the briefing must be on someone put to the vote; for 破格 it carries the grounds and the superior department’s consent',
  },
  subjectStillEligible: {
    zh: '资格审查后受到诫勉、组织处理或处分，仍在影响期内，不得提交表决',
    en: 'an admonishment, organizational measure or sanction recorded after the qualification review bars the candidate from the vote',
  },
  measureAcceptable: {
    zh: '须针对本案人选记录诫勉、组织处理或处分，生效日期不得晚于当日',
    en: 'a measure must concern a candidate of this case and have taken effect by today',
  },
  // ---- the vote ----
  votePassed: voteRecordInvalid,
  voteFailed: voteRecordInvalid,
  voteDeferred: voteRecordInvalid,
  voteVoidNoQuorum: voteRecordInvalid,
  // ---- publicity and supervision ----
  publicationAcceptable: {
    zh: '任前公示须在原单位、拟任单位和媒体三处发布，时间不得早于表决、不得晚于当日',
    en: 'publicity must be in the original unit, the proposed unit and the media, dated after the decision and not in the future',
  },
  publicationProvisional: {
    zh: '公示期所跨年度的节假日安排尚未载入',
    en: 'a year of the window lacks its official holiday notice',
  },
  waiverAcceptable: {
    zh: '只有特殊岗位可以免予公示，并须写明依据',
    en: 'only a special post may waive publicity, stating the basis',
  },
  calendarUpdateAcceptable: {
    zh: '节假日安排只能在公示期内更正正在计算的公示期',
    en: 'holiday data corrects a running publicity window only',
  },
  recomputedWindowStillOpen: {
    zh: '按正式节假日安排重算后公示期仍未届满',
    en: 'recomputed on the official calendar, the window is still open',
  },
  reportAcceptable: {
    zh: '举报编号不得重复',
    en: 'a report needs an id not used before',
  },
  reportHoldsCandidate: {
    zh: '举报涉及尚在程序中的人选，须核查清楚',
    en: 'the report concerns a candidate still in the case, who is held until it is verified',
  },
  verifiesPendingReport: {
    zh: '核查结果须针对待核查的举报作出',
    en: 'a verification result must be for a report still awaiting verification',
  },
  clearsOneOfSeveral: {
    zh: '核查结果须针对待核查的举报作出',
    en: 'a verification result must be for a report still awaiting verification',
  },
  clearsLastPending: {
    zh: '核查结果须针对待核查的举报作出',
    en: 'a verification result must be for a report still awaiting verification',
  },
  noPendingReports: {
    zh: '尚有举报未核查清楚，暂缓任职',
    en: 'a report is still awaiting verification, which holds the appointment',
  },
  // ---- appointment ----
  appointmentAcceptable: {
    zh: '任职通知日期不得早于公示期满（免予公示的，不得早于表决），不得晚于当日',
    en: 'the appointment notice may not predate the end of publicity (or, when waived, the decision), nor be in the future',
  },
  appointsOnProbation: {
    zh: '提拔任职且职位实行试用期的，进入试用期',
    en: 'a promotion into a post that carries probation begins a probation',
  },
  appointeeStillEligible: {
    zh: '表决后受到诫勉、组织处理或处分，仍在影响期内，不得任职',
    en: 'an admonishment, organizational measure or sanction recorded after the qualification review bars the appointment',
  },
  appointmentTalkAcceptable: {
    zh: '任职谈话须写明谈话人、时间和要点，时间不得早于任职通知、不得晚于当日',
    en: 'the appointment talk must say who held it, when and what was said, dated between the appointment notice and today',
  },
  talkOnProbation: {
    zh: '提拔任职且职位实行试用期的，谈话后进入试用期',
    en: 'after the talk, a promotion into a post that carries probation begins a probation',
  },
  // ---- withdrawal ----
  withdrawalAcceptable: {
    zh: '撤回案件须说明理由',
    en: 'a withdrawal must say why',
  },
  // ---- rotation, demotion, probation ----
  newPostFits: {
    zh: '交流任职须为同级职位，且不违反回避规定',
    en: 'a rotation must be to a post at the same level, without an avoidance conflict',
  },
  proposalAcceptable: {
    zh: '交流动议须为同级岗位，事由有事实依据，且不形成回避关系',
    en: 'a rotation is proposed to another post at the same rank, for a reason the facts bear out, creating no line to a relative',
  },
  lateralMove: {
    zh: '交流须为同级别的另一岗位',
    en: 'a rotation moves the cadre to another post at the same rank',
  },
  reasonBorneOut: {
    zh: '交流事由须有事实依据：同一职位任职满十年；现岗位存在回避关系；或培养锻炼',
    en: 'the reason must be borne out: ten full years in the post, an avoidance conflict in the current post, or development',
  },
  createsNoLineToRelative: {
    zh: '交流后不得与配偶或近亲属形成需要回避的关系（直接上下级，或在其领导下从事组织、纪检、审计、财务工作）',
    en: 'the move must not create a line to a spouse or close relative that avoidance (回避) forbids: reporting to them, or organization, discipline, audit or finance work under them',
  },
  outcomeAllowed: {
    zh: '处理方式须为触发事由允许的方式',
    en: 'the outcome must be one the trigger allows',
  },
  triggerCallsForAction: {
    zh: '触发事由须达到调整标准（如测评不满意率超过50%）',
    en: 'the trigger must call for action (e.g. dissatisfaction above 50%)',
  },
  findingsStated: {
    zh: '须写明核实情况',
    en: 'the findings must be stated',
  },
  defenceAnswered: {
    zh: '本人提出申辩的，须对申辩作出答复',
    en: 'a defence the cadre stated must be answered',
  },
  talkAcceptable: {
    zh: '谈话须写明谈话人、时间和要点',
    en: 'a talk must say who held it, when and what was said',
  },
  noticeAndTalkAcceptable: {
    zh: '任职通知和谈话须写明日期，不得早于表决、不得晚于当日',
    en: 'the notice and talk must be dated after the decision and not in the future',
  },
  mayConfirm: {
    zh: '试用期考核须在考核开始、举报核查清楚后作出结论',
    en: 'the probation review concludes once it has opened and no report awaits verification',
  },
  // Rules edition 3 (issue 11): rotation's eligibility, avoidance of the reverse line, inspection recusal.
  rotationEligibilityStated: {
    zh: '交流须报送影响期和“裸官”情况（第三版规则）',
    en: 'a rotation states the influence periods on record and the 裸官 facts (rules edition 3)',
  },
  noInfluencePeriodBarsTheMove: {
    zh: '处于影响期内，不得交流到该职位',
    en: 'an influence period still running bars the move to this post',
  },
  notNakedOfficial: {
    zh: '配偶已移居国(境)外，或没有配偶、子女均已移居国(境)外的（“裸官”），不得交流到该职位',
    en: 'a 裸官 (spouse, or with no spouse every child, emigrated) may not be moved to this post',
  },
  inspectionTeamRecused: {
    zh: '须写明考察组成员；考察组成员与考察对象有亲属关系的，应当回避',
    en: 'the inspection team is named, and a member who is a relative of the candidate recuses',
  },
  // ---- probation, demotion and the calendar (issue 11) ----
  ...trackRefusals,
};

/** The messages for failed guards, each once, in 中文 and English; a guard without one is named as is. */
export function refusalMessages(guards: readonly string[]): Label[] {
  const seen = new Set<string>();
  const out: Label[] = [];
  for (const guard of guards) {
    const message = REFUSALS[guard] ?? { zh: guard, en: guard };
    if (seen.has(message.en)) continue;
    seen.add(message.en);
    out.push(message);
  }
  return out;
}
