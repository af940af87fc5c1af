import {
  type ConnectionOptions,
  defaultGrpcRetryOptions,
  type GrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';

/**
 * How the API's connection to Temporal retries, and how long a request waits for it.
 *
 * The SDK's default retries an UNAVAILABLE call ten times with backoff, about 20 s, and a
 * RESOURCE_EXHAUSTED one for longer: a department system would wait that long for a 500. The API
 * answers for Temporal instead: it retries briefly (a blip, a leader change), then says 503 with
 * Retry-After, and Temporal's limit on in-flight Updates is passed straight on as 429.
 */
const GRPC_RESOURCE_EXHAUSTED = 8;
const backoff = defaultGrpcRetryOptions({ maxAttempts: 5 });

/**
 * UNAVAILABLE: two retries (Temporal restarting, a leader moving), then 503. RESOURCE_EXHAUSTED: four
 * quick ones, since most are momentary (a Query while the case's workflow task is in flight finds
 * Temporal's one-query buffer full), then 429 (the limit on Updates in flight at one case). Either way
 * under 2 s in all, jitter included.
 */
export const apiRetryPolicy: GrpcRetryOptions = {
  // 170, 289, 400, 400 ms, ±20 %. (The SDK's own delay function ignores a maximum interval.)
  delayFunction: (attempt) => Math.min(400, 100 * 1.7 ** attempt) * (0.8 + Math.random() * 0.4),
  retryableDecider: (attempt, status) =>
    backoff.retryableDecider(attempt, status) && (status.code === GRPC_RESOURCE_EXHAUSTED || attempt < 3),
};

export function apiConnectionOptions(): Pick<ConnectionOptions, 'interceptors'> {
  return { interceptors: [makeGrpcRetryInterceptor(apiRetryPolicy)] };
}

/**
 * Deadlines of a request's Temporal calls: reads, `callMs`; what waits for a case to act (an event's
 * Update, a start, a calendar load), `actMs`. Past it the API answers 503 instead of hanging.
 */
export interface TemporalDeadlines {
  callMs: number;
  actMs: number;
}

export const defaultDeadlines: TemporalDeadlines = { callMs: 5_000, actMs: 15_000 };
