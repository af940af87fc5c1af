/**
 * The operator CLI: `npm run -s cli -- <command>`. This file only wires commander to the commands in
 * cli/; each command is a function of its options and an output, and returns the exit code.
 */
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { calendarWindow } from '../cli/calendar-window';
import { calendarLoad, calendarShow } from '../cli/calendar-years';
import { casesDocument, documentFormats, documentKinds } from '../cli/cases-document';
import { casesEvent } from '../cli/cases-event';
import { casesImport, historyColumns, importColumns } from '../cli/cases-import';
import { casesList } from '../cli/cases-list';
import { casesRecord, recordFormats } from '../cli/cases-record';
import { casesReport } from '../cli/cases-report';
import { casesShow } from '../cli/cases-show';
import { casesStart } from '../cli/cases-start';
import { type Connection, defaultApiUrl } from '../cli/connection';
import { ledger } from '../cli/ledger';
import { processOutput } from '../cli/output';
import { tracks } from '../domain/case';
import { reportChannels } from '../domain/steps/supervision';

// What the CLI checks itself (a start body, a report, a calendar year, an import row), zod says in
// Chinese: the clerk's language. The API's own answers keep their bilingual messages.
z.config(z.locales.zhCN());

const output = processOutput();

const wholeNumber = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new InvalidArgumentError(`write a whole number from ${min} to ${max}`);
  return n;
};

/** --api and --token, wherever they were written (before or after the command). */
const connection = (command: Command): Connection => {
  const { api, token } = command.optsWithGlobals<Connection>();
  return { api, token };
};

/** Runs a command and leaves its exit code for the process (no process.exit: output is flushed first). */
const exitWith = async (code: Promise<number>) => {
  process.exitCode = await code;
};

const caseArgument = '<case>';
const caseHelp =
  'the case as <department>/<caseId>, e.g. district-finance/2026-017 (the "case" column of `cases list`)';

const program = new Command()
  .name('npm run -s cli --')
  .description(
    [
      '干部选拔任用 · operator CLI for the cadre-appointment service.',
      'Lists, inspects and drives cases through the HTTP API (start the service with `npm start`).',
    ].join('\n'),
  )
  .addOption(new Option('--api <url>', 'base URL of the API').env('CADRE_API_URL').default(defaultApiUrl))
  .addOption(
    new Option(
      '--token <token>',
      "API token: an organization-department token sees every case, a department token its own department's (`npm start` prints the development tokens)",
    ).env('CADRE_TOKEN'),
  )
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `
Exit codes: 0 done · 1 failed (API error, bad input, API unreachable) · 2 the case refused the event (409).

Examples:
  export CADRE_TOKEN=cadre_...        # the org-admin token npm start printed
  npm run -s cli -- cases list --status open
  npm run -s cli -- cases show district-finance/2026-017
  npm run -s cli -- cases start probation p.json
  npm run -s cli -- cases event district-finance/2026-017 REVIEW_PASSED --reason "考核合格"
  npm run -s cli -- ledger leader-wang`,
  );

const cases = program.command('cases').description('list, inspect, drive, export and import cases');

cases
  // The default: `cases --cadre 李明` is `cases list --cadre 李明`.
  .command('list', { isDefault: true })
  .description('list cases, filtered; prints a table (or JSON with --json). The default of `cases`')
  .addOption(new Option('--track <track>', 'only this track').choices(tracks))
  .option('--stage <state>', 'only cases in this machine state, e.g. serving, review, reviewOverdue')
  .option('--department <department>', 'only this department (a department token always sees its own only)')
  .option('--nominator <id>', 'only cases this person nominated someone in')
  .option(
    '--cadre <id or name>',
    "only cases concerning this cadre, a promotion's nominees included: by cadre id (C-1001) or exact name (李明)",
  )
  .option('--unit <unit>', 'only cases whose current or proposed post is in this unit, e.g. 区财政局')
  .addOption(new Option('--status <status>', 'open (running) or closed').choices(['open', 'closed']))
  .option(
    '--deadline-from <time>',
    'next deadline at or after this time: 2027-03-01 or "2027-03-01 08:00" (China time), or an ISO instant',
  )
  .option('--deadline-to <time>', 'next deadline before this time (a bare date includes that whole day)')
  .option('--page-size <n>', 'cases per page, 1–200 (default 50)', wholeNumber(1, 200))
  .option('--page-token <token>', 'the next page: the token the previous page printed')
  .option('--json', 'print the API response as JSON, for scripts')
  .addHelpText(
    'after',
    `
Times in the table are China time (UTC+8). Status: open, closed, or how Temporal ended the case when it
did not complete (failed, terminated, timed_out): those need an engineer.

Examples:
  npm run -s cli -- cases --cadre 李明                                      # every case concerning 李明
  npm run -s cli -- cases list --unit 区财政局 --status open                # open cases in a unit
  npm run -s cli -- cases list --stage reviewOverdue                       # reviews past their deadline
  npm run -s cli -- cases list --deadline-from 2027-03-01 --deadline-to 2027-03-31   # due in March
  npm run -s cli -- cases list --status open --json | jq -r '.cases[].workflowId'`,
  )
  .action((options, command: Command) => exitWith(casesList({ ...options, ...connection(command) }, output)));

cases
  .command('show')
  .description('one case: its state (中文 and English), the events legal now, its timers and its record')
  .argument(caseArgument, caseHelp)
  .option('--json', 'print the case view as JSON')
  .action((ref: string, options, command: Command) =>
    exitWith(casesShow({ ...options, ref, ...connection(command) }, output)),
  );

cases
  .command('event')
  .description("send an event to a case; the case's state machine decides whether it is legal now")
  .argument(caseArgument, caseHelp)
  .argument(
    '<type>',
    'the event, e.g. REVIEW_PASSED, REVIEW_FAILED, SERIOUS_PROBLEM_FOUND (`cases show` lists the legal ones)',
  )
  .option('--data <json>', 'the event\'s fields as a JSON object, e.g. \'{"findings":"..."}\'')
  .option('--reason <text>', 'why; it goes into the case record (纪实)')
  .option(
    '--occurred-at <when>',
    'when the step happened: 2026-11-27, "2026-11-27 09:30" (China time) or an ISO instant; default now',
  )
  .option('--json', 'print the case after the event (or the refusal) as JSON')
  .addHelpText(
    'after',
    `
The token's holder is recorded as the actor. A refused event changes nothing: the CLI prints why, the
case's current state and the events legal now, and exits with 2.

Examples:
  npm run -s cli -- cases event district-finance/2026-017 REVIEW_PASSED --reason "考核合格"
  npm run -s cli -- cases event district-finance/2026-017 SERIOUS_PROBLEM_FOUND --data '{"findings":"严重违纪"}'
  npm run -s cli -- cases event district-finance/2026-021 PUBLICITY_STARTED --occurred-at 2026-11-26 \
    --data '{"venues":["original_unit","proposed_unit","media"]}'`,
  )
  .action((ref: string, type: string, options, command: Command) =>
    exitWith(casesEvent({ ...options, ref, type, ...connection(command) }, output)),
  );

cases
  .command('record')
  .description('export the case record (纪实): a readable Chinese document, or JSON')
  .argument(caseArgument, caseHelp)
  .addOption(new Option('--format <format>', 'text or json').choices(recordFormats).default('text'))
  .option('--out <file>', 'write to this file (readable by you only) instead of printing')
  .option(
    '--seal',
    "with --out: seal the file with the service's payload keys (on the service's machine; `npm run -s secrets -- open <file>` reads it)",
  )
  .action((ref: string, options, command: Command) =>
    exitWith(casesRecord({ ...options, ref, ...connection(command) }, output)),
  );

cases
  .command('document')
  .description('a document the department files, in Chinese: 纪实, 干部任免审批表, 考察预告 or 任前公示')
  .argument(caseArgument, caseHelp)
  .addArgument(new Argument('<kind>', 'which document').choices(documentKinds))
  .addOption(
    new Option('--format <format>', 'docx (a Word file) or text').choices(documentFormats).default('docx'),
  )
  .option(
    '--out <file>',
    'write to this file (a Word file goes by default to its Chinese name in this folder)',
  )
  .addHelpText(
    'after',
    `
Kinds: record 纪实 · approval-forms 干部任免审批表 (one per person put to the vote) · inspection-notice
考察预告 · publicity-notice 任前公示. A document the case has not reached yet is refused (exit code 1).

Example:
  npm run -s cli -- cases document district-finance/2026-017 record`,
  )
  .action((ref: string, kind: string, options, command: Command) =>
    exitWith(casesDocument({ ...options, ref, kind, ...connection(command) }, output)),
  );

cases
  .command('import')
  .description(
    'start cases in bulk, new or already under way, from a CSV (probation) or JSON file (any track); safe to run again: existing cases are left as they are',
  )
  .argument('<file>', 'a CSV file with a header row, or a .json file: an array of start bodies')
  .option('--history <steps.csv>', "for a CSV: the cases' earlier steps, one per row (below)")
  .option('--concurrency <n>', 'rows sent at once, 1–32', wholeNumber(1, 32), 4)
  .option('--json', 'print the result of every row as JSON (progress as plain lines on stderr)')
  .addHelpText(
    'after',
    `
The header row names these columns (any order):
  ${importColumns.join(',')}
nominatedBy: several ids separated by ";". leadershipTeam: true or false (empty = false). startsOn:
YYYY-MM-DD, the date of the probation appointment notice. UTF-8 (a BOM, as Excel writes, is fine).
An optional occurredAt column says when the case began.

A case already under way brings its earlier steps: in a JSON file, each start body's "history" (as
POST /v1/cases takes it); for a CSV, --history names a steps file with the columns
  ${historyColumns.join(',')}[,actorId,actorRole,actorName]
one step per row, in order: the event type, when it happened (2026-11-02, "2026-11-02 09:30" China time,
or an ISO instant), and its other fields as a JSON object; actorId/actorRole name who took it when it
was not the token's holder (organization department only). The service applies the steps through the
case's machine; an illegal one refuses that case (its row fails, naming the step and the rule).

Every row is checked before anything is sent; a bad row fails with the column and the reason, the
others still go. A row whose case already exists counts as "already existed" when the file agrees with
the case, and fails when it does not (nothing is changed). At the end: started N, already existed N,
failed N, and a table of the failed rows (row = line number in the file). Exit code 1 if any row failed.

Examples:
  npm run -s cli -- cases import probation-2026.csv --concurrency 8
  npm run -s cli -- cases import under-way.json
  npm run -s cli -- cases import probation-2026.csv --history probation-2026-steps.csv`,
  )
  .action((file: string, options, command: Command) =>
    exitWith(casesImport({ ...options, file, ...connection(command) }, output)),
  );

cases
  .command('start')
  .description('start a case of any track from a JSON body (POST /v1/cases); --example prints one to edit')
  .addArgument(new Argument('<track>', 'the track').choices(tracks))
  .argument('[file]', 'the start body as JSON ("-" reads stdin); `track` may be left out')
  .option('--example', "print an example body for the track (the API document's), and start nothing")
  .option('--json', 'print the case as JSON')
  .addHelpText(
    'after',
    `
Tracks: promotion 提拔任职 · rotation 交流轮岗 · demotion 降职、免职 · probation 试用期.
The body is checked with the API's schema before anything is sent (the messages name each field). Starting
the same department and case id again shows the existing case and changes nothing.

Examples:
  npm run -s cli -- cases start probation --example > p.json    # edit p.json, then:
  npm run -s cli -- cases start probation p.json`,
  )
  .action((track: (typeof tracks)[number], file: string | undefined, options, command: Command) =>
    exitWith(casesStart({ ...options, track, file, ...connection(command) }, output)),
  );

cases
  .command('report')
  .description('file a supervision report (举报) on a case; in publicity or probation it holds the case')
  .argument(caseArgument, caseHelp)
  .requiredOption('--report-id <id>', "the reporting channel's id for the report, e.g. R-2026-031")
  .addOption(
    new Option(
      '--channel <channel>',
      'how it came: 信箱 mailbox, 网上 online, 来信 letter, 来访 visit, 电话 phone, other',
    )
      .choices(reportChannels)
      .makeOptionMandatory(),
  )
  .requiredOption('--summary <text>', 'what the report says (only the organization department reads it)')
  .option('--concerns <cadreId>', 'the cadre the report names, e.g. C-1001')
  .option('--reason <text>', 'a note for the record (纪实)')
  .option('--occurred-at <when>', 'when it was received: 2026-11-27, "2026-11-27 09:30" or an ISO instant')
  .option('--json', 'print the answer as JSON')
  .action((ref: string, options, command: Command) =>
    exitWith(casesReport({ ...options, ref, ...connection(command) }, output)),
  );

const calendar = program
  .command('calendar')
  .description('the working-day calendar: plan a publicity window, show and load the years it knows');

calendar
  .command('window')
  .description(
    'when a pre-appointment publicity (任前公示) published then would close, and whether that is provisional',
  )
  .requiredOption(
    '--published-at <when>',
    'when the notice goes (or went) up: 2026-12-28, "2026-12-28 09:00" (China time) or an ISO instant',
  )
  .option(
    '--working-days <n>',
    'working days it runs, 5–60 (default 5, the rules’ figure)',
    wholeNumber(5, 60),
  )
  .option('--json', 'print the API answer as JSON')
  .addHelpText(
    'after',
    `
Counts as a case counts: the working days on the mainland calendar (the built-in data and the years
operators loaded), the day of publication included when it is a working day, closing at the end of the
last one. Provisional when it runs into a year whose State Council notice is not loaded yet.

Example:
  npm run -s cli -- calendar window --published-at 2026-12-28`,
  )
  .action((options, command: Command) =>
    exitWith(calendarWindow({ ...options, ...connection(command) }, output)),
  );

calendar
  .command('show')
  .description('the years whose State Council holiday notice the calendar knows, built in and loaded')
  .option('--json', 'print the API answer as JSON')
  .action((options, command: Command) =>
    exitWith(calendarShow({ ...options, ...connection(command) }, output)),
  );

calendar
  .command('load')
  .description(
    "load a year's State Council holiday notice (organization department); open publicity windows are recomputed",
  )
  .argument(
    '<file>',
    'JSON: { "year": 2027, "holidays": [...], "makeUpWorkdays": [...], "source": "国办发明电〔2026〕7号" }',
  )
  .option('--json', 'print the API answer as JSON')
  .addHelpText(
    'after',
    `
holidays: every day off the notice gives (YYYY-MM-DD); makeUpWorkdays: the weekend days worked (调休上班);
source: the notice's number or address. Loading a year again replaces it. Checked before it is sent.

Example:
  npm run -s cli -- calendar load 2027.json`,
  )
  .action((file: string, options, command: Command) =>
    exitWith(calendarLoad({ ...options, file, ...connection(command) }, output)),
  );

program
  .command('ledger')
  .description("a nominator's accountability ledger (谁提名谁负责): totals by outcome, then every case")
  .argument('<nominator>', 'the nominator id as the cases record it, e.g. leader-wang')
  .option('--json', 'print the ledger as JSON')
  .action((nominator: string, options, command: Command) =>
    exitWith(ledger({ ...options, nominator, ...connection(command) }, output)),
  );

program.parseAsync().catch((error: unknown) => {
  // Commands report their own failures; this is a bug in the CLI itself, so show all of it.
  console.error(error);
  process.exitCode = 1;
});
