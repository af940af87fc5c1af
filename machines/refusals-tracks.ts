/**
 * Refusal messages (中文 / English) for the named guards that issue 11 added to the probation, demotion
 * and calendar rules, kept apart from machines/refusals.ts (issue 10) so the two can be joined: spread
 * this table into that one. Each says which rule refused the event.
 */
export const trackRefusals = {
  // Probation (试用期), second rules edition.
  reviewRecorded: {
    zh: '考核须记录民主测评票数和考察结论',
    en: "the review must record the democratic evaluation's counts and the inspection's conclusion",
  },
  reviewPassesByRules: {
    zh: '按测评规则（不满意率超过调整线）或考察结论（不合格），考核未通过',
    en: 'by the rules the review fails: dissatisfaction above the adjustment line, or inspection 不合格',
  },
  passReasonRecorded: {
    zh: '考核按规则未通过，确认任职须写明理由',
    en: 'the review fails by the rules: confirming the cadre needs a recorded reason',
  },
  reviewSupportsConfirmation: {
    zh: '确认任职须有完整的考核记录，按规则未通过的须写明理由',
    en: 'confirmation needs the recorded review, and a reason when the rules fail it',
  },
  mayReturnAfterReview: {
    zh: '退回须依据记录完整的考核',
    en: 'a cadre is returned on a recorded review only',
  },
  findingAcceptable: {
    zh: '试用期发现的问题须有编号（且未使用过），经组织部门核实后方可退回',
    en: 'a finding needs an id not used before; it holds the case until the organization department verifies it',
  },
  // Demotion and exit (降职、免职), second rules edition.
  oneLevelForIncompetence: {
    zh: '年度考核不称职的，应当降职使用，且只降一个层次',
    en: 'an annual assessment of 不称职 means demotion by exactly one level',
  },
  removalGroundsStated: {
    zh: '免职须写明符合启动情形的免职事由；其他处理不写免职事由',
    en: 'a removal names its grounds, fitting the trigger; other outcomes name none',
  },
  outcomeFitsCause: {
    zh: '处理结果须与启动情形相符（不称职降一级；免职写明事由）',
    en: 'the outcome must fit its cause (不称职: one level down; removal: its grounds)',
  },
  // 复核 and 申诉 after a 降职 or 免职 (fourth rules edition).
  rulesOfFourthEdition: {
    zh: '此规则仅适用于第四版规则下的案件',
    en: 'this rule applies only to cases under the fourth rules edition',
  },
  outcomeOpenToRecourse: {
    zh: '只有降职、免职可以申请复核、提出申诉（公务员法第九十五条）',
    en: 'only a 降职 or 免职 is open to 复核 and 申诉 (公务员法 art. 95)',
  },
  opensRecourse: {
    zh: '降职、免职决定生效后可以申请复核、提出申诉',
    en: 'a 降职 or 免职 in effect is open to 复核 and 申诉',
  },
  withinRecoursePeriod: {
    zh: '申请复核或者直接提出申诉，应当自知道该人事处理之日起三十日内提出；对复核结果不服的，应当自接到复核决定之日起十五日内提出申诉（公务员法第九十五条）',
    en: 'a request for 复核, or a direct 申诉, is made within 30 days of learning of the decision; a 申诉 after a 复核 within 15 days of receiving its decision (公务员法 art. 95)',
  },
  rulingMaintains: {
    zh: '复核、申诉决定须写明维持、撤销或者变更原处理决定，并说明理由',
    en: 'a 复核 or 申诉 decision maintains, revokes or changes the decision, with its reasons',
  },
  rulingReverses: {
    zh: '复核、申诉决定须写明维持、撤销或者变更原处理决定，并说明理由',
    en: 'a 复核 or 申诉 decision maintains, revokes or changes the decision, with its reasons',
  },
  extensionAllowed: {
    zh: '申诉案情复杂的，可以在处理期限届满前延长一次，延长时间不得超过三十日（公务员法第九十六条）',
    en: 'a complex 申诉 may be extended once, before its deadline passes, by at most 30 days (公务员法 art. 96)',
  },
} as const satisfies Record<string, { zh: string; en: string }>;
