import {
  ApplicationFailure,
  condition,
  defineQuery,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseView } from '../../domain/case-view';
import { getCaseQuery, IllegalTransition, sendEventUpdate } from '../../workflows/messages';
import { CaseStage, CaseTrack } from '../../workflows/search-attributes';

/**
 * Stand-ins for cases, for the calendar fan-out's tests: each sits in the stage it is given, answers the
 * cases' Query and sendEvent Update, and keeps every event it accepted. Bundled for a worker of their own.
 */
export interface FakeCaseInput {
  stage: string;
  legalEvents: string[];
  /** Its Query fails this many times first (a case that cannot answer for a moment). */
  failQueries?: number;
  /** Its Update validator refuses every event (a case whose machine says no). */
  refuse?: boolean;
}

export const receivedQuery = defineQuery<unknown[]>('received');

export async function fakeCase(input: FakeCaseInput): Promise<void> {
  const received: unknown[] = [];
  let failQueries = input.failQueries ?? 0;
  upsertSearchAttributes([
    { key: CaseTrack, value: 'promotion' },
    { key: CaseStage, value: input.stage },
  ]);
  const view = () =>
    ({
      workflowId: workflowInfo().workflowId,
      state: input.stage,
      status: 'open',
      legalEvents: input.legalEvents,
    }) as CaseView;
  setHandler(getCaseQuery, () => {
    // A test double only: a real Query never changes state.
    if (failQueries > 0) {
      failQueries--;
      throw new Error('not now');
    }
    return view();
  });
  setHandler(receivedQuery, () => received);
  setHandler(
    sendEventUpdate,
    (event) => {
      received.push(event);
      return { ...view(), applied: [], following: [] };
    },
    {
      validator: (_event) => {
        if (input.refuse) {
          throw ApplicationFailure.create({ type: IllegalTransition, message: 'refused by the fake case' });
        }
      },
    },
  );
  await condition(() => false);
}
