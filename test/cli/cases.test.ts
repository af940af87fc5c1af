import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesDocument } from '../../cli/cases-document';
import { casesEvent } from '../../cli/cases-event';
import { casesList } from '../../cli/cases-list';
import { casesRecord } from '../../cli/cases-record';
import { casesShow } from '../../cli/cases-show';
import { chinaTime, parseChinaInstant } from '../../cli/format';
import { ledger } from '../../cli/ledger';
import { captureOutput } from '../../cli/output';
import { probationStart, uniqueCaseId } from '../support/cases';
import { readDocx } from '../support/docx';
import { testKeysEnv, testSealer } from '../support/keys';
import { startTestService, type TestService } from '../support/service';
import { closedPort, eventually, runCli } from './support';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const connection = () => ({ api: service.api.url, token: service.tokens.org });

/** Starts a probation case over HTTP and returns its "<department>/<caseId>" and its view. */
async function startCase(overrides = {}) {
  const body = { track: 'probation', ...probationStart(overrides) };
  const answer = await service.request('POST', '/v1/cases', body);
  expect(answer.status).toBe(201);
  return { ref: `${body.department}/${body.caseId}`, body, view: answer.body };
}

async function listed(nominator: string, count: number) {
  await eventually(async () => {
    const page = await service.request('GET', `/v1/cases?nominator=${nominator}`);
    return page.body.cases?.length === count;
  });
}

describe('time formatting', () => {
  it('prints instants in China time and reads operator times as China time', () => {
    expect(chinaTime('2027-11-25T16:00:00.000Z')).toBe('2027-11-26 00:00');
    expect(parseChinaInstant('2027-03-01')).toBe('2027-02-28T16:00:00.000Z');
    expect(parseChinaInstant('2027-03-31', { endOfDay: true })).toBe('2027-03-31T16:00:00.000Z');
    expect(parseChinaInstant('2027-03-01 08:30')).toBe('2027-03-01T00:30:00.000Z');
    expect(parseChinaInstant('2027-03-01T00:00:00Z')).toBe('2027-03-01T00:00:00.000Z');
    expect(() => parseChinaInstant('2027-02-30')).toThrow(/not a time/);
    expect(parseChinaInstant('2027-03-01T08:00')).toBe('2027-03-01T00:00:00.000Z');
    expect(() => parseChinaInstant('next week')).toThrow(/not a time/);
  });
});

describe('cases list', () => {
  it('prints a table with the case, stage, next deadline in China time and nominators', async () => {
    const nominator = `nom-${uniqueCaseId('list')}`;
    const a = await startCase({ nominatedBy: [nominator, 'leader-li'] });
    const b = await startCase({ nominatedBy: [nominator] });
    await listed(nominator, 2);

    const output = captureOutput();
    expect(await casesList({ ...connection(), nominator }, output)).toBe(0);
    const text = output.text();
    for (const column of [
      'case 案件',
      'track 类别',
      'stage 阶段',
      'cadre 干部',
      'next deadline 下一期限 (China)',
      'status 状态',
      'nominators 提名人',
    ]) {
      expect(text).toContain(column);
    }
    expect(text).toContain(a.ref);
    expect(text).toContain(b.ref);
    expect(text).toContain(`${nominator}, leader-li`);
    // Probation expires as the anniversary day begins, China time.
    const expiry = chinaTime(a.view.deadlines[0].at);
    expect(expiry).toMatch(/^\d{4}-\d{2}-\d{2} 00:00$/);
    expect(text).toContain(expiry);
    expect(text).toMatch(/试用期中 serving\s+│ 李明 \(C-1001\)\s+│/);
    expect(text).toContain('2 cases.');
  });

  it('prints JSON for scripts, and the next page token when there is one', async () => {
    const nominator = `nom-${uniqueCaseId('page')}`;
    const refs = [
      (await startCase({ nominatedBy: [nominator] })).ref,
      (await startCase({ nominatedBy: [nominator] })).ref,
    ];
    await listed(nominator, 2);

    const first = captureOutput();
    expect(await casesList({ ...connection(), nominator, pageSize: 1 }, first)).toBe(0);
    const token = /--page-token (\S+)/.exec(first.text())?.[1];
    expect(token).toBeTruthy();

    // Follow the tokens in JSON mode to the end (Temporal may hand out a token for an empty last page).
    const seen = refs.filter((r) => first.text().includes(r));
    for (let pageToken = token; pageToken; ) {
      const next = captureOutput();
      expect(await casesList({ ...connection(), nominator, pageSize: 1, pageToken, json: true }, next)).toBe(
        0,
      );
      const page = JSON.parse(next.text());
      seen.push(...page.cases.map((c: { workflowId: string }) => c.workflowId));
      pageToken = page.nextPageToken;
    }
    expect(seen.sort()).toEqual([...refs].sort());
  });

  it('filters by deadline in China dates, and refuses a bad filter before asking the API', async () => {
    const nominator = `nom-${uniqueCaseId('due')}`;
    const { view } = await startCase({ nominatedBy: [nominator] });
    await listed(nominator, 1);
    const day = chinaTime(view.deadlines[0].at).slice(0, 10);
    const on = captureOutput();
    await casesList({ ...connection(), nominator, deadlineFrom: day, deadlineTo: day, json: true }, on);
    expect(JSON.parse(on.text()).cases).toHaveLength(1);
    const before = captureOutput();
    await casesList(
      { ...connection(), nominator, deadlineTo: day.replace(/^\d{4}/, (y) => String(+y - 1)) },
      before,
    );
    expect(before.text()).toBe('No cases match. 没有符合条件的案件。');

    const bad = captureOutput();
    expect(await casesList({ ...connection(), stage: "serving' OR 1=1" }, bad)).toBe(1);
    expect(bad.errors()).toMatch(/^Error: --stage: /);
  });
});

describe('cases show', () => {
  it('shows state and labels, legal events, timers in China time and the record', async () => {
    const { ref, view } = await startCase({ nominatedBy: ['leader-wang'] });
    const output = captureOutput();
    expect(await casesShow({ ...connection(), ref }, output)).toBe(0);
    const text = output.text();
    expect(text).toContain(`Case:         ${ref} (probation)`);
    expect(text).toContain('State:        serving · 试用期中 · On probation');
    expect(text).toContain('Legal events: SERIOUS_PROBLEM_FOUND');
    expect(text).toContain('Cadre:        李明 (C-1001)');
    expect(text).toContain('probationExpiry');
    expect(text).toContain(chinaTime(view.deadlines[0].at));
    expect(text).toContain('试用期满，开启考核 · Probation expires; the review opens');
    expect(text).toMatch(/│ 1\s+│ \d{4}-\d{2}-\d{2} \d{2}:\d{2} │/);

    const asJson = captureOutput();
    await casesShow({ ...connection(), ref, json: true }, asJson);
    expect(JSON.parse(asJson.text())).toMatchObject({ workflowId: ref, state: 'serving' });
  });

  it('says so, in one line, for a case that does not exist or a malformed reference', async () => {
    const missing = captureOutput();
    expect(await casesShow({ ...connection(), ref: 'district-finance/no-such-case' }, missing)).toBe(1);
    expect(missing.errors()).toMatch(/^Error \(404 not_found\): /);
    expect(missing.errors()).not.toMatch(/\n\s+at /);
    const malformed = captureOutput();
    expect(await casesShow({ ...connection(), ref: 'no-slash' }, malformed)).toBe(1);
    expect(malformed.errors()).toContain('write <department>/<caseId>');
  });
});

describe('cases event', () => {
  it('sends a legal event with its data and reason, and prints where the case is now', async () => {
    const { ref } = await startCase();
    // A finding holds the case (second rules edition); the verification the CLI sends ends it.
    await service.request('POST', `/v1/cases/${ref}/events`, {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: '严重违纪',
      findingId: 'F1',
    });
    const output = captureOutput();
    const code = await casesEvent(
      {
        ...connection(),
        ref,
        type: 'verification_substantiated',
        data: '{"reportId":"F1","findings":"严重违纪"}',
        reason: '纪委通报',
      },
      output,
    );
    expect(output.errors()).toBe('');
    expect(code).toBe(0);
    expect(output.text()).toContain(`VERIFICATION_SUBSTANTIATED accepted by ${ref}.`);
    expect(output.text()).toContain('Now: returned · 退回原单位');
    expect(output.text()).toContain('closed, outcome ended_early');
    const record = await service.request('GET', `/v1/cases/${ref}`);
    const entry = record.body.record.find((r: { type: string }) => r.type === 'VERIFICATION_SUBSTANTIATED');
    expect(entry).toMatchObject({
      reason: '纪委通报',
      data: { reportId: 'F1', findings: '严重违纪' },
      actor: { id: 'od-zhang' },
    });
  });

  it('on a refusal (409) prints why, the current state and the legal events, and exits with 2', async () => {
    const { ref } = await startCase();
    const output = captureOutput();
    expect(await casesEvent({ ...connection(), ref, type: 'REVIEW_PASSED' }, output)).toBe(2);
    const errors = output.errors();
    expect(errors).toMatch(/^Refused \(409 illegal_transition\): REVIEW_PASSED refused/);
    expect(errors).toContain('Current state: serving · 试用期中 · On probation');
    expect(errors).toContain('Legal events now: SERIOUS_PROBLEM_FOUND');
    expect((await service.request('GET', `/v1/cases/${ref}`)).body.state).toBe('serving');

    const asJson = captureOutput();
    expect(await casesEvent({ ...connection(), ref, type: 'REVIEW_PASSED', json: true }, asJson)).toBe(2);
    expect(JSON.parse(asJson.text()).error).toMatchObject({
      legalEvents: ['SERIOUS_PROBLEM_FOUND', 'REPORT_FILED'],
    });
  });

  it('invalid content is exit 1 with the field, bad --data fails before sending', async () => {
    const { ref } = await startCase();
    const invalid = captureOutput();
    expect(await casesEvent({ ...connection(), ref, type: 'SERIOUS_PROBLEM_FOUND' }, invalid)).toBe(1);
    expect(invalid.errors()).toMatch(/422 invalid_request/);
    expect(invalid.errors()).toMatch(/findings/);
    const badData = captureOutput();
    expect(
      await casesEvent({ ...connection(), ref, type: 'REVIEW_FAILED', data: '{findings:' }, badData),
    ).toBe(1);
    expect(badData.errors()).toMatch(/^Error: --data is not JSON/);
  });
});

describe('cases record', () => {
  it('exports the readable Chinese document, to stdout or to a file, and JSON', async () => {
    const { ref } = await startCase();
    await service.request('POST', `/v1/cases/${ref}/events`, {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: '严重违纪',
      findingId: 'F1',
      reason: '纪委通报',
    });
    const text = captureOutput();
    expect(await casesRecord({ ...connection(), ref }, text)).toBe(0);
    expect(text.text()).toContain('干部选拔任用工作纪实\n（试用期）');
    expect(text.text()).toContain(`案件编号：${ref}`);
    expect(text.text()).toContain('事由：纪委通报');
    expect(text.text()).toContain('经办：张处长（组织部门）');

    const file = join(mkdtempSync(join(tmpdir(), 'cadre-cli-')), 'record.txt');
    const written = captureOutput();
    expect(await casesRecord({ ...connection(), ref, out: file }, written)).toBe(0);
    expect(written.text()).toContain(`to ${file}`);
    const saved = readFileSync(file, 'utf8');
    expect(saved).toMatch(/^干部选拔任用工作纪实\n（试用期）\n/);
    expect(saved).toContain('事由：纪委通报');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // Sealed with the service's keys, found as `npm start` finds them (here: CADRE_CODEC_KEYS).
    const sealedFile = join(dirname(file), 'record.sealed');
    const keys = process.env.CADRE_CODEC_KEYS;
    process.env.CADRE_CODEC_KEYS = testKeysEnv.CADRE_CODEC_KEYS;
    try {
      expect(await casesRecord({ ...connection(), ref, out: sealedFile, seal: true }, captureOutput())).toBe(
        0,
      );
    } finally {
      if (keys === undefined) delete process.env.CADRE_CODEC_KEYS;
      else process.env.CADRE_CODEC_KEYS = keys;
    }
    const sealedText = readFileSync(sealedFile, 'utf8');
    expect(sealedText).not.toContain('纪委通报');
    expect(testSealer.open(sealedText.trim(), 'record-document')).toBe(saved);

    const asJson = captureOutput();
    expect(await casesRecord({ ...connection(), ref, format: 'json' }, asJson)).toBe(0);
    const exported = JSON.parse(asJson.text());
    expect(exported.workflowId).toBe(ref);
    expect(exported.record.map((r: { type: string }) => r.type)).toContain('SERIOUS_PROBLEM_FOUND');
  });
});

describe('cases document', () => {
  it('writes the 纪实 as a Word file under its Chinese name, prints it as text, and refuses one not reached', async () => {
    const { ref } = await startCase();
    const folder = mkdtempSync(join(tmpdir(), 'cadre-cli-'));
    const file = join(folder, 'record.docx');
    const written = captureOutput();
    expect(await casesDocument({ ...connection(), ref, kind: 'record', out: file }, written)).toBe(0);
    expect(written.text()).toMatch(/^已写入 干部选拔任用工作纪实（.*字节）：/);
    expect(readDocx(readFileSync(file)).paragraphs).toContain(`案件编号：${ref}`);

    const text = captureOutput();
    expect(await casesDocument({ ...connection(), ref, kind: 'record', format: 'text' }, text)).toBe(0);
    expect(text.text()).toMatch(/^干部选拔任用工作纪实\n（试用期）/);

    const early = captureOutput();
    expect(await casesDocument({ ...connection(), ref, kind: 'publicity-notice' }, early)).toBe(1);
    expect(early.errors()).toMatch(/任前公示/);
    const unknown = captureOutput();
    expect(await casesDocument({ ...connection(), ref, kind: 'minutes' }, unknown)).toBe(1);
    expect(unknown.errors()).toMatch(/record, approval-forms, inspection-notice, publicity-notice/);
  });
});

describe('ledger', () => {
  it('prints totals by outcome, then the cases', async () => {
    const nominator = `leader-${uniqueCaseId('ledger')}`;
    const kept = await startCase({ nominatedBy: [nominator] });
    const ended = await startCase({ nominatedBy: [nominator] });
    await service.request('POST', `/v1/cases/${ended.ref}/events`, {
      type: 'SERIOUS_PROBLEM_FOUND',
      findings: '严重违纪',
      findingId: 'F1',
    });
    // The finding holds the case until verified (second rules edition).
    await service.request('POST', `/v1/cases/${ended.ref}/events`, {
      type: 'VERIFICATION_SUBSTANTIATED',
      reportId: 'F1',
      findings: '属实',
    });
    await eventually(async () => {
      const l = await service.request('GET', `/v1/nominators/${nominator}/ledger`);
      return l.body.totals.open === 1 && l.body.totals.ended_early === 1;
    });
    const output = captureOutput();
    expect(await ledger({ ...connection(), nominator }, output)).toBe(0);
    const text = output.text();
    expect(text).toContain(`Ledger of ${nominator} (谁提名谁负责): 2 cases`);
    expect(text).toMatch(/│ open\s+│ 1\s+│/);
    expect(text).toMatch(/│ ended_early\s+│ 1\s+│/);
    expect(text.indexOf('open')).toBeLessThan(text.indexOf('ended_early'));
    expect(text).toContain(kept.ref);
    expect(text).toContain(ended.ref);

    const asJson = captureOutput();
    await ledger({ ...connection(), nominator, json: true }, asJson);
    expect(JSON.parse(asJson.text()).totals).toEqual({ open: 1, ended_early: 1 });
  });
});

describe('the CLI as a process', () => {
  it('--help explains the commands and the exit codes', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('cases');
    expect(help.stdout).toContain('ledger');
    expect(help.stdout).toContain('CADRE_TOKEN');
    expect(help.stdout).toContain('Exit codes');
    const event = await runCli(['cases', 'event', '--help']);
    expect(event.stdout).toContain('exits with 2');
  });

  it('an unreachable API is one clear line and exit 1, no stack trace', async () => {
    const api = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCli(['cases', 'list', '--api', api, '--token', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Cannot reach the API at ${api}: is \`npm start\` running? (ECONNREFUSED)`,
    );
  });

  it('reads the API and token from the environment; a refusal exits with 2', async () => {
    const { ref } = await startCase();
    const env = { CADRE_API_URL: service.api.url, CADRE_TOKEN: service.tokens.org };
    const refused = await runCli(['cases', 'event', ref, 'REVIEW_PASSED'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Legal events now: SERIOUS_PROBLEM_FOUND');

    const shown = await runCli(['cases', 'show', ref, '--json'], env);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ workflowId: ref, state: 'serving' });

    const noToken = await runCli(['cases', 'show', ref], { CADRE_API_URL: service.api.url });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/^Error \(401 unauthenticated\)/);
    expect(noToken.stderr).toContain('--token or CADRE_TOKEN');
  });

  it('refuses bad options with a usage message', async () => {
    const result = await runCli(['cases', 'list', '--status', 'pending']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("option '--status <status>' argument 'pending' is invalid");
  });
});
