import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesImport, importColumns, readImportFile } from '../../cli/cases-import';
import { captureOutput, type Output } from '../../cli/output';
import { uniqueCaseId } from '../support/cases';
import { startTestService, type TestService } from '../support/service';
import { runCli } from './support';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const dir = mkdtempSync(join(tmpdir(), 'cadre-import-'));
let files = 0;

type Row = Partial<Record<(typeof importColumns)[number], string>>;
const row = (overrides: Row = {}): Row => ({
  department: 'district-finance',
  caseId: uniqueCaseId('imp'),
  cadreId: 'C-2001',
  cadreName: '王芳',
  trialUnit: '区财政局',
  trialTitle: '副局长',
  trialRank: '副处',
  previousUnit: '区财政局',
  previousTitle: '预算科科长',
  previousRank: '正科',
  startsOn: '2026-11-02',
  nominatedBy: 'leader-wang;leader-li',
  leadershipTeam: 'true',
  ...overrides,
});

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
function csvFile(rows: Row[], { bom = false } = {}): string {
  const lines = [
    importColumns.join(','),
    ...rows.map((r) => importColumns.map((c) => quote(r[c] ?? '')).join(',')),
  ];
  const file = join(dir, `import-${++files}.csv`);
  writeFileSync(file, `${bom ? '\uFEFF' : ''}${lines.join('\n')}\n`);
  return file;
}

const connection = () => ({ api: service.api.url, token: service.tokens.org });

describe('cases import', () => {
  const good1 = row();
  const good2 = row({
    cadreId: 'C-2002',
    cadreName: '赵强',
    leadershipTeam: 'false',
    nominatedBy: 'leader-zhou',
  });
  const badDate = row({ startsOn: '2026-02-30' });
  const noName = row({ cadreName: '' });
  // Lines: 1 header, 2 good1, 3 good2, 4 good2 again, 5 bad date, 6 missing name.
  const rows = [good1, good2, good2, badDate, noName];
  let file: string;

  it('starts the good rows, finds the duplicate, fails the bad rows locally with the column, exit 1', async () => {
    file = csvFile(rows, { bom: true });
    const output = captureOutput();
    expect(await casesImport({ ...connection(), file }, output)).toBe(1);
    const text = output.text();
    expect(text).toContain(`${file}: 5 rows — started 2, already existed 1, failed 2`);
    expect(text).toMatch(
      /│ 5\s+│ district-finance\/imp-\S+\s+│ startsOn "2026-02-30" \[startsOn\]: Invalid ISO date/,
    );
    expect(text).toMatch(
      /│ 6\s+│ district-finance\/imp-\S+\s+│ cadreName \(empty\) \[cadre.name\]: Too small/,
    );
    // Not a TTY: progress as plain lines on stderr, one per row.
    expect(output.stderr).toHaveLength(5);
    expect(output.errors()).toContain(`row 3 district-finance/${good2.caseId}: started`);
    expect(output.errors()).toContain(`row 4 district-finance/${good2.caseId}: already existed`);

    // The bad rows were never sent; the good ones run with the data from the file.
    expect((await service.request('GET', `/v1/cases/district-finance/${badDate.caseId}`)).status).toBe(404);
    const started = await service.request('GET', `/v1/cases/district-finance/${good2.caseId}`);
    expect(started.body).toMatchObject({
      state: 'serving',
      context: {
        cadre: { id: 'C-2002', name: '赵强' },
        trialPost: { leadershipTeam: false, carriesProbation: true },
        nominatedBy: ['leader-zhou'],
        startsOn: '2026-11-02',
      },
    });
  });

  it('importing the same file again reports "already existed" for every good row', async () => {
    const output = captureOutput();
    expect(await casesImport({ ...connection(), file, concurrency: 2, json: true }, output)).toBe(1);
    const result = JSON.parse(output.text());
    expect(result).toMatchObject({ rows: 5, started: 0, alreadyExisted: 3, failed: 2 });
    expect(result.results.map((r: { row: number; result: string }) => [r.row, r.result])).toEqual([
      [2, 'already existed'],
      [3, 'already existed'],
      [4, 'already existed'],
      [5, 'failed'],
      [6, 'failed'],
    ]);
  });

  it('a file of good rows only exits 0', async () => {
    const output = captureOutput();
    expect(await casesImport({ ...connection(), file: csvFile([row(), row()]) }, output)).toBe(0);
    expect(output.text()).toMatch(/2 rows — started 2, already existed 0, failed 0$/);
  });

  it('a row for an existing case with different data fails and changes nothing', async () => {
    const output = captureOutput();
    const conflicting = csvFile([{ ...good1, cadreName: '王芳芳' }]);
    expect(await casesImport({ ...connection(), file: conflicting }, output)).toBe(1);
    expect(output.text()).toContain('started 0, already existed 0, failed 1');
    expect(output.text()).toContain(
      'already exists with different data (nothing changed): cadre.name: case has "王芳", file has "王芳芳"',
    );
    const kept = await service.request('GET', `/v1/cases/district-finance/${good1.caseId}`);
    expect(kept.body.context.cadre.name).toBe('王芳');
  });

  it("a department token's rows for another department fail with the API's reason; the rest go", async () => {
    const own = row();
    const foreign = row({ department: 'district-education' });
    const output = captureOutput();
    const code = await casesImport(
      { api: service.api.url, token: service.tokens.finance, file: csvFile([own, foreign]) },
      output,
    );
    expect(code).toBe(1);
    expect(output.text()).toContain('started 1, already existed 0, failed 1');
    expect(output.text()).toMatch(/│ 3\s+│ district-education\/\S+\s+│ 403 forbidden: /);
  });

  it('refuses a file without the columns, and a row with the wrong number of fields', async () => {
    const noColumn = join(dir, 'no-column.csv');
    writeFileSync(noColumn, 'department,caseId\ndistrict-finance,x\n');
    const output = captureOutput();
    expect(await casesImport({ ...connection(), file: noColumn }, output)).toBe(1);
    expect(output.errors()).toMatch(/^Error: .*lacks the columns cadreId, cadreName/);

    const shifted = join(dir, 'shifted.csv');
    const good = row();
    writeFileSync(
      shifted,
      `${importColumns.join(',')}\n${importColumns.map((c) => good[c]).join(',')},leader-extra\n`,
    );
    const [parsed] = readImportFile(shifted).rows;
    expect(parsed?.why).toMatch(/has 14 fields, the header has 13/);
  });

  it('draws a progress bar on a terminal', async () => {
    const drawn: string[] = [];
    const terminal = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          drawn.push(String(chunk));
          done();
        },
      }),
      { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
    );
    const captured = captureOutput();
    const output: Output = { ...captured, isTTY: true, progressStream: terminal };
    expect(await casesImport({ ...connection(), file: csvFile([row(), row()]) }, output)).toBe(0);
    expect(drawn.join('')).toMatch(/Importing .* 2\/2 rows \| started 2/);
    expect(captured.stderr).toEqual([]);
    expect(captured.text()).toContain('started 2, already existed 0, failed 0');
  });

  it('as a process: re-importing reports "already existed", exit code 1 for the bad rows', async () => {
    const result = await runCli([
      'cases',
      'import',
      file,
      '--token',
      service.tokens.org,
      '--api',
      service.api.url,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('started 0, already existed 3, failed 2');
  });
});
