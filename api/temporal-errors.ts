import {
  type Client,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseView } from '../domain/case-view';
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

/** The gRPC status of a failed call; the client wraps some (a ServiceError with the gRPC error as its cause). */
function grpcCodeOf(error: unknown): number | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return isGrpcServiceError(error) ? error.code : isGrpcServiceError(cause) ? cause.code : undefined;
}

/** No such workflow (or, for an Update, no such running workflow). */
export const isNotFound = (error: unknown): boolean =>
  error instanceof WorkflowNotFoundError || grpcCodeOf(error) === GRPC_NOT_FOUND;

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
  // Temporal itself is up: if the case reads as closed, the event lost to the close.
  const closedMeanwhile = grpcCode === GRPC_UNAVAILABLE && (await readIfExists(client, workflowId));
  if (isNotFound(error) || (closedMeanwhile && closedMeanwhile.legalEvents.length === 0)) {
    // NOT_FOUND also answers an Update sent to a case that has already closed.
    const closed = await readIfExists(client, workflowId);
    if (closed) {
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
    // An Update can be dropped as its case closes while the case still runs its last effects: the case
    // exists, so this is not "no case" — it is closing, and a retry will read it closed.
    if (await exists(client, workflowId)) {
      throw new ApiError(
        503,
        'unavailable',
        `Case ${workflowId} is closing; retry to read how it ended`,
        {},
        1,
      );
    }
    throw new ApiError(404, 'not_found', `No case ${workflowId}`);
  }
  if (grpcCode === GRPC_FAILED_PRECONDITION) {
    throw new ApiError(
      503,
      'unavailable',
      `Case ${workflowId} cannot answer now: its workflow task is failing (operators: see the case in the Temporal UI)`,
      {},
      30,
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
  throw error;
}

async function readIfExists(client: Client, workflowId: string): Promise<CaseView | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await handle.query(getCaseQuery);
  } catch {}
  // A closed case's Query needs a worker to replay it, which a busy or absent worker may not do in time;
  // Temporal itself still knows the case and its last stage.
  try {
    const description = await handle.describe();
    const settled = (description.searchAttributes as Record<string, unknown[]>).CaseOutcome?.[0];
    // Running its last effects with its outcome settled: closed, as far as any event is concerned.
    if (description.status.name === 'RUNNING' && settled === undefined) return undefined;
    const stage = String(
      (description.searchAttributes as Record<string, unknown[]>).CaseStage?.[0] ?? 'closed',
    );
    return { state: stage, label: { zh: stage, en: stage }, legalEvents: [] } as unknown as CaseView;
  } catch {
    return undefined;
  }
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
