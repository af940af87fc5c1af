import type { CaseView, EventOutcome, RecordEntry } from '../domain/case-view';
import type { RulesEdition } from '../domain/rules-edition';
import { sendableBy } from '../domain/senders';
import type { Credential } from './credentials';

/**
 * What only the organization department reads (DOMAIN.md, "Confidentiality"): the content of a report
 * (举报) and of its verification, and who reported. The cadre's own department — and the committee — see
 * that a case is held for verification and how it ended, never who reported or what. Every view, event
 * answer and record export the API gives passes through here — and lists the caller only the events its
 * role may send (domain/senders.ts; an event answer's are already the sender's, from the case).
 */
const REDACTED = '〔仅组织部门可见 · organization department only〕';

/** Record entries' data fields that are confidential, by the entry's type. */
const confidentialData: Record<string, readonly string[]> = {
  REPORT_FILED: ['summary', 'concerns', 'channel'],
  VERIFICATION_CLEARED: ['findings'],
  VERIFICATION_SUBSTANTIATED: ['findings'],
};

const mayReadConfidential = (caller: Credential) => caller.role === 'organization_department';

function redactEntry(entry: RecordEntry): RecordEntry {
  const fields = confidentialData[entry.type];
  if (!fields || !entry.data) return entry;
  const data = { ...entry.data };
  for (const field of fields) if (field in data) data[field] = REDACTED;
  // Who filed a report (the reporting channel's operator) is part of who reported.
  const actor = entry.type === 'REPORT_FILED' ? { id: REDACTED, role: entry.actor.role } : entry.actor;
  return { ...entry, actor, data };
}

/** A report as the case's own department may see it: that it exists and where it stands. */
function redactReport(report: unknown): unknown {
  if (typeof report !== 'object' || report === null) return report;
  const { id, status, filedAt, verifiedAt } = report as Record<string, unknown>;
  return { id, status, filedAt, verifiedAt };
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
  // Why a case ended without its change, when a substantiated report ended it: the report's findings.
  if (typeof context.findings === 'string') context.findings = REDACTED;
  return { ...view, context, record: entriesFor(caller, view.record) };
}

export function outcomeFor(caller: Credential, outcome: EventOutcome): EventOutcome {
  return mayReadConfidential(caller) ? outcome : { ...outcome, applied: entriesFor(caller, outcome.applied) };
}
