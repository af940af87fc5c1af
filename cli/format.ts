import Table from 'cli-table3';
import type { CaseSummary } from '../domain/case-list';
import type { CaseView } from '../domain/case-view';
import { chinaDateOf, formatChinaDateTime, instantMs } from '../domain/dates';
import { cadreNames, caseFlags, deadlineName, stageText, trackText } from './clerk-words';
import { UsageError } from './errors';

/** An instant in China time, minute precision: "2027-03-01 08:00"; what it cannot read, as it came. */
export function chinaTime(instant: string | undefined): string {
  if (!instant) return '—';
  const ms = instantMs(instant);
  return ms === undefined ? instant : formatChinaDateTime(ms);
}

const dateOnly = /^(\d{4}-\d{2}-\d{2})$/;
const chinaLocal = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;

/**
 * A time an operator types, read as China time unless it says its offset:
 * "2027-03-01" (that day; with `endOfDay`, the whole day is included), "2027-03-01 08:00", or an ISO
 * instant with an offset ("2027-03-01T00:00:00Z"). Returns an ISO instant the API accepts.
 */
export function parseChinaInstant(value: string, { endOfDay = false } = {}): string {
  const date = dateOnly.exec(value);
  const local = chinaLocal.exec(value);
  const day = date?.[1] ?? local?.[1];
  let ms = Number.NaN;
  if (date) ms = Date.parse(`${date[1]}T00:00:00+08:00`);
  else if (local) ms = Date.parse(`${local[1]}T${local[2]}:00+08:00`);
  else if (/T.*(Z|[+-]\d{2}:\d{2})$/.test(value)) ms = Date.parse(value);
  // Date.parse rolls 2027-02-31 over into March; a day that does not exist is refused instead.
  if (Number.isNaN(ms) || (day && chinaDateOf(ms) !== day)) {
    throw new UsageError(
      `${JSON.stringify(value)} is not a time: write 2027-03-01, "2027-03-01 08:00" (China time) or an ISO instant with its offset`,
    );
  }
  if (date && endOfDay) ms += 86_400_000;
  return new Date(ms).toISOString();
}

/**
 * A plain, compact table: no colours (it reads the same in a terminal, a log and a test) and no rule
 * between rows, so a page of cases fits a screen.
 */
export function table(head: string[], rows: (string | number | undefined)[][]): string {
  const t = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const row of rows) t.push(row.map((cell) => (cell === undefined || cell === '' ? '—' : String(cell))));
  return t.toString();
}

export const bilingual = (label: { zh: string; en: string }) => `${label.zh} · ${label.en}`;

/** Temporal's execution status in the words of the API's case status: RUNNING is open, COMPLETED closed. */
function caseStatus(status: string): string {
  if (status === 'RUNNING') return 'open';
  if (status === 'COMPLETED') return 'closed';
  // FAILED, TERMINATED, TIMED_OUT, CANCELED: closed abnormally, and an on-call person needs to see which.
  return status.toLowerCase();
}

/**
 * The list as a clerk reads it: the stage's Chinese label beside its id, the cadres by name and which
 * deadline the next date is, when the case's view was read (`views`); ids alone otherwise.
 */
export function casesTable(cases: CaseSummary[], views: ReadonlyMap<string, CaseView> = new Map()): string {
  return table(
    [
      'case 案件',
      'track 类别',
      'stage 阶段',
      'cadre 干部',
      'next deadline 下一期限 (China)',
      'flags 标记',
      'status 状态',
      'nominators 提名人',
    ],
    cases.map((c) => {
      const view = views.get(c.workflowId);
      const names = view ? cadreNames(view.context, c.cadres) : [];
      const next = view?.deadlines[0];
      return [
        c.workflowId,
        trackText(c.track),
        stageText(c.track, c.stage),
        names.length ? names.join(', ') : c.cadres.join(', '),
        c.nextDeadline ? `${chinaTime(c.nextDeadline)}${next ? ` ${deadlineName(next)}` : ''}` : undefined,
        caseFlags(view, c).join(', '),
        c.outcome ? `${caseStatus(c.status)} · ${c.outcome}` : caseStatus(c.status),
        c.nominators.join(', '),
      ];
    }),
  );
}

export const json = (value: unknown) => JSON.stringify(value, null, 2);
