import type { CaseView, EventOutcome, RecordEntry } from '../domain/case-view';
import type { RulesEdition } from '../domain/rules-edition';
import { sendableBy } from '../domain/senders';
import type { Credential } from './credentials';

/**
 * What only the organization department reads (DOMAIN.md, "Confidentiality"; issue 13):
 * - a report (举报): its content, its channel, whom it concerns and who filed it, and its verification's
 *   findings — a substantiated report's findings included, wherever they are repeated (why a case ended,
 *   why a candidate is out);
 * - the 凡提四必 checks that are confidential by nature: the discipline commission's opinion
 *   (纪检监察机关意见), the personal-matters check (个人有关事项报告查核) and the check of reports
 *   (信访举报): who checked, the conclusion, the summary and the 廉洁自律 signatures.
 * The cadre's own department — and the committee — see that a case is held for verification, that a
 * check was recorded and when, and how the case ended; never who reported or what. Every view, event
 * answer and record export the API gives passes through here (the list and ledger carry none of it) —
 * and lists the caller only the events its role may send (domain/senders.ts; an event answer's are
 * already the sender's, from the case).
 */
const REDACTED = '〔仅组织部门可见 · organization department only〕';

/** 凡提四必 checks whose content is confidential; the personnel-file check (干部档案) is not. */
const CONFIDENTIAL_CHECKS: ReadonlySet<unknown> = new Set([
  'discipline_opinion',
  'personal_matters',
  'reports',
]);
const CHECK_FIELDS = ['checkedBy', 'conclusion', 'summary', 'integrity'] as const;

/** Record entries' data fields that are confidential, by the entry's type. */
const confidentialData: Record<string, readonly string[]> = {
  REPORT_FILED: ['summary', 'concerns', 'channel'],
  VERIFICATION_CLEARED: ['findings'],
  VERIFICATION_SUBSTANTIATED: ['findings'],
};

const mayReadConfidential = (caller: Credential) => caller.role === 'organization_department';

function confidentialFieldsOf(entry: RecordEntry): readonly string[] | undefined {
  if (entry.type === 'PRE_VOTE_CHECK_RECORDED')
    return CONFIDENTIAL_CHECKS.has(entry.data?.check) ? CHECK_FIELDS : undefined;
  return confidentialData[entry.type];
}

/** The object with each of the fields it has replaced by the mark. */
function redactFields<T extends Record<string, unknown>>(value: T, fields: readonly string[]): T {
  const copy: Record<string, unknown> = { ...value };
  for (const field of fields) if (field in copy) copy[field] = REDACTED;
  return copy as T;
}

function redactEntry(entry: RecordEntry): RecordEntry {
  const fields = confidentialFieldsOf(entry);
  if (!fields || !entry.data) return entry;
  // Who filed a report (the reporting channel's operator) is part of who reported.
  const actor = entry.type === 'REPORT_FILED' ? { id: REDACTED, role: entry.actor.role } : entry.actor;
  // The "why" of a confidential step is as confidential as its content.
  const reason = entry.reason === undefined ? undefined : REDACTED;
  return { ...entry, actor, reason, data: redactFields(entry.data, fields) };
}

/** A report as the case's own department may see it: that it exists and where it stands. */
function redactReport(report: unknown): unknown {
  if (typeof report !== 'object' || report === null) return report;
  const { id, status, filedAt, verifiedAt } = report as Record<string, unknown>;
  return { id, status, filedAt, verifiedAt };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A promotion's candidate without the confidential checks' content, and without the findings of a
 * report that took them out (the rule and the fact stay: 举报经核查属实).
 */
function redactCandidate(candidate: unknown): unknown {
  if (!isRecord(candidate)) return candidate;
  const copy: Record<string, unknown> = { ...candidate };
  if (isRecord(copy.preVoteChecks)) {
    copy.preVoteChecks = Object.fromEntries(
      Object.entries(copy.preVoteChecks).map(([check, record]) => [
        check,
        CONFIDENTIAL_CHECKS.has(check) && isRecord(record) ? redactFields(record, CHECK_FIELDS) : record,
      ]),
    );
  }
  if (isRecord(copy.out) && copy.out.rule === 'report_substantiated') {
    copy.out = { rule: copy.out.rule, zh: '举报经核查属实', en: 'a report was substantiated' };
  }
  return copy;
}

function entriesFor(caller: Credential, entries: RecordEntry[]): RecordEntry[] {
  return mayReadConfidential(caller) ? entries : entries.map(redactEntry);
}

/**
 * The events legal now that this caller's role may send (domain/senders.ts): a view lists no event its
 * reader would be refused. The case's own edition decides; a view without one (a closed case read from
 * visibility) lists none anyway.
 */
function legalFor(caller: Credential, view: CaseView): string[] {
  const edition = (view.context?.rulesEdition as RulesEdition | undefined) ?? 1;
  return sendableBy(view.track, caller.role, view.legalEvents, edition);
}

export function viewFor(caller: Credential, whole: CaseView): CaseView {
  const view = { ...whole, legalEvents: legalFor(caller, whole) };
  if (mayReadConfidential(caller)) return view;
  const context: Record<string, unknown> = { ...view.context };
  if (Array.isArray(context.reports)) context.reports = context.reports.map(redactReport);
  if (Array.isArray(context.candidates)) context.candidates = context.candidates.map(redactCandidate);
  // Why a case ended without its change, when a substantiated report ended it: the report's findings.
  if (typeof context.findings === 'string') context.findings = REDACTED;
  return { ...view, context, record: entriesFor(caller, view.record) };
}

export function outcomeFor(caller: Credential, outcome: EventOutcome): EventOutcome {
  return mayReadConfidential(caller) ? outcome : { ...outcome, applied: entriesFor(caller, outcome.applied) };
}
