import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExamples } from '../../api/openapi/examples';
import { calendarLoad, calendarShow } from '../../cli/calendar-years';
import { casesList } from '../../cli/cases-list';
import { casesReport } from '../../cli/cases-report';
import { casesShow } from '../../cli/cases-show';
import { casesStart } from '../../cli/cases-start';
import { captureOutput } from '../../cli/output';
import { tracks } from '../../domain/case';
import { testSchedule } from '../support/calendar-fixtures';
import { probationStart, uniqueCaseId } from '../support/cases';
import { startTestService, type TestService } from '../support/service';
import { eventually, runCli } from './support';

/**
 * The CLI as a clerk of the organization department reads it (issue 16): Chinese beside the ids, names,
 * which deadline a date is, held cases flagged; every track started, a report filed and the calendar
 * shown and loaded from the terminal; the CLI's own checks in Chinese. Against a real service.
 */
let service: TestService;
let dir: string;
beforeAll(async () => {
  service = await startTestService();
  dir = mkdtempSync(join(tmpdir(), 'cadre-clerk-'));
});
afterAll(async () => {
  await service?.stop();
});

const connection = (token = service.tokens.org) => ({ api: service.api.url, token });
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

async function startProbation(overrides = {}) {
  const body = { track: 'probation', ...probationStart(overrides) };
  expect((await service.request('POST', '/v1/cases', body)).status).toBe(201);
  return { ref: `${body.department}/${body.caseId}`, body };
}

const listedBy = (nominator: string, count: number) =>
  eventually(async () => {
    const page = await service.request('GET', `/v1/cases?nominator=${nominator}`);
    return page.body.cases?.length === count;
  });

describe('cases list and show, for a clerk', () => {
  it('gives the stage in Chinese beside its id, the cadre by name and which deadline the date is', async () => {
    const nominator = `nom-${uniqueCaseId('clerk')}`;
    const a = await startProbation({ nominatedBy: [nominator], cadre: { id: 'C-7001', name: '周敏' } });
    await startProbation({ nominatedBy: [nominator], cadre: { id: 'C-7002', name: '吴刚' } });
    await listedBy(nominator, 2);
    const output = captureOutput();
    expect(await casesList({ ...connection(), nominator }, output)).toBe(0);
    const text = output.text();
    expect(text).toContain(a.ref);
    expect(text).toContain('试用期中 serving');
    expect(text).toContain('试用期 probation');
    expect(text).toContain('周敏 (C-7001)');
    expect(text).toContain('吴刚 (C-7002)');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} 00:00 试用期满/);
    // Compact: a rule under the header only, none between the rows.
    expect(text.match(/├/g)).toHaveLength(1);
    expect(text).toContain('共 2 件');
  });

  it('flags a case held by a report, in the list and in show, after `cases report` files it', async () => {
    const nominator = `nom-${uniqueCaseId('held')}`;
    const { ref } = await startProbation({ nominatedBy: [nominator] });
    const filed = captureOutput();
    expect(
      await casesReport(
        { ...connection(), ref, reportId: 'R-7', channel: 'online', summary: '反映试用期间存在违规问题' },
        filed,
      ),
    ).toBe(0);
    expect(filed.text()).toContain('Report R-7 filed 已受理举报');
    await listedBy(nominator, 1);
    const listed = captureOutput();
    await casesList({ ...connection(), nominator }, listed);
    expect(listed.text()).toContain('暂停 held (1 件待核查)');
    const shown = captureOutput();
    await casesShow({ ...connection(), ref }, shown);
    expect(shown.text()).toMatch(/Flags 标记: +暂停 held \(1 件待核查\)/);
    expect(shown.text()).toMatch(/│ 试用期满\s+│ \d{4}-\d{2}-\d{2} 00:00 │ probationExpiry/);
    // The record names the stage each step left the case in, in Chinese.
    expect(shown.text()).toMatch(/REPORT_FILED\s+│ [^│]*试用期/);

    const badChannel = captureOutput();
    expect(
      await casesReport(
        { ...connection(), ref, reportId: 'R-8', channel: 'pigeon', summary: '…' },
        badChannel,
      ),
    ).toBe(1);
    expect(badChannel.errors()).toMatch(/^Error: the report: channel: /);
  });

  it('warns when --department is used with a department token, instead of silently listing its own', async () => {
    const nominator = `nom-${uniqueCaseId('dept')}`;
    await startProbation({ nominatedBy: [nominator], department: 'district-finance' });
    await listedBy(nominator, 1);
    const output = captureOutput();
    expect(
      await casesList(
        { ...connection(service.tokens.finance), nominator, department: 'district-education' },
        output,
      ),
    ).toBe(0);
    expect(output.errors()).toContain(
      "--department district-education, but this token is district-finance's and sees only its own department's cases",
    );
    // The organization department's token lists the department asked for, with no warning.
    const org = captureOutput();
    await casesList({ ...connection(), nominator, department: 'district-education' }, org);
    expect(org.errors()).toBe('');
    expect(org.text()).toContain('No cases match.');
  });
});

describe('cases start, for every track', () => {
  it.each(tracks)('starts a %s case from a JSON body, and a second start changes nothing', async (track) => {
    const { track: _track, ...example } = startExamples[track];
    const body = { ...example, caseId: uniqueCaseId(track) };
    const path = file(`${track}.json`, body);
    const first = captureOutput();
    expect(await casesStart({ ...connection(), track, file: path }, first)).toBe(0);
    expect(first.text()).toContain(`Started 已立案: ${body.department}/${body.caseId}`);
    const again = captureOutput();
    expect(await casesStart({ ...connection(), track, file: path }, again)).toBe(0);
    expect(again.text()).toContain('Already existed 已存在（未改动）');
    const read = await service.request('GET', `/v1/cases/${body.department}/${body.caseId}`);
    expect(read.body.track).toBe(track);
  });

  it('prints an example body to edit, and checks a body in Chinese before sending it (as the CLI runs)', async () => {
    const example = captureOutput();
    expect(await casesStart({ ...connection(), track: 'rotation', example: true }, example)).toBe(0);
    expect(JSON.parse(example.text())).toMatchObject({ track: 'rotation', cadre: { name: '王芳' } });

    const bad = file('bad-start.json', { department: 'district-finance', caseId: uniqueCaseId('bad') });
    const run = await runCli(['cases', 'start', 'probation', bad, '--api', service.api.url], {
      CADRE_TOKEN: service.tokens.org,
    });
    expect(run.code).toBe(1);
    // zod 4's zhCN locale: "无效输入：期望 object，实际接收 undefined".
    expect(run.stderr).toMatch(/cadre: 无效输入：期望 object/);
  });
});

describe('calendar show and load', () => {
  it("loads a year's notice, and shows it among the loaded years", async () => {
    const schedule = testSchedule(2035);
    const loaded = captureOutput();
    const code = await calendarLoad({ ...connection(), file: file('2035.json', schedule) }, loaded);
    expect(code, loaded.errors()).toBe(0);
    expect(loaded.text()).toContain(
      `Loaded 已载入 2035: ${schedule.holidays.length} holidays 节假日, ${schedule.makeUpWorkdays.length} make-up workdays`,
    );
    const shown = captureOutput();
    expect(await calendarShow(connection(), shown)).toBe(0);
    expect(shown.text()).toMatch(/Loaded by operators 运维载入: .*2035/);

    const wrong = captureOutput();
    // 2035-10-03 is a Wednesday: no make-up working day.
    const notSaturday = { ...schedule, makeUpWorkdays: ['2035-10-03'] };
    expect(await calendarLoad({ ...connection(), file: file('bad.json', notSaturday) }, wrong)).toBe(1);
    expect(wrong.errors()).toMatch(/makeUpWorkdays\.0: /);
  });
});
