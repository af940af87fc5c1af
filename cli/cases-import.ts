import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { CadreApiError, type CadreClient } from '../api/client';
import type { CaseView } from '../domain/case-view';
import { type StartCase, startCaseSchema } from '../domain/start';
import { type Connection, clientFor } from './connection';
import { describeError, exitCodes, run, UsageError } from './errors';
import { json, table } from './format';
import type { Output } from './output';

/** The CSV header, in this order (order does not matter in the file; names do). */
export const importColumns = [
  'department',
  'caseId',
  'cadreId',
  'cadreName',
  'trialUnit',
  'trialTitle',
  'trialRank',
  'previousUnit',
  'previousTitle',
  'previousRank',
  'startsOn',
  'nominatedBy',
  'leadershipTeam',
] as const;
type Column = (typeof importColumns)[number];
type Row = Record<Column, string>;

/** Where each field of the StartCase body comes from, so a schema error names the CSV column. */
const columnOfPath: Record<string, Column> = {
  department: 'department',
  caseId: 'caseId',
  'cadre.id': 'cadreId',
  'cadre.name': 'cadreName',
  'trialPost.unit': 'trialUnit',
  'trialPost.title': 'trialTitle',
  'trialPost.rank': 'trialRank',
  'trialPost.leadershipTeam': 'leadershipTeam',
  'previousPost.unit': 'previousUnit',
  'previousPost.title': 'previousTitle',
  'previousPost.rank': 'previousRank',
  startsOn: 'startsOn',
  nominatedBy: 'nominatedBy',
};

/** Columns a CSV may add: when the case began (China time, like the rest). */
const optionalColumns = ['occurredAt'] as const;

/**
 * The columns of a steps CSV (`--history`): one earlier step per row, in order, attached to the case
 * its department and caseId name. `data` is the event's other fields as a JSON object; `actorId` and
 * `actorRole` (and `actorName`) name who took the step when it was not the importer.
 */
export const historyColumns = ['department', 'caseId', 'type', 'occurredAt', 'data'] as const;
const historyActorColumns = ['actorId', 'actorRole', 'actorName'] as const;

export interface CasesImportOptions extends Connection {
  /** A CSV of probation cases (the columns above), or a JSON array of start bodies of any track. */
  file: string;
  /** For a CSV: a CSV of the cases' earlier steps (historyColumns). */
  history?: string;
  /** Rows sent at once (default 4). */
  concurrency?: number;
  json?: boolean;
}

type RowResult =
  | { row: number; case?: string; result: 'started' | 'already existed' }
  | { row: number; case?: string; result: 'failed'; why: string };

/** One CSV row as the body of POST /v1/cases. Values are passed as written; the schema judges them. */
function rowToStart(row: Row, occurredAt: string | undefined, history: unknown[] | undefined): unknown {
  const flag = row.leadershipTeam.toLowerCase();
  return {
    ...(occurredAt ? { occurredAt } : {}),
    ...(history?.length ? { history } : {}),
    track: 'probation',
    department: row.department,
    caseId: row.caseId,
    cadre: { id: row.cadreId, name: row.cadreName },
    trialPost: {
      unit: row.trialUnit,
      title: row.trialTitle,
      rank: row.trialRank,
      leadershipTeam: flag === 'true' ? true : flag === 'false' || flag === '' ? false : row.leadershipTeam,
      carriesProbation: true,
    },
    previousPost: { unit: row.previousUnit, title: row.previousTitle, rank: row.previousRank },
    startsOn: row.startsOn,
    nominatedBy: row.nominatedBy
      .split(';')
      .map((n) => n.trim())
      .filter(Boolean),
  };
}

function explainIssues(error: z.ZodError, row: Row): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      const column = columnOfPath[path] ?? columnOfPath[String(issue.path[0])];
      const value = column ? row[column] : undefined;
      const shown = value ? ` ${JSON.stringify(value)}` : ' (empty)';
      return `${column ?? path}${column ? shown : ''} [${path}]: ${issue.message}`;
    })
    .join('; ');
}

type ImportRow = { line: number; start?: StartCase; why?: string; case?: string };

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/**
 * Validates every case with the API's own schema, so bad ones fail here, with the field, before any
 * request: the rows of a CSV (with their earlier steps from `history`, a steps CSV), or the entries of a
 * JSON array of start bodies.
 */
export function readImportFile(file: string, history?: string): { rows: ImportRow[] } {
  if (extname(file).toLowerCase() === '.json') {
    if (history)
      throw new UsageError('--history is for a CSV; a JSON file carries each case’s `history` itself');
    return readJsonImport(file);
  }
  return readCsvImport(file, history ? readHistoryFile(history) : new Map());
}

/** A JSON import: an array of start bodies (or `{"cases": [...]}`); an entry's "row" is its position, from 1. */
function readJsonImport(file: string): { rows: ImportRow[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(file).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${file} is not readable JSON: ${(error as Error).message}`);
  }
  const entries = Array.isArray(parsed) ? parsed : (parsed as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(entries)) {
    throw new UsageError(`${file} must hold an array of cases (start bodies, as POST /v1/cases takes them)`);
  }
  const rows = entries.map((entry, index): ImportRow => {
    const { department, caseId } = (entry ?? {}) as { department?: unknown; caseId?: unknown };
    const name =
      typeof department === 'string' && typeof caseId === 'string' ? `${department}/${caseId}` : undefined;
    const result = startCaseSchema.safeParse(entry);
    if (!result.success) {
      const why = result.error.issues.map((i) => `${i.path.join('.') || '(case)'}: ${i.message}`).join('; ');
      return { line: index + 1, case: name, why };
    }
    return { line: index + 1, case: name, start: result.data };
  });
  return { rows };
}

type Records = { record: string[]; info: { lines: number } }[];

function parseCsv(file: string, text: string): Records {
  try {
    return parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Records;
  } catch (error) {
    throw new UsageError(`${file} is not readable CSV: ${(error as Error).message}`);
  }
}

/** A steps CSV: each case's earlier steps in file order, by "department/caseId"; a bad row stops the import. */
function readHistoryFile(file: string): Map<string, unknown[]> {
  const [header, ...data] = parseCsv(file, readText(file));
  if (!header) throw new UsageError(`${file} is empty: it needs a header row (${historyColumns.join(',')})`);
  const missing = historyColumns.filter((c) => c !== 'data' && !header.record.includes(c));
  if (missing.length) {
    throw new UsageError(`${file} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  const steps = new Map<string, unknown[]>();
  for (const { record, info } of data) {
    const cell = (column: string) => record[header.record.indexOf(column)] ?? '';
    let fields: unknown = {};
    if (cell('data')) {
      try {
        fields = JSON.parse(cell('data'));
      } catch (error) {
        throw new UsageError(`${file} line ${info.lines}: data is not JSON (${(error as Error).message})`);
      }
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw new UsageError(`${file} line ${info.lines}: data must be a JSON object of the event's fields`);
    }
    const [actorId, actorRole, actorName] = historyActorColumns.map(cell);
    const step = {
      ...fields,
      type: cell('type'),
      occurredAt: cell('occurredAt'),
      ...(actorId
        ? { actor: { id: actorId, role: actorRole, ...(actorName ? { name: actorName } : {}) } }
        : {}),
    };
    const key = `${cell('department')}/${cell('caseId')}`;
    steps.set(key, [...(steps.get(key) ?? []), step]);
  }
  return steps;
}

function readCsvImport(file: string, history: Map<string, unknown[]>): { rows: ImportRow[] } {
  const [header, ...data] = parseCsv(file, readText(file));
  if (!header) throw new UsageError(`${file} is empty: it needs a header row (${importColumns.join(',')})`);
  const missing = importColumns.filter((c) => !header.record.includes(c));
  if (missing.length) {
    throw new UsageError(
      `${file} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; the header must name ${importColumns.join(',')}`,
    );
  }
  const rows = data.map(({ record, info }) => {
    const line = info.lines;
    const row = Object.fromEntries(
      importColumns.map((c) => [c, record[header.record.indexOf(c)] ?? '']),
    ) as Row;
    const [occurredAt] = optionalColumns.map((c) => record[header.record.indexOf(c)] || undefined);
    const name = row.department && row.caseId ? `${row.department}/${row.caseId}` : undefined;
    if (record.length !== header.record.length) {
      return {
        line,
        case: name,
        why: `has ${record.length} fields, the header has ${header.record.length} (a comma inside a value? quote it; separate nominators with ";")`,
      };
    }
    const parsed = startCaseSchema.safeParse(
      rowToStart(row, occurredAt, name ? history.get(name) : undefined),
    );
    if (!parsed.success) return { line, case: name, why: explainIssues(parsed.error, row) };
    return { line, case: name, start: parsed.data };
  });
  return { rows };
}

/**
 * The fields of a start that the existing case must match for a re-import to count as "already existed":
 * a probation's listed ones; for another track, every field of the start the case's context also holds.
 */
const comparedFields = ['cadre', 'trialPost', 'previousPost', 'startsOn', 'nominatedBy'] as const;
const notCompared = new Set(['track', 'department', 'caseId', 'policy', 'occurredAt', 'history']);

function differences(start: StartCase, view: CaseView): string[] {
  if (view.track !== start.track) return [`track: case is ${view.track}, file says ${start.track}`];
  const found: string[] = [];
  const fields =
    start.track === 'probation'
      ? comparedFields
      : Object.keys(start).filter((field) => !notCompared.has(field) && field in view.context);
  for (const field of fields) {
    const mine = (start as Record<string, unknown>)[field];
    const theirs = view.context[field];
    if (typeof mine === 'object' && mine !== null && !Array.isArray(mine)) {
      for (const [key, value] of Object.entries(mine)) {
        const other = (theirs as Record<string, unknown> | undefined)?.[key];
        if (JSON.stringify(other) !== JSON.stringify(value)) {
          found.push(`${field}.${key}: case has ${JSON.stringify(other)}, file has ${JSON.stringify(value)}`);
        }
      }
    } else if (JSON.stringify(theirs) !== JSON.stringify(mine)) {
      found.push(`${field}: case has ${JSON.stringify(theirs)}, file has ${JSON.stringify(mine)}`);
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Starts one case; a rate-limited start is retried (starting is idempotent, so a retry is always safe).
 * A case that exists with other content is refused by the API (409 naming the fields); the row then
 * says what differs, value by value, from the case as it reads.
 */
async function startOne(
  client: CadreClient,
  start: StartCase,
): Promise<{ created: boolean; case: CaseView } | { differences: string[] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.startCase(start);
    } catch (error) {
      if (error instanceof CadreApiError && error.code === 'case_exists_with_different_content') {
        const existing = await client.getCase(start);
        const found = differences(start, existing);
        return { differences: found.length > 0 ? found : (error.body?.issues ?? []).map((i) => i.path) };
      }
      if (!(error instanceof CadreApiError && error.status === 429) || attempt >= 5) throw error;
      await sleep(1000 * 2 ** attempt);
    }
  }
}

const isFatal = (error: unknown) =>
  (error instanceof TypeError && error.message === 'fetch failed') ||
  (error instanceof CadreApiError && error.status === 401);

export function casesImport(options: CasesImportOptions, output: Output): Promise<number> {
  return run(output, options.api, async () => {
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
      throw new UsageError(`--concurrency ${concurrency}: write a whole number from 1 to 32`);
    }
    const client = clientFor(options);
    const { rows } = readImportFile(options.file, options.history);
    const results: RowResult[] = [];
    const counts = { started: 0, existed: 0, failed: 0 };

    const bar =
      output.isTTY && !options.json && output.progressStream && rows.length > 0
        ? new cliProgress.SingleBar(
            {
              stream: output.progressStream,
              format:
                'Importing {bar} {value}/{total} rows | started {started} · already existed {existed} · failed {failed}',
              hideCursor: true,
              clearOnComplete: false,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    bar?.start(rows.length, 0, counts);

    const done = (result: RowResult) => {
      results.push(result);
      if (result.result === 'started') counts.started++;
      else if (result.result === 'already existed') counts.existed++;
      else counts.failed++;
      if (bar) bar.increment(1, counts);
      else {
        const why = result.result === 'failed' ? `: ${result.why}` : '';
        output.err(`row ${result.row} ${result.case ?? '(no case id)'}: ${result.result}${why}`);
      }
    };

    // Bad rows fail here, before anything is sent.
    for (const row of rows)
      if (!row.start) done({ row: row.line, case: row.case, result: 'failed', why: row.why ?? '' });

    // Rows naming the same case go one after another (in file order), so the first starts it and the
    // rest find it; different cases go `concurrency` at a time.
    const groups = new Map<string, { line: number; start: StartCase }[]>();
    for (const row of rows) {
      if (!row.start) continue;
      const key = `${row.start.department}/${row.start.caseId}`;
      groups.set(key, [...(groups.get(key) ?? []), { line: row.line, start: row.start }]);
    }
    const queue = [...groups.entries()];
    let fatal: string | undefined;
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, group] = next;
        for (const { line, start } of group) {
          if (fatal) {
            done({ row: line, case: name, result: 'failed', why: `not sent: ${fatal}` });
            continue;
          }
          try {
            const answer = await startOne(client, start);
            if ('differences' in answer) {
              done({
                row: line,
                case: name,
                result: 'failed',
                why: `already exists with different data (nothing changed): ${answer.differences.join('; ')}`,
              });
            } else {
              done({ row: line, case: name, result: answer.created ? 'started' : 'already existed' });
            }
          } catch (error) {
            const why = describeError(error, options.api);
            if (isFatal(error)) fatal ??= why;
            done({ row: line, case: name, result: 'failed', why });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    bar?.stop();

    results.sort((a, b) => a.row - b.row);
    const failures = results.filter((r) => r.result === 'failed');
    if (options.json) {
      output.out(
        json({
          file: options.file,
          rows: rows.length,
          started: counts.started,
          alreadyExisted: counts.existed,
          failed: counts.failed,
          results,
        }),
      );
    } else {
      output.out(
        `${options.file}: ${rows.length} row${rows.length === 1 ? '' : 's'} — started ${counts.started}, already existed ${counts.existed}, failed ${counts.failed}`,
      );
      if (failures.length) {
        output.out(
          table(
            ['row', 'case', 'why'],
            failures.map((f) => [f.row, f.case, f.result === 'failed' ? f.why : '']),
          ),
        );
        output.out(
          'Row numbers are line numbers in the file (the header is line 1). Fix those rows and import the file again: rows already started are reported as "already existed".',
        );
      }
    }
    if (fatal)
      output.err(
        fatal.startsWith('cannot reach')
          ? `Cannot reach the API at ${options.api}: is \`npm start\` running?`
          : `Stopped: ${fatal}`,
      );
    return failures.length ? exitCodes.failed : exitCodes.ok;
  });
}
