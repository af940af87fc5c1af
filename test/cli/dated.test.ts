import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarWindow } from '../../cli/calendar-window';
import { casesImport, historyColumns, importColumns } from '../../cli/cases-import';
import { captureOutput } from '../../cli/output';
import { addDays } from '../../domain/dates';
import { builtInCalendar, publicityWindow } from '../../machines/calendar';
import { uniqueCaseId } from '../support/cases';
import {
  demotionAtTheProposal,
  probationInReview,
  rotationAtTheVote,
  today,
} from '../support/history-fixtures';
import { startTestService, type TestService } from '../support/service';
import { runCli } from './support';

/** The CLI's dated commands against a real service: the window preview, and importing cases under way. */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

const connection = () => ({ api: service.api.url, token: service.tokens.org });
const dir = mkdtempSync(join(tmpdir(), 'cadre-dated-cli-'));

describe('calendar window', () => {
  it('shows when a window published on 2026-12-28 closes, its working days, and that it is provisional', async () => {
    const result = await runCli(['calendar', 'window', '--published-at', '2026-12-28'], {
      CADRE_API_URL: service.api.url,
      CADRE_TOKEN: service.tokens.org,
    });
    expect(result.code).toBe(0);
    const expected = publicityWindow(builtInCalendar, {
      publishedAt: '2026-12-28T00:00:00+08:00',
      workingDays: 5,
      publicationDayCounts: true,
    });
    expect(result.stdout).toContain(`Closes 期满: at the end of ${expected.lastWorkingDay}`);
    for (const day of expected.workingDaysCounted) expect(result.stdout).toContain(day);
    expect(result.stdout).toContain('Provisional 暂定');
    expect(result.stdout).toContain('2027');
  });

  it('refuses a date it cannot read, in one line', async () => {
    const output = captureOutput();
    expect(await calendarWindow({ ...connection(), publishedAt: 'next monday' }, output)).toBe(1);
    expect(output.errors()).toMatch(/^Error: --published-at "next monday": write a date/);
  });
});

describe('cases import of cases under way', () => {
  it('from JSON, any track: each case comes in at its stage; an illegal step fails its own entry, naming it', async () => {
    const rotation = rotationAtTheVote(uniqueCaseId('cli-rot'));
    const demotion = demotionAtTheProposal(uniqueCaseId('cli-dem'));
    const bad = rotationAtTheVote(uniqueCaseId('cli-bad'));
    const [proposed] = bad.history ?? [];
    const file = join(dir, 'under-way.json');
    writeFileSync(
      file,
      JSON.stringify([
        rotation,
        demotion,
        { ...bad, history: [proposed, { ...proposed, occurredAt: today() }] },
      ]),
    );
    const output = captureOutput();
    expect(await casesImport({ ...connection(), file }, output)).toBe(1);
    expect(output.text()).toContain(`${file}: 3 rows — started 2, already existed 0, failed 1`);
    expect(output.text()).toMatch(/history\[1\] \(ROTATION_PROPOSED\) cannot be brought in/);
    const read = async (start: { department: string; caseId: string }) =>
      (await service.request('GET', `/v1/cases/${start.department}/${start.caseId}`)).body;
    expect((await read(rotation)).state).toBe('committeeVote');
    expect((await read(demotion)).state).toBe('proposal');

    // Importing the same file again is safe: the cases that came in exist, as the file says.
    const again = captureOutput();
    await casesImport({ ...connection(), file }, again);
    expect(again.text()).toContain('started 0, already existed 2, failed 1');
  });

  it('from CSV with a steps file (--history): the probation comes in with its earlier steps', async () => {
    const { start, startsOn } = probationInReview(uniqueCaseId('cli-prob'));
    const row: Record<string, string> = {
      department: start.department,
      caseId: start.caseId,
      cadreId: 'C-1001',
      cadreName: '李明',
      trialUnit: '区财政局',
      trialTitle: '副局长',
      trialRank: '副处',
      previousUnit: '区财政局',
      previousTitle: '预算科科长',
      previousRank: '正科',
      startsOn,
      nominatedBy: 'leader-wang',
      leadershipTeam: 'true',
      occurredAt: startsOn,
    };
    const cases = join(dir, 'probation.csv');
    const columns = [...importColumns, 'occurredAt'];
    writeFileSync(cases, `${columns.join(',')}\n${columns.map((c) => row[c]).join(',')}\n`);
    const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
    const steps = join(dir, 'steps.csv');
    writeFileSync(
      steps,
      [
        [...historyColumns, 'actorId', 'actorRole'].join(','),
        [
          start.department,
          start.caseId,
          'REPORT_FILED',
          addDays(startsOn, 30),
          quote(JSON.stringify({ reportId: 'R-1', channel: 'mailbox', summary: '反映问题' })),
          'fin-hr',
          'department',
        ].join(','),
        [
          start.department,
          start.caseId,
          'VERIFICATION_CLEARED',
          `${addDays(startsOn, 40)} 09:30`,
          quote(JSON.stringify({ reportId: 'R-1', findings: '不属实' })),
          '',
          '',
        ].join(','),
      ].join('\n'),
    );
    const output = captureOutput();
    expect(await casesImport({ ...connection(), file: cases, history: steps }, output)).toBe(0);
    expect(output.text()).toContain('started 1');
    const view = (await service.request('GET', `/v1/cases/${start.department}/${start.caseId}`)).body;
    expect(
      view.record.filter((r: { imported?: boolean }) => r.imported).map((r: { type: string }) => r.type),
    ).toEqual(['REPORT_FILED', 'VERIFICATION_CLEARED']);
    expect(view.record[0]).toMatchObject({ type: 'CASE_STARTED', occurredAt: startsOn });
  });
});
