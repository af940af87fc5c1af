import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../domain/case';
import type { CaseView } from '../../domain/case-view';
import { chinaDateOf } from '../../domain/dates';
import type { PromotionInput } from '../../machines/promotion';
import { promotionCase } from '../../workflows/index';
import { getCaseQuery } from '../../workflows/messages';
import { type FilePorts, send, settled, withCase } from './case-driver';
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

export {
  closedAndArchived,
  type FilePorts,
  filePorts,
  notified,
  recordOf,
  send,
  settled,
} from './case-driver';

/**
 * Drives a promotion case on a time-skipping server, step by step, the server's clock moved with `sleep`:
 * to the inspection notice, through it, to the vote, into publicity. Shared by the workflow tests
 * (promotion, calendar) and the replay scenarios; the track-neutral helpers are case-driver.ts's.
 */

export type PromotionHandle = WorkflowHandle<typeof promotionCase>;

/** The fixtures' promotion case under a fresh case id. */
export const promotionInput = (overrides: Partial<PromotionInput> = {}): PromotionInput => ({
  ...input,
  caseId: `p-${randomUUID().slice(0, 8)}`,
  ...overrides,
});

/** Starts a promotion case (the fixtures' case, under a fresh case id) on `taskQueue`. */
export function startPromotion(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  overrides: Partial<PromotionInput> = {},
): Promise<PromotionHandle> {
  const caseInput = promotionInput(overrides);
  return env.client.workflow.start(promotionCase, {
    taskQueue,
    workflowId: workflowIdFor(caseInput),
    args: [caseInput],
  });
}

/** Runs `body` with a worker on its own task queue and a started promotion case, terminated afterwards. */
export function withPromotionCase(
  env: TestWorkflowEnvironment,
  ports: FilePorts,
  body: (handle: PromotionHandle) => Promise<void>,
  overrides: Partial<PromotionInput> = {},
): Promise<void> {
  return withCase(env, ports, promotionCase, { ...promotionInput(overrides) }, body);
}

/** The case's own China date: that of its latest record entry (workflow time). */
async function caseDay(handle: WorkflowHandle): Promise<string> {
  const view = await handle.query(getCaseQuery);
  return chinaDateOf(view.record.at(-1)?.at ?? new Date().toISOString());
}

/**
 * From the end of the notice period to a passed vote, with the gates before it (rules edition 2: the
 * second 酝酿, 凡提四必, the briefing), dated on the case's own day.
 */
export async function inspectAndVote(handle: WorkflowHandle): Promise<CaseView> {
  await send(
    handle,
    evaluate('A', counts.clear),
    inspected('A'),
    evaluate('B', counts.clear),
    inspected('B'),
    e.conclude('A'),
    e.consulted,
  );
  const day = await caseDay(handle);
  return send(handle, ...readyForVote('A').map((event) => datedOn(day, event)), votes.passes);
}

/** The appointment notice and the appointment talk (rules edition 2), on `day`. */
export function appointOn(handle: WorkflowHandle, day: string): Promise<CaseView> {
  return send(handle, { ...e.appoint, noticeDate: day }, datedOn(day, e.talk));
}

/** The steps that need the server's clock; `getEnv` because tests create their server per test. */
export function promotionDriver(getEnv: () => TestWorkflowEnvironment | undefined) {
  const env = () => {
    const current = getEnv();
    if (!current) throw new Error('no time-skipping server is running');
    return current;
  };
  const serverNow = async () => new Date(await env().currentTimeMs()).toISOString();

  /** Moves the server's clock to `instant` (never backwards). */
  async function sleepUntil(instant: string): Promise<void> {
    const now = await env().currentTimeMs();
    const target = Date.parse(instant);
    if (target > now) await env().sleep(target - now);
  }

  /** Motion to the inspection notice, published as the case starts. */
  async function toInspectionNotice(handle: WorkflowHandle): Promise<CaseView> {
    const today = (await serverNow()).slice(0, 10);
    const reviewed = (id: string) => review(id, { asOf: today });
    await send(
      handle,
      datedOn(today, e.motion),
      nominate('A'),
      nominate('B'),
      nominate('C'),
      e.closeNominations,
    );
    await send(handle, reviewed('A'), reviewed('B'), reviewed('C'), e.concludeReview);
    await send(handle, e.recommendation(), e.choose('A', 'B'));
    return send(handle, { ...e.notice, publishedAt: await serverNow() });
  }

  /** Lets the notice period run out (its own timer) until the case is in inspection. */
  async function throughInspectionNotice(handle: WorkflowHandle): Promise<CaseView> {
    const notice = (await handle.query(getCaseQuery)).deadlines.find((d) => d.timer === 'inspectionNotice');
    if (!notice) throw new Error('the case has no inspection notice running');
    await sleepUntil(new Date(Date.parse(notice.at) + 60_000).toISOString());
    return settled(handle, (view) => view.state === 'inspection');
  }

  /** Motion to a passed vote, the case waiting in publicity.pending. */
  async function toPublicityPending(handle: WorkflowHandle): Promise<CaseView> {
    await toInspectionNotice(handle);
    await throughInspectionNotice(handle);
    return inspectAndVote(handle);
  }

  /** Publishes the pre-appointment notice now, on the server's clock. */
  async function publish(handle: WorkflowHandle): Promise<CaseView> {
    return send(handle, { ...e.publicity, publishedAt: await serverNow() });
  }

  return { serverNow, sleepUntil, toInspectionNotice, throughInspectionNotice, toPublicityPending, publish };
}
