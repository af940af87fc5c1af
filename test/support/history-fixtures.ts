import { addDays, addMonths, chinaDateOf } from '../../domain/dates';
import type { StartCase, StartHistoryStep } from '../../domain/start';
import { probationStart } from './cases';
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
} from './promotion-fixtures';
import { demotion, demotionStart, rotation, rotationStart } from './track-fixtures';

/**
 * Cases already under way, as a department system brings them in (POST /v1/cases with `history`): each
 * track's start and the steps it took before, dated back from today. The fixtures' own `at` stamps are
 * dropped (the host stamps), and so is every actor but those the caller may not stand in for.
 */

/** A fixture event as a history step on `day`: its dates (heldOn, checkedOn…) that day too. */
function step(day: string, event: object, extra: Record<string, unknown> = {}): StartHistoryStep {
  const { at: _at, ...rest } = datedOn(day, event as Record<string, unknown>);
  return { ...rest, occurredAt: day, ...extra } as StartHistoryStep;
}

export const today = () => chinaDateOf(Date.now());

/**
 * A promotion from its motion (`daysAgo` days ago) through a passed vote: it waits in publicity.pending.
 * The inspection notice's timer falls due between two of its steps and fires between them.
 */
export function promotionThroughTheVote(caseId: string, daysAgo = 40) {
  const d = (n: number) => addDays(today(), n - daysAgo);
  const reviewed = (id: string) => step(d(2), review(id, { asOf: d(2) }));
  const { publishedAt: _notAt, ...notice } = e.notice;
  const history: StartHistoryStep[] = [
    step(d(0), e.motion),
    step(d(1), nominate('A')),
    step(d(1), nominate('B')),
    step(d(1), nominate('C')),
    step(d(1), e.closeNominations),
    reviewed('A'),
    reviewed('B'),
    reviewed('C'),
    step(d(2), e.concludeReview),
    step(d(3), e.recommendation()),
    step(d(3), e.choose('A', 'B')),
    // No publishedAt: the notice went up when the step happened. Three days' notice: inspection from d(8).
    step(d(4), notice),
    step(d(8), evaluate('A', counts.clear)),
    step(d(8), inspected('A')),
    step(d(8), evaluate('B', counts.clear)),
    step(d(8), inspected('B')),
    step(d(8), e.conclude('A')),
    step(d(9), e.consulted),
    ...readyForVote('A').map((event) => step(d(10), event)),
    step(d(11), votes.passes),
  ];
  const start = { track: 'promotion', ...input, caseId } as StartCase;
  return { start: { ...start, history }, votedOn: d(11) };
}

/** A rotation proposed and consulted on: it waits for the committee's vote. */
export function rotationAtTheVote(caseId: string, daysAgo = 20) {
  const d = (n: number) => addDays(today(), n - daysAgo);
  const history = [step(d(0), rotation.propose()), step(d(3), rotation.consulted)];
  return { ...rotationStart({ caseId }), track: 'rotation', history } as StartCase;
}

/** A demotion whose trigger was verified and whose talk was held: it waits for the proposal. */
export function demotionAtTheProposal(caseId: string, daysAgo = 15) {
  const d = (n: number) => addDays(today(), n - daysAgo);
  const history = [step(d(0), demotion.verified), step(d(5), demotion.talk())];
  return { ...demotionStart({ caseId }), track: 'demotion', history } as StartCase;
}

/**
 * A probation that began a year and ten days ago, with a report filed and cleared while it ran: its
 * expiry fell ten days ago, so it is in review once brought in (the expiry fires at once).
 */
export function probationInReview(caseId: string) {
  const startsOn = addDays(addMonths(today(), -12), -10);
  const d = (n: number) => addDays(startsOn, n);
  const history = [
    step(d(30), {
      type: 'REPORT_FILED',
      actor: { id: 'fin-hr', role: 'department' },
      reportId: 'R-1',
      channel: 'mailbox',
      summary: '反映问题',
    }),
    step(d(40), { type: 'VERIFICATION_CLEARED', reportId: 'R-1', findings: '经核查，反映问题不属实' }),
  ];
  return {
    start: {
      track: 'probation',
      ...probationStart({ caseId, startsOn }),
      occurredAt: startsOn,
      history,
    } as StartCase,
    startsOn,
  };
}
