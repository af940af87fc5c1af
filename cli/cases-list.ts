import { type CaseListQuery, caseListQuerySchema } from '../domain/case-list';
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

export function casesList(options: CasesListOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const page = await clientFor(options).listCases(listQuery(options));
    if (options.json) {
      output.out(json(page));
      return;
    }
    if (page.cases.length === 0) output.out('No cases match.');
    else output.out(casesTable(page.cases));
    if (page.nextPageToken) {
      output.out(`More cases: add --page-token ${page.nextPageToken}`);
    } else if (page.cases.length > 0) {
      output.out(`${page.cases.length} case${page.cases.length === 1 ? '' : 's'}.`);
    }
  });
}
