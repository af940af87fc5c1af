import {
  type Client,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseView } from '../domain/case-view';
import { stageLabel } from '../domain/tracks/stage-labels';
import { CaseLimitReached, getCaseQuery, IllegalTransition, InvalidEvent } from '../workflows/messages';
import { ApiError } from './errors';

/**
 * Turns what Temporal says into what a department system can act on. Whatever a client sends must
 * end in a 4xx here, never a 500.
 */
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_NOT_FOUND = 5;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_UNAVAILABLE = 14;
/** The failure type of an Update Temporal itself rejects: handed to a worker that did not take it up. */
const UNPROCESSED_UPDATE = 'UnprocessedUpdate';

/** The gRPC status of a failed call; the client wraps some (a ServiceError with the gRPC error as its cause). */
function grpcCodeOf(error: unknown): number | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return isGrpcServiceError(error) ? error.code : isGrpcServiceError(cause) ? cause.code : undefined;
}

/** No such workflow (or, for an Update, no such running workflow). */
export const isNotFound = (error: unknown): boolean =>
  error instanceof WorkflowNotFoundError || grpcCodeOf(error) === GRPC_NOT_FOUND;

/**
 * An Update Temporal dropped because its case closed as it arrived (handed to the worker in the task that
 * closed the case), or sent to a case that closed (NOT_FOUND): the case did not take it.
 */
export const isDroppedByClose = (error: unknown): boolean =>
  isNotFound(error) ||
  (error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === UNPROCESSED_UPDATE);

/**
 * Temporal down, slow, or at its limit: a 503 or 429 with Retry-After, never a 500. Undefined for any
 * other error. A deadline passed is the request's own (api/temporal-connection.ts): Temporal or the case's
 * worker did not answer in time, and the event may still apply, so the caller retries with the same
 * X-Request-Id, which Temporal dedupes.
 */
export function temporalUnavailable(error: unknown): ApiError | undefined {
  const code = grpcCodeOf(error);
  if (code === GRPC_UNAVAILABLE) {
    return new ApiError(503, 'unavailable', 'Temporal is unreachable; retry later', {}, 5);
  }
  // CANCELLED: the client gave the call up at the deadline (a Query the case's dead worker never answered).
  if (
    code === GRPC_DEADLINE_EXCEEDED ||
    code === GRPC_CANCELLED ||
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError
  ) {
    return new ApiError(
      503,
      'unavailable',
      "Temporal did not answer before this request's deadline (the case's worker may be down or busy); " +
        'retry later, an event with the same X-Request-Id',
      {},
      2,
    );
  }
  if (code === GRPC_RESOURCE_EXHAUSTED) {
    return new ApiError(
      429,
      'rate_limited',
      `Temporal refused the call for now (its limit on concurrent work, e.g. Updates in flight at one case): ${
        (error as Error).message
      }`,
      {},
      1,
    );
  }
  return undefined;
}

export async function translateTemporalError(
  error: unknown,
  client: Client,
  workflowId: string,
): Promise<never> {
  const grpcCode = grpcCodeOf(error);
  // An Update in flight when its case closes is answered UNAVAILABLE ("workflow is closing"), though
  // Temporal itself is up. Whether the event applied before the close cannot be told from here (an
  // answer lost on its way is UNAVAILABLE too): the caller retries with the same request id, which,
  // once the case has closed, Temporal answers with the event's outcome if it applied, or NOT_FOUND
  // (the 409 below) if it did not.
  if (grpcCode === GRPC_UNAVAILABLE) {
    const closing = await readIfExists(client, workflowId);
    if (closing && closing.legalEvents.length === 0) {
      throw new ApiError(
        503,
        'unavailable',
        `Case ${workflowId} is closing (${closing.label.en}); retry (an event with the same X-Request-Id: its answer says whether it applied)`,
        {},
        1,
      );
    }
  }
  if (isNotFound(error)) {
    // NOT_FOUND also answers an Update sent to a case that has already closed.
    // (A case found running after all was started in between: not closed, and there now.)
    const closed = await readIfExists(client, workflowId);
    if (closed && closed.legalEvents.length === 0) {
      throw new ApiError(
        409,
        'case_closed',
        `Case ${workflowId} is closed (${closed.label.en}); it accepts no events`,
        {
          state: closed.state,
          label: closed.label,
          legalEvents: [],
        },
      );
    }
    // An Update can be dropped as its case closes while the case still runs its last effects, and a case
    // can start between two calls (a child its parent opens): it exists, so this is not "no case" — it
    // is closing or just starting, and a retry will read it.
    if (closed || (await exists(client, workflowId))) {
      throw new ApiError(
        503,
        'unavailable',
        `Case ${workflowId} is closing or just starting; retry to read it`,
        {},
        1,
      );
    }
    throw new ApiError(404, 'not_found', `No case ${workflowId}`);
  }
  // Temporal's "workflow not ready": the case's workflow task is being tried again, most often because the
  // worker that had it died (its next worker takes it within seconds), or it has not run its first task
  // yet; only if it lasts is the task failing for good.
  if (grpcCode === GRPC_FAILED_PRECONDITION) {
    throw new ApiError(
      503,
      'unavailable',
      `Case ${workflowId} cannot answer now: its workflow task is being retried (a worker died mid-task, or the case is just starting); if this lasts, operators see the case in the Temporal UI`,
      {},
      2,
    );
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const details = (failure.details?.[0] ?? {}) as {
      state?: string;
      label?: { zh: string; en: string };
      legalEvents?: string[];
      issues?: { path: string[]; message: string }[];
    };
    if (failure.type === IllegalTransition) {
      throw new ApiError(409, 'illegal_transition', failure.message, {
        state: details.state,
        label: details.label,
        legalEvents: details.legalEvents,
      });
    }
    if (failure.type === CaseLimitReached) {
      // Not the credential's rate: this case is full. No Retry-After, since waiting does not help.
      throw new ApiError(429, 'case_limit_reached', failure.message, { state: details.state });
    }
    if (failure.type === InvalidEvent) {
      throw new ApiError(422, 'invalid_request', failure.message, {
        issues: details.issues?.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
  }
  if (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === UNPROCESSED_UPDATE
  ) {
    // Refused by Temporal, not by the case: an Update it had handed to the case's worker when the case
    // closed in that same workflow task ("rejected because it wasn't processed by worker"). The event
    // did not apply: it lost to the close if the case reads closed; else the caller tries again.
    const standing = await readIfExists(client, workflowId);
    if (standing && standing.legalEvents.length === 0) {
      throw new ApiError(
        409,
        'case_closed',
        `Case ${workflowId} closed (${standing.label.en}) as this event arrived; it accepts no events`,
        {
          state: standing.state,
          label: standing.label,
          legalEvents: [],
        },
      );
    }
    throw new ApiError(
      503,
      'unavailable',
      `Temporal dropped the event before the case took it (${error.cause?.message ?? error.message}); retry, with the same X-Request-Id`,
      {},
      1,
    );
  }
  throw error;
}

/** Where a case stands, as far as an event is concerned. */
type Standing = Pick<CaseView, 'state' | 'label' | 'legalEvents'>;

/**
 * Where a case stands, if it exists. Temporal's description first: it needs no worker, so a closed case
 * is named at once by its last stage (`CaseStage`, under the stage's own label), whereas its Query needs a
 * worker to replay it, which a busy or absent worker may not do before the request's one deadline runs
 * out (and with it any call after). Only a running case is asked itself.
 */
async function readIfExists(client: Client, workflowId: string): Promise<Standing | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  let attributes: Record<string, unknown[]>;
  let running: boolean;
  try {
    const description = await handle.describe();
    attributes = description.searchAttributes as Record<string, unknown[]>;
    running = description.status.name === 'RUNNING';
  } catch {
    return undefined;
  }
  const stage = String(attributes.CaseStage?.[0] ?? 'closed');
  const track = attributes.CaseTrack?.[0] as string | undefined;
  const lastStage: Standing = { state: stage, label: stageLabel(track, stage), legalEvents: [] };
  if (!running) return lastStage;
  try {
    return await handle.query(getCaseQuery);
  } catch {}
  // Running its last effects with its outcome settled: closed, as far as any event is concerned.
  return attributes.CaseOutcome?.[0] === undefined ? undefined : lastStage;
}

/** Whether the case may exist: only Temporal's own NOT_FOUND says it does not (a deadline says nothing). */
async function exists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    return !isNotFound(error);
  }
}
