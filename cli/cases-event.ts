import { CadreApiError } from '../api/client';
import type { ApiEvent } from '../domain/start';
import { type Connection, caseName, clientFor, parseCaseRef } from './connection';
import { exitCodes, reportError, run, UsageError } from './errors';
import { bilingual, chinaTime, json } from './format';
import type { Output } from './output';

export interface CasesEventOptions extends Connection {
  /** "<department>/<caseId>" */
  ref: string;
  /** Event type, e.g. REVIEW_PASSED (case-insensitive). */
  type: string;
  /** The event's fields as a JSON object, e.g. '{"findings":"..."}'. */
  data?: string;
  /** Why: goes into the case record. */
  reason?: string;
  /** When the step happened (a date, a China time, or an ISO instant); absent: now. */
  occurredAt?: string;
  json?: boolean;
}

function parseData(data: string | undefined): Record<string, unknown> {
  if (data === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw new UsageError(`--data is not JSON (${(error as Error).message}); write e.g. '{"findings":"..."}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--data must be a JSON object, e.g. '{"findings":"..."}'`);
  }
  return parsed as Record<string, unknown>;
}

/** A 409: the machine refused the event (or the case is closed). Say why, where the case is, what it accepts. */
function reportRefusal(error: CadreApiError, options: CasesEventOptions, output: Output): number {
  const body = error.body;
  output.err(`Refused (${error.status} ${error.code}): ${error.message}`);
  if (body?.state) {
    output.err(`Current state: ${body.state}${body.label ? ` · ${bilingual(body.label)}` : ''}`);
  }
  const legal = body?.legalEvents ?? [];
  output.err(
    `Legal events now: ${legal.length ? legal.join(', ') : 'none (the case accepts no event from a caller now)'}`,
  );
  if (options.json) output.out(json({ error: body }));
  return exitCodes.refused;
}

export function casesEvent(options: CasesEventOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const key = parseCaseRef(options.ref);
    const type = options.type.trim().toUpperCase();
    const event = {
      ...parseData(options.data),
      type,
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
      ...(options.occurredAt !== undefined ? { occurredAt: options.occurredAt } : {}),
    } as ApiEvent;
    try {
      const view = await clientFor(options).sendEvent(key, event);
      if (options.json) {
        output.out(json(view));
        return;
      }
      output.out(`${type} accepted by ${caseName(key)}.`);
      output.out(
        `Now: ${view.state} · ${bilingual(view.label)} (${view.status}${view.outcome ? `, outcome ${view.outcome}` : ''})`,
      );
      output.out(`Legal events now: ${view.legalEvents.length ? view.legalEvents.join(', ') : 'none'}`);
      const next = view.deadlines[0];
      if (next)
        output.out(`Next timer: ${next.label.zh} · ${next.label.en}, ${chinaTime(next.at)} (China time)`);
      if (view.following.length)
        output.out(`Still running: ${view.following.map((f) => bilingual(f.label)).join('; ')}`);
    } catch (error) {
      if (error instanceof CadreApiError && error.status === 409)
        return reportRefusal(error, options, output);
      if (error instanceof CadreApiError && error.status === 422 && options.data === undefined) {
        const code = reportError(error, output, options.api);
        output.err(`Hint: pass the event's fields with --data, e.g. --data '{"findings":"..."}'`);
        return code;
      }
      throw error;
    }
  });
}
