import { z } from 'zod';
import { labelSchema } from '../domain/label';

const errorObjectSchema = z.object({
  status: z.number().int().min(400).max(599),
  code: z.enum([
    'malformed_json',
    'invalid_request',
    'unauthenticated',
    'forbidden',
    'rate_limited',
    'case_limit_reached',
    'not_found',
    'illegal_transition',
    'case_exists_with_different_content',
    'case_closed',
    'document_not_ready',
    'payload_too_large',
    'unsupported_media_type',
    'method_not_allowed',
    'header_fields_too_large',
    'malformed_request',
    'unavailable',
    'internal',
  ]),
  message: z.string(),
  requestId: z.string().optional(),
  /** For invalid_request: each field path and what is wrong with it; for case_exists_with_different_content, each differing field. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For illegal_transition and case_closed: where the case is and what it accepts now. */
  state: z.string().optional(),
  label: labelSchema.optional(),
  legalEvents: z.array(z.string()).optional(),
  /** For a start whose `history` was refused: the step (its index in `history`) and its type. */
  step: z.object({ index: z.number().int(), type: z.string() }).optional(),
});

/** The one JSON error shape every failing response has. */
export const errorBodySchema = z.object({ error: errorObjectSchema });
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type ErrorCode = ErrorBody['error']['code'];
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 431 | 500 | 503;

/**
 * The error shape of a refused event (409): the case's state and the events it accepts now, always
 * there (an empty list once the case is closed).
 */
export const refusalBodySchema = z.object({
  error: errorObjectSchema.extend({
    status: z.literal(409),
    code: z.enum(['illegal_transition', 'case_closed']),
    state: z.string(),
    label: labelSchema,
    legalEvents: z.array(z.string()),
  }),
});

/** Thrown anywhere in a handler; the app's error handler renders it. */
export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<ErrorBody['error'], 'status' | 'code' | 'message'> = {},
    /** Sent as Retry-After: when a 429 or 503 is worth trying again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  body(requestId?: string): ErrorBody {
    return {
      error: { status: this.status, code: this.code, message: this.message, requestId, ...this.extra },
    };
  }
}

function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}

export const invalidRequest = (error: z.ZodError) =>
  new ApiError(
    422,
    'invalid_request',
    `Invalid request: ${zodIssues(error)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ')}`,
    { issues: zodIssues(error) },
  );

/**
 * What each error status means, as the document says it. The statuses that every route of a kind can
 * give (401, 405, 422, 429, 431, 503; 400, 413, 415 with a body) come from the middleware and are added
 * to every operation by api/openapi/document.ts; a route lists the ones of its own (403, 404, 409).
 */
export const errorDescriptions: Record<Exclude<ErrorStatus, 500>, string> = {
  400: 'Malformed JSON, or a request the HTTP parser cannot read',
  401: 'No token, or an unknown one',
  403: "The case belongs to another department than the caller's, or the committee tried to start a case (it records votes only)",
  429: "Too many requests from this credential, or too many events in flight at one case (Temporal's limit), or the case holds as much as one case may (case_limit_reached); retry after the Retry-After seconds where given",
  404: 'No such case',
  409: 'Conflict with the case as it stands: for an event, not legal in the current state (the body names the state and the events legal now); for a document, the case has not reached the step that yields it (document_not_ready)',
  405: 'Method not allowed on this path (Allow lists the methods that are)',
  413: 'Body too large',
  415: 'The body is not JSON (send Content-Type: application/json)',
  422: 'Invalid content (the body names each field and why), or a string holding a control character or a lone UTF-16 surrogate',
  431: 'The request line or the headers are larger than the server reads (16 KiB)',
  503: "Temporal is unreachable, or did not answer before the deadline (the case's worker may be down); retry after the Retry-After seconds, with the same X-Request-Id for an event",
};

/** Seconds to wait before retrying: on every 503, and on a 429 that waiting cures. */
const retryAfter = (required: boolean) => ({
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    required,
    schema: { type: 'integer' as const, minimum: 0 },
  },
});
export const retryAfterHeaders: Partial<Record<ErrorStatus, ReturnType<typeof retryAfter>>> = {
  // A 429 for a case that holds as much as one case may (case_limit_reached) has none: waiting does not help.
  429: retryAfter(false),
  503: retryAfter(true),
};

/** OpenAPI response entries for the error statuses a route can give. */
export const errorResponses = (...statuses: Exclude<ErrorStatus, 500>[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: errorDescriptions[status],
        ...(retryAfterHeaders[status] ? { headers: retryAfterHeaders[status] } : {}),
        content: { 'application/json': { schema: errorBodySchema } },
      },
    ]),
  );

/** The 409 of a route that sends an event to a case: the refusal, with the state and the events legal now. */
export const refusalResponse = {
  409: {
    description: errorDescriptions[409],
    content: { 'application/json': { schema: refusalBodySchema } },
  },
};
