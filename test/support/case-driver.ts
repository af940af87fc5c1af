import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  type WorkflowHandle,
  type WorkflowStartOptions,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Workflow } from '@temporalio/workflow';
import { OutboxFileNotifier, readOutbox } from '../../activities/notifier';
import { FilePersonnelRegistry } from '../../activities/personnel-registry';
import { FileRecordStore } from '../../activities/record-store';
import { type CaseRef, workflowIdFor } from '../../domain/case';
import type { CaseView } from '../../domain/case-view';
import { type CaseEventPayload, eventUpdate, getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import { testSealer } from './keys';
import { freshDataDir, testWorker } from './temporal';

/**
 * Drives any track's case on a time-skipping server: the embedded ports in a temp dir (readable by the
 * test), events sent as Updates, queries polled (a query never moves the server's clock).
 */

/** The embedded ports (personnel registry, notification outbox, record store) in a fresh temp dir, sealed. */
export function filePorts() {
  const dir = freshDataDir();
  const outbox = join(dir, 'outbox.jsonl');
  return {
    dir,
    registry: new FilePersonnelRegistry(join(dir, 'registry.json'), testSealer),
    notifier: new OutboxFileNotifier(outbox, testSealer),
    records: new FileRecordStore(join(dir, 'records'), testSealer),
    notifications: () => readOutbox(outbox, testSealer) as { kind: string; to: string; subject: string }[],
  };
}
export type FilePorts = ReturnType<typeof filePorts>;

/** Sends each event in turn as the case's Update; the case's view (its Query) after the last one. */
export const send = async (handle: WorkflowHandle, ...events: object[]): Promise<CaseView> => {
  for (const event of events) await handle.executeUpdate(sendEventUpdate, { args: [event] });
  return handle.query(getCaseQuery);
};

/**
 * Sends each event in turn as the Update of its own type (VOTE_RECORDED, …), as the API does; the case's
 * view after the last one.
 */
export const sendNamed = async (handle: WorkflowHandle, ...events: object[]): Promise<CaseView> => {
  for (const event of events) {
    const { type, ...payload } = event as { type: string } & CaseEventPayload;
    await handle.executeUpdate(eventUpdate(type), { args: [payload as CaseEventPayload] });
  }
  return handle.query(getCaseQuery);
};

/** The failure of an event the case refuses (its validator throws); fails the test if it was accepted. */
export async function refusal(
  handle: WorkflowHandle,
  event: object,
): Promise<{ type?: string; message: string; details?: unknown[] }> {
  const error = await send(handle, event).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowUpdateFailedError)) {
    throw new Error(
      `expected the case to refuse ${JSON.stringify(event).slice(0, 120)}, got ${String(error)}`,
    );
  }
  return error.cause as unknown as { type?: string; message: string; details?: unknown[] };
}

export const recordOf = (view: CaseView, type: string) => view.record.find((entry) => entry.type === type);

/** Whether the case ran the notify effect of `kind`. */
export const notified = (view: CaseView, kind: string) =>
  view.record.some(
    (entry) =>
      entry.kind === 'effect' &&
      entry.type === 'notify' &&
      (entry.data?.params as { kind?: string } | undefined)?.kind === kind,
  );

/** Polls the case (queries do not move the server's clock) until `done` holds. */
export async function settled(handle: WorkflowHandle, done: (view: CaseView) => boolean): Promise<CaseView> {
  for (let tries = 0; tries < 200; tries++) {
    const view = await handle.query(getCaseQuery);
    if (done(view)) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the case did not settle');
}

/** A closed case whose effects and archiving are done (its record is in the record store). */
export const closedAndArchived = (handle: WorkflowHandle) =>
  settled(handle, (view) => view.status === 'closed' && view.archivedTo !== undefined);

/**
 * Runs `body` with a worker on its own task queue and a started case of `workflow`, terminated afterwards
 * (an open case whose timer fires with no worker polling would stop the server skipping time).
 */
export async function withCase<W extends Workflow>(
  env: TestWorkflowEnvironment,
  ports: FilePorts,
  workflow: W,
  input: CaseRef & Record<string, unknown>,
  body: (handle: WorkflowHandle<W>) => Promise<void>,
): Promise<void> {
  const taskQueue = `case-${randomUUID()}`;
  const worker = await testWorker(env, taskQueue, ports);
  await worker.runUntil(async () => {
    const options = { taskQueue, workflowId: workflowIdFor(input), args: [input] };
    const handle = await env.client.workflow.start(workflow, options as unknown as WorkflowStartOptions<W>);
    try {
      await body(handle);
    } finally {
      await handle.terminate('test finished').catch(() => undefined);
    }
  });
}
