import { reportFiledEventSchema } from '../domain/steps/supervision';
import { stageText } from './clerk-words';
import { type Connection, clientFor, parseCaseRef } from './connection';
import { run } from './errors';
import { json } from './format';
import type { Output } from './output';
import { checked } from './read-input';

export interface CasesReportOptions extends Connection {
  ref: string;
  reportId: string;
  channel: string;
  summary: string;
  /** The cadre id the report names, if any. */
  concerns?: string;
  reason?: string;
  occurredAt?: string;
  json?: boolean;
}

const reportSchema = reportFiledEventSchema.omit({ type: true, actor: true, requestId: true });

/** Files a supervision report (举报) on a case, as the reporting channel would: during publicity or probation it holds the case. */
export function casesReport(options: CasesReportOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const key = parseCaseRef(options.ref);
    const report = checked(
      reportSchema,
      {
        reportId: options.reportId,
        channel: options.channel,
        summary: options.summary,
        concerns: options.concerns,
        reason: options.reason,
        occurredAt: options.occurredAt,
      },
      'the report',
    );
    const outcome = await clientFor(options).fileReport(key, report);
    if (options.json) {
      output.out(json(outcome));
      return;
    }
    output.out(`Report ${report.reportId} filed 已受理举报: ${options.ref}`);
    output.out(
      `Stage now 当前阶段: ${stageText(outcome.track, outcome.state) ?? outcome.state} · ${outcome.label.en}`,
    );
    output.out(`Legal events now: ${outcome.legalEvents.join(', ') || 'none'}`);
  });
}
