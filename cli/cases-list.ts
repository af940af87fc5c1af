import type { CadreClient } from '../api/client';
import { type CaseListQuery, type CaseSummary, caseListQuerySchema } from '../domain/case-list';
import type { CaseView } from '../domain/case-view';
import { type Connection, clientFor } from './connection';
import { run, UsageError } from './errors';
import { casesTable, json, parseChinaInstant } from './format';
import type { Output } from './output';

export interface CasesListOptions extends Connection {
  track?: string;
  stage?: string;
  department?: string;
  nominator?: string;
  /** A cadre id or an exact name. */
  cadre?: string;
  unit?: string;
  status?: string;
  /** China time ("2027-03-01", "2027-03-01 08:00") or an ISO instant with offset. */
  deadlineFrom?: string;
  /** Same forms; a bare date includes that whole day. */
  deadlineTo?: string;
  pageSize?: number;
  pageToken?: string;
  json?: boolean;
}

/** The filters as the API takes them, checked with the API's own schema before anything is sent. */
function listQuery(options: CasesListOptions): Partial<CaseListQuery> {
  const query = {
    track: options.track,
    stage: options.stage,
    department: options.department,
    nominator: options.nominator,
    cadre: options.cadre,
    unit: options.unit,
    status: options.status,
    deadlineFrom: options.deadlineFrom && parseChinaInstant(options.deadlineFrom),
    deadlineTo: options.deadlineTo && parseChinaInstant(options.deadlineTo, { endOfDay: true }),
    pageSize: options.pageSize,
    pageToken: options.pageToken,
  };
  const parsed = caseListQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((i) => `--${flagName(String(i.path[0]))}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

const flagName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Each listed case's view, read eight at a time: names, which deadline, flags. A case that cannot be read keeps its ids. */
async function viewsOf(client: CadreClient, cases: CaseSummary[]): Promise<Map<string, CaseView>> {
  const views = new Map<string, CaseView>();
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < cases.length; i = next++) {
      const row = cases[i] as CaseSummary;
      if (!row.department) continue;
      try {
        views.set(row.workflowId, await client.getCase({ department: row.department, caseId: row.caseId }));
      } catch {}
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, cases.length) }, reader));
  return views;
}

/**
 * A department's token sees its own department's cases whatever --department says (the API narrows the
 * list to them): when the answer holds another department's cases than the one asked for, say so.
 */
function departmentMismatch(asked: string | undefined, cases: CaseSummary[]): string | undefined {
  const other = cases.find((c) => c.department && c.department !== asked)?.department;
  if (!asked || !other) return undefined;
  return `Warning 注意: --department ${asked}, but this token is ${other}'s and sees only its own department's cases: the list shows ${other}'s. Use an organization-department token to list ${asked}'s. 部门令牌只能查看本部门案件。`;
}

export function casesList(options: CasesListOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const client = clientFor(options);
    const page = await client.listCases(listQuery(options));
    const mismatch = departmentMismatch(options.department, page.cases);
    if (mismatch) output.err(mismatch);
    if (options.json) {
      output.out(json(page));
      return;
    }
    if (page.cases.length === 0) output.out('No cases match. 没有符合条件的案件。');
    else output.out(casesTable(page.cases, await viewsOf(client, page.cases)));
    if (page.nextPageToken) {
      output.out(`More cases: add --page-token ${page.nextPageToken}`);
    } else if (page.cases.length > 0) {
      output.out(
        `${page.cases.length} case${page.cases.length === 1 ? '' : 's'}. 共 ${page.cases.length} 件。`,
      );
    }
  });
}
