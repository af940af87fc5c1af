import { z } from 'zod';

/** The one JSON error shape every failing response has. */
export const errorBodySchema = z.object({
  error: z.object({
    status: z.number().int(),
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
      'unavailable',
      'internal',
    ]),
    message: z.string(),
    requestId: z.string().optional(),
    /** For invalid_request: each field path and what is wrong with it; for case_exists_with_different_content, each differing field. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** For illegal_transition and case_closed: where the case is and what it accepts now. */
    state: z.string().optional(),
    label: z.object({ zh: z.string(), en: z.string() }).optional(),
    legalEvents: z.array(z.string()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type ErrorCode = ErrorBody['error']['code'];
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

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

/** OpenAPI response entries for the error statuses a route can give. */
export const errorResponses = (...statuses: Exclude<ErrorStatus, 500>[]) => {
  const descriptions: Record<number, string> = {
    400: 'Malformed JSON',
    401: 'No token, or an unknown one',
    403: "The case belongs to another department than the caller's, or the committee tried to start a case (it records votes only)",
    429: "Too many requests from this credential, or too many events in flight at one case (Temporal's limit), or the case holds as much as one case may (case_limit_reached); retry after the Retry-After seconds where given",
    404: 'No such case',
    409: 'Illegal transition: the event is not legal in the current state (the body names the state and the legal events)',
    405: 'Method not allowed on this path (Allow lists the methods that are)',
    413: 'Body too large',
    415: 'The body is not JSON (send Content-Type: application/json)',
    422: 'Invalid content (the body names each field and why)',
    503: "Temporal is unreachable, or did not answer before the deadline (the case's worker may be down); retry after the Retry-After seconds, with the same X-Request-Id for an event",
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: descriptions[status] as string,
        content: { 'application/json': { schema: errorBodySchema } },
      },
    ]),
  );
};
