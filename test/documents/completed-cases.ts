import type { CaseView } from '../../domain/case-view';
import type { PersonalFacts } from '../../domain/facts/personal';
import { CaseSession } from '../../workflows/session/case-session';
import { demotionTrack } from '../../workflows/tracks/demotion';
import { probationTrack } from '../../workflows/tracks/probation';
import { promotionTrack } from '../../workflows/tracks/promotion';
import { rotationTrack } from '../../workflows/tracks/rotation';
import type { AnyTrackSpec } from '../../workflows/tracks/spec';
import { orgDept, passingProbationReview, probationStart } from '../support/cases';
import {
  counts,
  datedOn,
  e,
  evaluate,
  input,
  inspected,
  nominate,
  readyForVote,
  review,
  votes,
} from '../support/promotion-fixtures';
import { demotion, demotionStart, rotation, rotationStart } from '../support/track-fixtures';

/**
 * Cases of every track run to their end through the real machines (the case session, no server): the
 * views the documents are written from. A "TIMER" step fires the case's next timer.
 */
const T = '2026-02-11T02:00:00.000Z';

/** What the department sends for 甲 with the nomination: every box of the approval form. */
export const personalFactsOfJia: PersonalFacts = {
  gender: 'female',
  birthMonth: '1984-07',
  ethnicity: '汉族',
  nativePlace: '浙江绍兴',
  birthPlace: '浙江杭州',
  partyJoinedMonth: '2006-06',
  workStartedMonth: '2007-07',
  health: '健康',
  professionalTitle: '高级会计师',
  education: {
    fullTime: { degree: '大学 经济学学士', school: '浙江大学经济学院财政学专业' },
    inService: { degree: '研究生 管理学硕士', school: '中央党校经济管理专业' },
  },
  resume: [
    { from: '2003-09', to: '2007-07', what: '浙江大学经济学院财政学专业学习' },
    { from: '2007-07', to: '2019-12', what: '区财政局预算科科员、副科长' },
    { from: '2020-01', what: '区财政局A科科长' },
  ],
  rewardsAndPunishments: '2022年被评为全区优秀共产党员',
  annualAssessments: [
    { year: 2023, grade: 'excellent' },
    { year: 2024, grade: 'competent' },
    { year: 2025, grade: 'excellent' },
  ],
};

type Step = Record<string, unknown> | 'TIMER';

function runToEnd(spec: AnyTrackSpec, start: object, steps: Step[]): CaseView {
  const startInput = spec.vocabulary.startSchema.parse(start) as Record<string, unknown>;
  const session = new CaseSession(
    spec,
    `${startInput.department}/${startInput.caseId}`,
    startInput,
    { startedBy: orgDept, requestId: 'req-start' },
    T,
  );
  for (const step of steps) {
    if (step === 'TIMER') {
      const timer = session.nextTimer();
      if (!timer || !session.fireTimer(timer, timer.at))
        throw new Error(`no timer fired at ${session.state}`);
      continue;
    }
    const at = typeof step.at === 'string' ? step.at : T;
    session.apply(session.check({ ...step, at }, at));
    for (let effect = session.takeEffect(); effect; effect = session.takeEffect())
      session.recordEffect(effect, at);
  }
  return session.view();
}

/** A promotion from the motion to the appointment talk: four nominees, 丁 fails review, 甲 is appointed. */
export const completedPromotion = (): CaseView =>
  runToEnd(promotionTrack, input, [
    e.motion,
    nominate('A', {
      nominee: {
        id: 'A',
        name: '甲',
        currentPost: nominate('A').nominee.currentPost,
        personalFacts: personalFactsOfJia,
      },
    }),
    nominate('B'),
    nominate('C'),
    nominate('D'),
    e.closeNominations,
    review('A'),
    review('B'),
    review('C'),
    review('D', { lastAnnualAppraisal: 'basically_competent' }),
    e.concludeReview,
    e.recommendation(),
    e.choose('A', 'B'),
    e.notice,
    'TIMER',
    evaluate('A', counts.clear),
    inspected('A'),
    evaluate('B', counts.clear),
    inspected('B'),
    e.conclude('A'),
    e.consulted,
    ...readyForVote('A').map((step) => datedOn('2026-02-11', step)),
    votes.passes,
    e.publicity,
    'TIMER',
    e.appoint,
    e.talk,
  ]);

export const completedRotation = (): CaseView =>
  runToEnd(rotationTrack, rotationStart({ caseId: 'rot-1' }), [
    rotation.propose(),
    rotation.consulted,
    rotation.passes,
    rotation.talk('2026-02-11'),
  ]);

export const completedDemotion = (): CaseView =>
  runToEnd(demotionTrack, demotionStart({ caseId: 'dem-1' }), [
    demotion.verified,
    demotion.talk(),
    demotion.propose('removal', { removalGrounds: 'accountability' }),
    demotion.passes,
    // Rules edition 4: 复核 maintained, then a 申诉, extended and upheld: the removal is reversed.
    { ...demotion.reviewRequested, at: '2026-02-20T02:00:00.000Z' },
    { ...demotion.reviewDecided('maintained'), at: '2026-03-05T02:00:00.000Z' },
    { ...demotion.appealFiled, at: '2026-03-10T02:00:00.000Z' },
    { ...demotion.appealExtended(20), at: '2026-04-20T02:00:00.000Z' },
    { ...demotion.appealDecided('revoked'), at: '2026-05-20T02:00:00.000Z' },
  ]);

export const completedProbation = (): CaseView =>
  runToEnd(probationTrack, probationStart({ caseId: 'prob-1', startsOn: '2026-02-11' }), [
    'TIMER',
    'TIMER',
    'TIMER',
    { type: 'REVIEW_PASSED', actor: orgDept, ...passingProbationReview },
  ]);
