import type { CaseView } from '../domain/case-view';
import { chinaDateOf } from '../domain/dates';
import { contextObject, peopleOf, writtenPost } from './case-facts';
import { type Block, paragraph } from './document';
import type { Terms } from './terms';
import { type NameOf, writtenDate } from './written';

/**
 * What a case decided, step by step, as the 纪实's first section states it: each candidate's
 * qualification result and the rules that failed, the recommendation's ranking, the evaluation's shares,
 * the vote, the publicity period, the appointment — or, for the other tracks, their own decisions. Read
 * from the machine's context, where each step left its result.
 */
export function decisionsOf(view: CaseView, terms: Terms, nameOf: NameOf): Block[] {
  const parts = [
    qualification(view),
    recommendation(view, nameOf),
    inspectionChoice(view, nameOf),
    evaluations(view),
    trigger(view, terms),
    proposal(view, terms),
    review(view, terms),
    vote(view, nameOf),
    publicity(view),
    appointment(view, nameOf),
    influence(view, terms),
    recourse(view, terms),
  ].filter((part): part is Part => part !== undefined);
  if (!parts.length) return [paragraph('尚无决定事项。')];
  return parts.flatMap((part, i) => [
    paragraph(`（${CHINESE_ORDINALS[i] ?? i + 1}）${part.heading}`),
    ...part.blocks,
  ]);
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

interface Part {
  heading: string;
  blocks: Block[];
}

const percent = (value: unknown) => (typeof value === 'number' ? `${Math.round(value * 10) / 10}%` : '—');

function qualification(view: CaseView): Part | undefined {
  const reviewed = peopleOf(view).filter((person) => person.qualification);
  if (!reviewed.length) return undefined;
  return {
    heading: '资格审查',
    blocks: reviewed.map((person) => {
      const failures = person.qualification?.failures ?? [];
      return paragraph(
        failures.length
          ? `${person.name}：不符合资格条件。${failures.map((f) => f.messageZh ?? f.message).join('；')}。`
          : `${person.name}：符合资格条件${person.qualification?.exceptional ? '（破格）' : ''}。`,
        true,
      );
    }),
  };
}

function recommendation(view: CaseView, nameOf: NameOf): Part | undefined {
  const result = contextObject(view, 'recommendation');
  const ranking = Array.isArray(result?.ranking) ? (result.ranking as Array<Record<string, unknown>>) : [];
  if (!result || !ranking.length) return undefined;
  const participation = result.participation as { participationPercent?: number } | undefined;
  return {
    heading: '民主推荐',
    blocks: [
      paragraph(`参加率${percent(participation?.participationPercent)}。推荐得分排序：`, true),
      {
        kind: 'table',
        columns: ['名次', '人选', '综合得分'],
        rows: ranking.map((row) => [
          `${row.rank}${row.tied ? '（并列）' : ''}`,
          nameOf(String(row.nomineeId)),
          typeof row.score === 'number' ? row.score.toFixed(2) : '—',
        ]),
      },
    ],
  };
}

function inspectionChoice(view: CaseView, nameOf: NameOf): Part | undefined {
  const choice = contextObject(view, 'inspectionChoice');
  const ids = Array.isArray(choice?.candidateIds) ? choice.candidateIds.map(String) : [];
  if (!ids.length) return undefined;
  const decision = typeof choice?.decision === 'string' ? `（${choice.decision}）` : '';
  return { heading: '确定考察对象', blocks: [paragraph(`${ids.map(nameOf).join('、')}${decision}。`, true)] };
}

function evaluations(view: CaseView): Part | undefined {
  const evaluated = peopleOf(view).filter((person) => person.evaluation?.outcome);
  if (!evaluated.length) return undefined;
  return {
    heading: '民主测评',
    blocks: [
      {
        kind: 'table',
        columns: ['人选', '满意率', '不满意率'],
        rows: evaluated.map((person) => [
          person.name,
          percent(person.evaluation?.outcome?.satisfactionPercent),
          percent(person.evaluation?.outcome?.dissatisfactionPercent),
        ]),
      },
    ],
  };
}

function trigger(view: CaseView, terms: Terms): Part | undefined {
  const cause = contextObject(view, 'trigger');
  if (!cause) return undefined;
  const verification = contextObject(view, 'verification');
  const found =
    verification === undefined
      ? '尚待核实'
      : verification.substantiated
        ? `经核实属实（${verification.findings}）`
        : `经核实不属实（${verification.findings}）`;
  return {
    heading: '启动情形',
    blocks: [paragraph(`${terms.value(String(cause.kind)) ?? '其他情形'}，${found}。`, true)],
  };
}

function proposal(view: CaseView, terms: Terms): Part | undefined {
  const proposed = contextObject(view, 'proposal');
  // A promotion's proposal is its second 酝酿, recorded step by step; rotation and demotion propose here.
  if (!proposed || view.track === 'promotion' || view.track === 'probation') return undefined;
  if (view.track === 'rotation') {
    return {
      heading: '交流方案',
      blocks: [
        paragraph(
          `交流原因：${terms.value(String(proposed.rotationReason)) ?? '其他'}；拟任职务：${writtenPost(proposed.proposedPost as never)}。`,
          true,
        ),
      ],
    };
  }
  const grounds = proposed.removalGrounds
    ? `，免职事由：${terms.value(String(proposed.removalGrounds))}`
    : '';
  return {
    heading: '处理意见',
    blocks: [paragraph(`${terms.value(String(proposed.outcome)) ?? '其他'}${grounds}。`, true)],
  };
}

function review(view: CaseView, terms: Terms): Part | undefined {
  const done = contextObject(view, 'review');
  if (!done) return undefined;
  const evaluation = done.evaluation as { outcome?: Record<string, unknown> } | undefined;
  const inspection = done.inspection as { conclusion?: string; summary?: string } | undefined;
  const lines = [
    `考核结论：${done.conclusion === 'passed' ? '合格' : '不合格'}。`,
    evaluation?.outcome
      ? `民主测评满意率${percent(evaluation.outcome.satisfactionPercent)}，不满意率${percent(evaluation.outcome.dissatisfactionPercent)}。`
      : undefined,
    inspection?.conclusion
      ? `考察结论：${terms.value(inspection.conclusion)}${inspection.summary ? `，${inspection.summary}` : ''}。`
      : undefined,
    typeof done.passReason === 'string' ? `确认合格的理由：${done.passReason}` : undefined,
  ].filter((line): line is string => line !== undefined);
  return { heading: '试用期考核', blocks: lines.map((line) => paragraph(line, true)) };
}

function vote(view: CaseView, nameOf: NameOf): Part | undefined {
  const result = contextObject(view, 'vote');
  if (!result) return undefined;
  const counts = result.counts as Record<string, number>;
  const outcome =
    result.outcome === 'passed'
      ? '通过'
      : result.outcome === 'deferred'
        ? '暂缓'
        : result.quorumMet === false
          ? '到会人数不足，未表决'
          : '未通过';
  return {
    heading: '讨论决定',
    blocks: [
      paragraph(
        `表决对象：${nameOf(String(result.subjectId))}。应到${counts.shouldAttend}人，实到${counts.present}人，回避${counts.recused ?? 0}人；同意${counts.for}票，不同意${counts.against}票，缓议${counts.defer}票（须${result.votesNeededToPass}票同意）。表决结果：${outcome}。`,
        true,
      ),
    ],
  };
}

function publicity(view: CaseView): Part | undefined {
  const window = contextObject(view, 'publicity');
  if (!window) return undefined;
  if (window.exempt) return { heading: '任前公示', blocks: [paragraph('依规不予公示。', true)] };
  const days = Array.isArray(window.workingDaysCounted) ? window.workingDaysCounted.length : 0;
  return {
    heading: '任前公示',
    blocks: [
      paragraph(
        `公示期${writtenDate(String(window.opensOn))}至${writtenDate(String(window.lastWorkingDay))}，共${days}个工作日${window.provisional ? '（节假日安排尚未公布，期限为暂定）' : ''}。`,
        true,
      ),
    ],
  };
}

function appointment(view: CaseView, nameOf: NameOf): Part | undefined {
  const issued = contextObject(view, 'appointment') ?? contextObject(view, 'talk');
  if (!issued || typeof issued.noticeDate !== 'string') return undefined;
  const who = issued.cadreId ? `${nameOf(String(issued.cadreId))}，` : '';
  return { heading: '任职', blocks: [paragraph(`${who}${writtenDate(issued.noticeDate)}发文。`, true)] };
}

function influence(view: CaseView, terms: Terms): Part | undefined {
  const effect = contextObject(view, 'influence');
  type Period = { restriction: string; from: string; lastBlockedDate: string };
  const periods = Array.isArray(effect?.periods) ? (effect.periods as Period[]) : [];
  if (!periods.length) return undefined;
  const restriction: Record<string, string> = {
    no_leading_post: '不得安排领导职务',
    not_above_former_rank: '不得提拔或者担任高于原任职务层次的职务',
    no_promotion: '不得提拔',
  };
  const measure = effect?.measure as { kind?: string } | undefined;
  const lifted = typeof effect?.liftedOn === 'string' ? effect.liftedOn : undefined;
  return {
    heading: '影响期',
    blocks: [
      paragraph(`组织处理：${terms.value(String(measure?.kind)) ?? '其他'}。`, true),
      ...periods.map((period) =>
        paragraph(
          `${restriction[period.restriction] ?? '受限'}：${writtenDate(period.from)}至${writtenDate(period.lastBlockedDate)}。`,
          true,
        ),
      ),
      ...(lifted ? [paragraph(`原处理决定已撤销，影响期自${writtenDate(lifted)}起解除。`, true)] : []),
    ],
  };
}

type Decided = { ruling?: string; reasons?: string; change?: string; at?: string };
type Pending = {
  at?: string;
  grounds?: string;
  organ?: string;
  decisionDue?: { lastDay?: string };
  overdueWarnedAt?: string;
  extension?: { days?: number; grounds?: string; at?: string };
  decision?: Decided;
};

/** A 复核 or 申诉 decision, as the record states it: the ruling, its date and reasons, and any change. */
function rulingLine(what: string, decision: Decided | undefined, terms: Terms): string {
  if (!decision?.at) return `${what}尚未作出决定。`;
  const change = decision.change ? `变更内容：${decision.change}。` : '';
  return `${writtenDate(chinaDateOf(decision.at))}作出${what}决定：${terms.value(String(decision.ruling)) ?? '其他'}。理由：${decision.reasons}。${change}`;
}

/**
 * 复核 and 申诉 (rules edition 4): the period the decision opened, each request with its date and grounds,
 * the deadline and any warning past it, the decision, and a reversal with the post restored.
 */
function recourse(view: CaseView, terms: Terms): Part | undefined {
  const record = contextObject(view, 'recourse');
  if (!record) return undefined;
  const period = record.period as { lastDay?: string } | undefined;
  const review = record.review as Pending | undefined;
  const appeal = record.appeal as Pending | undefined;
  const reversal = record.reversal as { on?: string; at?: string } | undefined;
  const lines: string[] = [];
  if (!review && !appeal)
    lines.push(
      `处理决定自作出之日起执行。干部本人可在${writtenDate(String(period?.lastDay))}前申请复核或者直接提出申诉（复核、申诉期间不停止执行）。`,
    );
  if (review?.at) {
    lines.push(
      `${writtenDate(chinaDateOf(review.at))}申请复核，理由：${review.grounds}。复核决定期限至${writtenDate(String(review.decisionDue?.lastDay))}${review.overdueWarnedAt ? '（已逾期，已预警）' : ''}。`,
      rulingLine('复核', review.decision, terms),
    );
    if (review.decision?.ruling === 'maintained' && !appeal)
      lines.push(`可在${writtenDate(String(period?.lastDay))}前提出申诉。`);
  }
  if (appeal?.at) {
    const extension = appeal.extension?.at
      ? `因${appeal.extension.grounds}，于${writtenDate(chinaDateOf(appeal.extension.at))}延长${appeal.extension.days}日，`
      : '';
    lines.push(
      `${writtenDate(chinaDateOf(appeal.at))}${review ? '对复核决定不服，' : '不经复核，直接'}向${appeal.organ}提出申诉，理由：${appeal.grounds}。${extension}处理期限至${writtenDate(String(appeal.decisionDue?.lastDay))}${appeal.overdueWarnedAt ? '（已逾期，已预警）' : ''}。`,
      rulingLine('申诉处理', appeal.decision, terms),
    );
  }
  if (reversal?.at) {
    const post = contextObject(view, 'currentPost');
    lines.push(
      `经${reversal.on === 'review' ? '复核' : '申诉'}，原处理决定自${writtenDate(chinaDateOf(reversal.at))}起撤销，恢复原职务：${writtenPost(post as never)}。`,
    );
  }
  return { heading: '复核与申诉', blocks: lines.map((line) => paragraph(line, true)) };
}
