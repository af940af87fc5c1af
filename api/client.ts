import type { z } from 'zod';
import type { DocumentKind } from '../documents/index';
import { type CaseListQuery, caseListSchema, ledgerSchema } from '../domain/case-list';
import { type CaseView, caseViewSchema, type EventOutcome, eventOutcomeSchema } from '../domain/case-view';
import {
  type CalendarCoverage,
  type CalendarLoadResult,
  calendarCoverageSchema,
  calendarLoadResultSchema,
  type PublicityWindowPreview,
  publicityWindowPreviewSchema,
} from '../domain/holiday-calendar';
import type { YearSchedule } from '../domain/holiday-schedule';
import type { ApiEvent, StartCase } from '../domain/start';
import { type ErrorBody, errorBodySchema } from './errors';

/**
 * The typed client for department systems, built on the API's own schemas: requests are typed by
 * them, responses are parsed by them, and failures arrive as CadreApiError with the API's error body.
 *
 *   const cadre = new CadreClient({ baseUrl: 'http://127.0.0.1:3000', token: process.env.CADRE_TOKEN });
 *   const view = await cadre.startCase({ track: 'probation', ... });
 *   await cadre.sendEvent({ department, caseId }, { type: 'REVIEW_PASSED' });
 */
export class CadreApiError extends Error {
  readonly status: number;
  readonly code: ErrorBody['error']['code'] | 'unexpected_response' | 'unreachable';
  readonly body?: ErrorBody['error'];
  /** For `unreachable`: what the network said (ECONNREFUSED, a timeout…). */
  networkCause?: string;

  constructor(
    status: number,
    body: ErrorBody['error'] | undefined,
    fallback: string,
    code: 'unexpected_response' | 'unreachable' = 'unexpected_response',
  ) {
    super(body?.message ?? fallback);
    this.name = 'CadreApiError';
    this.status = status;
    this.code = body?.code ?? code;
    this.body = body;
  }

  /** For a 409: the case's state and the events legal now. */
  get legalEvents(): string[] | undefined {
    return this.body?.legalEvents;
  }
}

export interface CadreClientOptions {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

export interface CaseKey {
  department: string;
  caseId: string;
}

const casePath = ({ department, caseId }: CaseKey) =>
  `/v1/cases/${encodeURIComponent(department)}/${encodeURIComponent(caseId)}`;

export class CadreClient {
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: CadreClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
  }

  /** Starts a case; `created` is false when the department's case id already existed (idempotent). */
  async startCase(start: StartCase): Promise<{ created: boolean; case: CaseView }> {
    const { status, data } = await this.call('POST', '/v1/cases', caseViewSchema, start);
    return { created: status === 201, case: data };
  }

  /** Sends an event; the answer is where the case stands and what the event added (getCase for the rest). */
  async sendEvent(key: CaseKey, event: ApiEvent): Promise<EventOutcome> {
    return (await this.call('POST', `${casePath(key)}/events`, eventOutcomeSchema, event)).data;
  }

  async getCase(key: CaseKey): Promise<CaseView> {
    return (await this.call('GET', casePath(key), caseViewSchema)).data;
  }

  async listCases(query: Partial<CaseListQuery> = {}): Promise<z.infer<typeof caseListSchema>> {
    const params = new URLSearchParams(
      Object.entries(query)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]): [string, string] => [key, String(value)]),
    );
    return (await this.call('GET', `/v1/cases?${params}`, caseListSchema)).data;
  }

  async ledger(nominator: string): Promise<z.infer<typeof ledgerSchema>> {
    return (await this.call('GET', `/v1/nominators/${encodeURIComponent(nominator)}/ledger`, ledgerSchema))
      .data;
  }

  /**
   * When a publicity notice published at `publishedAt` (a date, a China time or an instant) would close,
   * on the calendar as it stands, and whether that is provisional.
   */
  async publicityWindow(query: {
    publishedAt: string;
    workingDays?: number;
    publicationDayCounts?: boolean;
  }): Promise<PublicityWindowPreview> {
    const params = new URLSearchParams({ publishedAt: query.publishedAt });
    if (query.workingDays !== undefined) params.set('workingDays', String(query.workingDays));
    if (query.publicationDayCounts !== undefined)
      params.set('publicationDayCounts', String(query.publicationDayCounts));
    return (await this.call('GET', `/v1/calendar/publicity-window?${params}`, publicityWindowPreviewSchema))
      .data;
  }

  /** The years the holiday calendar knows: from the built-in data, and loaded by operators. */
  async calendar(): Promise<CalendarCoverage> {
    return (await this.call('GET', '/v1/calendar', calendarCoverageSchema)).data;
  }

  /** Loads (or replaces) a year's official schedule; open publicity windows are recomputed over it. */
  async loadCalendarYear(schedule: YearSchedule): Promise<CalendarLoadResult> {
    return (await this.call('PUT', `/v1/calendar/years/${schedule.year}`, calendarLoadResultSchema, schedule))
      .data;
  }

  /** Files a supervision report (举报) on a case. */
  async fileReport(
    key: CaseKey,
    report: { reportId: string; channel: string; summary: string; concerns?: string; reason?: string },
  ): Promise<EventOutcome> {
    return (await this.call('POST', `${casePath(key)}/reports`, eventOutcomeSchema, report)).data;
  }

  /** The case record's entries. */
  async record(key: CaseKey): Promise<CaseView['record']> {
    const schema = caseViewSchema.pick({ record: true });
    return (await this.call('GET', `${casePath(key)}/record`, schema)).data.record;
  }

  /** The case record as a readable Chinese document. */
  async recordDocument(key: CaseKey): Promise<string> {
    const response = await this.send('GET', `${casePath(key)}/record?format=text`);
    return response.text();
  }

  /** A filed document (纪实, approval forms, notices): the Word file's bytes or the text, and its file name. */
  async document(
    key: CaseKey,
    kind: DocumentKind,
    format: 'docx' | 'text',
  ): Promise<{ bytes: Uint8Array; fileName: string }> {
    const response = await this.send('GET', `${casePath(key)}/documents/${kind}?format=${format}`);
    const disposition = response.headers.get('content-disposition') ?? '';
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
    const fileName = encoded ? decodeURIComponent(encoded) : `${kind}.${format === 'docx' ? 'docx' : 'txt'}`;
    return { bytes: new Uint8Array(await response.arrayBuffer()), fileName };
  }

  private async call<T extends z.ZodType>(
    method: string,
    path: string,
    schema: T,
    body?: unknown,
  ): Promise<{ status: number; data: z.infer<T> }> {
    const response = await this.send(method, path, body);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new CadreApiError(
        response.status,
        undefined,
        `Unexpected response from ${path}: ${parsed.error.message}`,
      );
    }
    return { status: response.status, data: parsed.data };
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchFn(new URL(path, this.options.baseUrl), {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      // Node's fetch says "fetch failed" and puts the network's reason (ECONNREFUSED…) in the cause,
      // sometimes inside an AggregateError when several addresses were tried.
      const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
      const reason = cause?.code ?? cause?.errors?.[0]?.code ?? (error as Error).name;
      const unreachable = new CadreApiError(
        0,
        undefined,
        `Cannot reach the API at ${this.options.baseUrl}: ${reason}`,
        'unreachable',
      );
      unreachable.networkCause = reason;
      throw unreachable;
    }
    if (!response.ok) {
      const text = await response.text();
      let error: ErrorBody['error'] | undefined;
      try {
        error = errorBodySchema.parse(JSON.parse(text)).error;
      } catch {}
      throw new CadreApiError(
        response.status,
        error,
        `HTTP ${response.status} from ${method} ${path}: ${text.slice(0, 200)}`,
      );
    }
    return response;
  }
}
