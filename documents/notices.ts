import type { CaseView } from '../domain/case-view';
import { chinaDateOf } from '../domain/dates';
import type { PersonalFacts } from '../domain/facts/personal';
import { genderWords, voteSubjectsOf } from './approval-form';
import { contextObject, nameResolver, peopleOf, proposedPostOf, writtenPost } from './case-facts';
import { type FiledDocument, paragraph } from './document';
import type { Terms } from './terms';
import { writtenDate, writtenMonth } from './written';

/**
 * The texts the organization department publishes: the 考察预告 (inspection notice, 六公开: time,
 * content, procedure, standard, number of posts, requirements) and the 任前公示 (pre-appointment
 * publicity: the person, the proposed post, the period counted on the calendar, the channels to report,
 * and for 破格 its grounds). Each exists once its step has been recorded; before, there is nothing to
 * publish (`undefined`).
 */

/** 12380: the organization departments' national reporting line and site, the channel every notice names. */
const REPORTING_CHANNELS = '12380举报电话、12380举报网站（www.12380.gov.cn）、来信来访';

export function inspectionNotice(view: CaseView, issuer: string): FiledDocument | undefined {
  const notice = contextObject(view, 'inspectionNotice');
  const choice = contextObject(view, 'inspectionChoice');
  if (!notice || !choice) return undefined;
  const nameOf = nameResolver(view);
  const ids = Array.isArray(choice.candidateIds) ? choice.candidateIds.map(String) : [];
  const people = peopleOf(view).filter((person) => ids.includes(person.id));
  return {
    title: '考察预告',
    header: [],
    sections: [
      {
        blocks: [
          paragraph(
            `根据工作需要，经研究，决定对下列同志进行考察，拟任${writtenPost(proposedPostOf(view))}（职位${notice.numberOfPosts}个）：`,
            true,
          ),
          ...people.map((person) =>
            paragraph(`${nameOf(person.id)}，现任${writtenPost(person.currentPost)}。`, true),
          ),
          paragraph(`一、考察时间：${notice.time}`, true),
          paragraph(`二、考察内容：${notice.content}`, true),
          paragraph(`三、考察程序：${notice.procedure}`, true),
          paragraph(`四、考察标准：${notice.standard}`, true),
          paragraph(`五、职位数：${notice.numberOfPosts}个`, true),
          paragraph(`六、任职要求：${notice.requirements}`, true),
          paragraph(
            `考察期间，如对考察对象有意见或者反映问题，可通过${REPORTING_CHANNELS}向${issuer}反映。反映问题应当实事求是，以个人名义反映的提倡署实名。`,
            true,
          ),
          paragraph(issuer),
          paragraph(writtenDate(chinaDateOf(String(notice.publishedAt))), false),
        ],
      },
    ],
    signatures: [],
  };
}

export function publicityNotice(view: CaseView, issuer: string, terms: Terms): FiledDocument | undefined {
  const window = contextObject(view, 'publicity');
  if (!window || window.exempt || typeof window.opensOn !== 'string') return undefined;
  const subjects = voteSubjectsOf(view);
  const days = Array.isArray(window.workingDaysCounted) ? window.workingDaysCounted.length : 0;
  const candidates = Array.isArray(view.context.candidates)
    ? (view.context.candidates as Array<Record<string, unknown>>)
    : [];
  return {
    title: '干部任前公示',
    header: [],
    sections: [
      {
        blocks: [
          paragraph('根据《党政领导干部选拔任用工作条例》，经研究，现将下列拟任职干部予以公示：', true),
          ...subjects.map((person) => {
            const facts = (person.personalFacts ?? {}) as Partial<PersonalFacts>;
            const about = [
              person.name,
              facts.gender ? genderWords[facts.gender] : undefined,
              facts.ethnicity,
              facts.birthMonth ? `${writtenMonth(facts.birthMonth)}生` : undefined,
              facts.nativePlace ? `${facts.nativePlace}人` : undefined,
              facts.education?.fullTime?.degree ?? facts.education?.inService?.degree,
              facts.partyJoinedMonth ? `${writtenMonth(facts.partyJoinedMonth)}入党` : undefined,
              facts.workStartedMonth ? `${writtenMonth(facts.workStartedMonth)}参加工作` : undefined,
              `现任${writtenPost(person.currentPost)}`,
            ].filter((part) => part);
            const briefing = candidates.find((c) => c.id === person.id)?.briefing as
              | { exceptional?: { grounds?: string } }
              | undefined;
            const exceptional = briefing?.exceptional?.grounds
              ? `（破格提拔，理由：${terms.value(briefing.exceptional.grounds)}）`
              : '';
            return paragraph(
              `${about.join('，')}，拟任${writtenPost(proposedPostOf(view))}${exceptional}。`,
              true,
            );
          }),
          paragraph(
            `公示时间：${writtenDate(window.opensOn)}至${writtenDate(String(window.lastWorkingDay))}（${days}个工作日）${window.provisional ? '。其间节假日安排尚未公布，公示期以公布后的安排为准' : ''}。`,
            true,
          ),
          paragraph(
            `公示期间，如对公示对象有意见或者反映问题，可通过${REPORTING_CHANNELS}向${issuer}反映。反映问题应当实事求是，以个人名义反映的提倡署实名。`,
            true,
          ),
          paragraph(issuer),
          paragraph(writtenDate(window.opensOn)),
        ],
      },
    ],
    signatures: [],
  };
}
