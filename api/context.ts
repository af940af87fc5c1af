import { OpenAPIHono } from '@hono/zod-openapi';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { CaseOrigin, Track } from '../domain/case';
import type { PublicityWindowPreview } from '../domain/holiday-calendar';
import type { YearSchedule } from '../domain/holiday-schedule';
import { requireCleanStrings } from './clean-text';
import type { Credential } from './credentials';
import { invalidRequest } from './errors';
import type { TemporalDeadlines } from './temporal-connection';

/** Why a start that carries earlier steps is refused, as the dry run found it (status 409 or 422). */
export interface StartRefusal {
  status: 409 | 422;
  message: string;
  /** The step refused: its index in `history` and its type. */
  step?: { index: number; type: string };
  issues?: { path: string; message: string }[];
  state?: string;
  label?: { zh: string; en: string };
  legalEvents?: string[];
}

/**
 * What the API asks of the machines, which api/ does not import (the starter wires them, as it computes
 * builtInCalendarYears): worker/api-machines.ts.
 */
export interface ApiMachines {
  /**
   * A start with a date or earlier steps, run as the case would run it (the track's machine, the case
   * session) but touching nothing: undefined when the case would start, else why it would not. The API
   * refuses such a start before any workflow exists, so a refused one leaves none behind.
   */
  checkStart(
    start: { track: Track; input: object; origin: CaseOrigin },
    now: string,
  ): StartRefusal | undefined;
  /** The publicity window (machines/calendar) over the built-in calendar and the loaded `schedules`. */
  publicityWindow(
    input: { publishedAt: string; workingDays: number; publicationDayCounts: boolean },
    schedules: readonly YearSchedule[],
  ): Omit<PublicityWindowPreview, 'publishedAt' | 'workingDays' | 'loadedYears'>;
}

/** What the service is built from; the process that starts the API (bin/, tests, bench) supplies it. */
export interface ApiDeps {
  client: Client;
  taskQueue: string;
  logger: Logger;
  credentials: Credential[];
  /**
   * Years the built-in holiday calendar covers, served by GET /v1/calendar until a first year is loaded
   * (before that the calendar workflow does not exist to say so). The starter computes it from
   * machines/calendar, which api/ does not import.
   */
  builtInCalendarYears: readonly number[];
  /** The machines' answers the API needs before a workflow exists (see ApiMachines). */
  machines: ApiMachines;
  /** Requests per minute per credential (default: CADRE_RATE_LIMIT_PER_MINUTE, else 600). */
  rateLimitPerMinute?: number;
  /**
   * Failed authentications per minute per client address before 429 (default:
   * CADRE_FAILED_AUTH_LIMIT_PER_MINUTE, else 60).
   */
  failedAuthenticationsPerMinute?: number;
  /**
   * The key of the name hash that search by name uses (api/name-keys.ts): bin/start.ts passes the data
   * folder's. Default: CADRE_SEARCH_KEY, else a key of this process only.
   */
  searchKey?: string;
  /** Who issues the published notices, e.g. 中共某区委组织部 (default: CADRE_DOCUMENT_ISSUER, else 组织部). */
  documentIssuer?: string;
  /**
   * The worker of this process, when the process runs one (bin/start.ts): readiness is 503 the moment it
   * is not running, rather than once Temporal notices its polls stopped (up to 90 s).
   */
  worker?: { getState(): string };
  /** How long a request waits for Temporal (default: api/temporal-connection.ts). */
  deadlines?: TemporalDeadlines;
}

/** What a request carries through the middleware: its id and the authenticated caller. */
export type AppEnv = { Variables: { requestId: string; caller: Credential } };

/**
 * A router of the service: routes declared with zod, mounted with `app.route(...)`. A request that fails
 * its schema is the caller's mistake: 422 with each field's path; so is a string it keeps that is not
 * clean text (a control character, a lone surrogate).
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error);
      requireCleanStrings(result.data, result.target);
    },
  });
}
