import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../domain/dates';
import { type RunningCodecServer, startCodecServer } from '../../security/codec-server';
import { eventually } from '../cli/support';
import { probationStart, uniqueCaseId } from '../support/cases';
import { promotionThroughTheVote, rotationAtTheVote, today } from '../support/history-fixtures';
import { testKeyring } from '../support/keys';
import { freePort } from '../support/ports';
import { e } from '../support/promotion-fixtures';
import { startTestService, type TestService } from '../support/service';

/**
 * The Temporal Web UI as an operator on call uses it, in a real browser: Debian's chromium, headless,
 * driven by playwright-core (never a browser download: `executablePath` is the system's). The dev
 * server's UI is pointed at the codec server (`--ui-codec-endpoint`), where the browser signs in with an
 * organization-department token, as the README's Secrets section says.
 *
 * Also the operator guide's List Filter queries, read from the README as written and run against the dev
 * server's visibility: each finds exactly the cases it should.
 *
 * Screenshots go to test/browser/artifacts/ (gitignored); the README's are copied to docs/operators/
 * when CADRE_OPERATOR_SCREENSHOTS=1.
 */
const root = resolve(__dirname, '../..');
const artifacts = join(__dirname, 'artifacts');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let service: TestService;
let codec: RunningCodecServer;
let browser: Browser;
let uiUrl: string;
const OPERATOR_TOKEN = 'operator-token-for-the-browser-test';

/** The cases the guide's queries must find, by what they are. */
const cases = {
  // Brought in through the vote 40 days ago, then published today: in publicity.
  inPublicity: uniqueCaseId('ui-pub'),
  // At the committee's vote for 37 days (30 expected): overdue at committeeVote, not yet escalated.
  overdueVote: uniqueCaseId('ui-vote'),
  // A probation begun today, a report filed: held.
  held: uniqueCaseId('ui-held'),
  // A probation that ends this month (its year from a year ago today): in review now.
  endsThisMonth: uniqueCaseId('ui-ends'),
  // A probation that ended 14 months after it began two months ago: its review overran, escalated.
  escalatedReview: uniqueCaseId('ui-esc'),
};
const ids: Record<keyof typeof cases, string> = {
  inPublicity: `district-finance/${cases.inPublicity}`,
  overdueVote: `district-org/${cases.overdueVote}`,
  held: `district-finance/${cases.held}`,
  endsThisMonth: `district-finance/${cases.endsThisMonth}`,
  escalatedReview: `district-finance/${cases.escalatedReview}`,
};

async function post(path: string, body: unknown, token?: string) {
  const answer = await service.request('POST', path, body, token ? { token } : undefined);
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const searchAttribute = async (workflowId: string, name: string) =>
  (await service.env.client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo
    ?.searchAttributes?.indexedFields?.[name];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const uiPort = await freePort();
  codec = await startCodecServer(
    {
      keyring: testKeyring,
      namespace: 'default',
      allowedOrigins: [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`],
      authorize: (token) => (token === OPERATOR_TOKEN ? { id: 'org-admin' } : undefined),
    },
    '127.0.0.1',
    0,
  );
  service = await startTestService({ ui: { port: uiPort, codecEndpoint: codec.url } });
  uiUrl = `http://127.0.0.1:${uiPort}`;
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true });

  const promotion = promotionThroughTheVote(cases.inPublicity);
  await post('/v1/cases', promotion.start);
  const { publishedAt: _fixed, actor: _actor, at: _at, ...publicity } = e.publicity;
  await post(`/v1/cases/${ids.inPublicity}/events`, { ...publicity, occurredAt: today() });
  await post('/v1/cases', rotationAtTheVote(cases.overdueVote, 40));
  await post('/v1/cases', { track: 'probation', ...probationStart({ caseId: cases.held }) });
  await post(
    `/v1/cases/${ids.held}/events`,
    { type: 'REPORT_FILED', reportId: 'R-ui', channel: 'mailbox', summary: '反映该同志存在违规兼职问题' },
    service.tokens.finance,
  );
  const endsToday = addMonths(today(), -12);
  await post('/v1/cases', {
    track: 'probation',
    ...probationStart({ caseId: cases.endsThisMonth, startsOn: endsToday }),
    occurredAt: endsToday,
  });
  const longAgo = addMonths(today(), -14);
  await post('/v1/cases', {
    track: 'probation',
    ...probationStart({ caseId: cases.escalatedReview, startsOn: longAgo }),
    occurredAt: longAgo,
  });
  // Every case has come to rest: its marks are in visibility.
  await eventually(async () => (await searchAttribute(ids.overdueVote, 'CaseOverdue')) !== undefined, 30_000);
  await eventually(
    async () => (await searchAttribute(ids.escalatedReview, 'CaseOverdueEscalated')) !== undefined,
    30_000,
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await codec?.close();
});

/** The operator guide's queries, as the README writes them (between its operator-queries markers). */
function guideQueries(): { what: string; query: string }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const table = readme.split('<!-- operator-queries:start -->')[1]?.split('<!-- operator-queries:end -->')[0];
  if (!table) throw new Error('README.md has no operator-queries table');
  return table
    .split('\n')
    .map((line) => line.match(/^\| (.+?) \| `(.+)` \|$/))
    .filter((match): match is RegExpMatchArray => match !== null)
    .map((match) => ({ what: match[1] as string, query: match[2] as string }));
}

/** This month's bounds in China time, for the README's example month. */
function thisMonth(): [string, string] {
  const first = `${today().slice(0, 7)}-01`;
  return [`${first}T00:00:00+08:00`, `${addMonths(first, 1)}T00:00:00+08:00`];
}

async function found(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of service.env.client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids.sort();
}

describe('the operator guide’s List Filter queries (README), against the dev server', () => {
  const expected: Record<string, (keyof typeof cases)[]> = {
    'every case in publicity': ['inPublicity'],
    'every probation ending this month': ['endsThisMonth'],
    'every held case': ['held'],
    'every overdue case': ['escalatedReview', 'overdueVote'],
    'every overdue case at one stage': ['overdueVote'],
    'every escalated case': ['escalatedReview'],
    'every escalated probation review': ['escalatedReview'],
  };

  it('the README lists each query the guide promises', () => {
    const listed = guideQueries().map((q) => q.what.split(' (')[0]);
    expect(listed).toEqual(Object.keys(expected));
  });

  it.each(Object.entries(expected))('%s: finds exactly its cases', async (what, want) => {
    const row = guideQueries().find((q) => q.what.startsWith(what));
    let query = row?.query ?? '';
    // The README's example month is December 2026: the query for this month has this month's bounds.
    if (what === 'every probation ending this month') {
      const [from, to] = thisMonth();
      query = query.replace('2026-12-01T00:00:00+08:00', from).replace('2027-01-01T00:00:00+08:00', to);
    }
    const wanted = want.map((key) => ids[key]).sort();
    await eventually(async () => JSON.stringify(await found(query)) === JSON.stringify(wanted), 20_000).catch(
      async () => expect({ query, found: await found(query) }).toEqual({ query, found: wanted }),
    );
  });
});

/** A page of the UI with the codec server's session cookie and its codec settings on. */
async function operatorPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
  const page = await context.newPage();
  // The UI loads every payload through the codec server: slow on a busy machine, so wait long.
  page.setDefaultTimeout(90_000);
  // Sign in on the codec server's own page: it sets its HttpOnly session cookie.
  await page.goto(codec.url);
  await page.locator('input[name="token"]').fill(OPERATOR_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('org-admin').first().waitFor();
  // The UI's codec settings (its Codec Server dialog stores them so): this endpoint, with credentials.
  await context.addInitScript((endpoint: string) => {
    // Runs in the page: its localStorage (this file is compiled without the DOM's types).
    const localStorage = (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } })
      .localStorage;
    localStorage.setItem('endpoint', JSON.stringify(endpoint));
    localStorage.setItem('includeCredentials', JSON.stringify(true));
    localStorage.setItem('passAccessToken', JSON.stringify(false));
    localStorage.setItem('overrideRemoteCodecConfiguration', JSON.stringify(true));
  }, codec.url);
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.CADRE_OPERATOR_SCREENSHOTS === '1') {
    mkdirSync(join(root, 'docs/operators'), { recursive: true });
    copyFileSync(file, join(root, 'docs/operators', `${name}.png`));
  }
}

/**
 * The current details as the UI renders them: markdown, in a frame of its own on the User Metadata tab.
 * (A query answer, sealed: it shows only through the codec server.)
 */
function currentDetails(page: Page) {
  return page
    .frameLocator('iframe#user-metadata-summary ~ * iframe, iframe:not(#user-metadata-summary)')
    .first();
}
/** The workflow's summary, rendered the same way. */
function summaryFrame(page: Page) {
  return page.frameLocator('iframe#user-metadata-summary');
}

/** A case's page in the UI: its latest run's, as the list links it. */
async function workflowPage(workflowId: string, tab = 'history'): Promise<string> {
  const { runId } = await service.env.client.workflow.getHandle(workflowId).describe();
  return `${uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}/${runId}/${tab}`;
}

describe('the same marks in the API’s case list (what the CLI shows as 暂停 and 逾期)', () => {
  it('a held case is held, an overdue one names its stage and since when, an escalated one says so', async () => {
    type Row = {
      workflowId: string;
      held?: boolean;
      overdue?: { stage: string; since?: string; escalated: boolean };
    };
    const rows = async (query: string) =>
      ((await service.request('GET', `/v1/cases?${query}`)).body as { cases: Row[] }).cases;
    const byId = new Map(
      [...(await rows('track=rotation')), ...(await rows('track=probation'))].map((r) => [r.workflowId, r]),
    );
    expect(byId.get(ids.held)?.held).toBe(true);
    expect(byId.get(ids.held)?.overdue).toBeUndefined();
    expect(byId.get(ids.overdueVote)?.overdue).toMatchObject({ stage: 'committeeVote', escalated: false });
    expect(byId.get(ids.overdueVote)?.overdue?.since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byId.get(ids.overdueVote)?.held).toBeUndefined();
    expect(byId.get(ids.escalatedReview)?.overdue?.escalated).toBe(true);
    expect(byId.get(ids.endsThisMonth)?.overdue).toBeUndefined();
  });
});

describe('the Temporal Web UI in a real browser (chromium)', { timeout: 240_000 }, () => {
  it('the list filtered by the project’s search attributes shows the expected cases', async () => {
    const page = await operatorPage();
    const query = 'CaseOverdue IS NOT NULL';
    await page.goto(`${uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
    await page.getByRole('link', { name: ids.overdueVote }).waitFor();
    await page.getByRole('link', { name: ids.escalatedReview }).waitFor();
    expect(await page.getByRole('link', { name: ids.inPublicity }).count()).toBe(0);
    await screenshot(page, 'list-overdue');
    await page.context().close();
  });

  it('a case’s page: its summary and current details in Chinese and English, deadlines in China time, through the codec server', async () => {
    const page = await operatorPage();
    await page.goto(await workflowPage(ids.overdueVote));
    await page.getByText('User Metadata', { exact: true }).click();
    const details = currentDetails(page);
    // Current details: the stage, the overdue mark since the start of a China day.
    await details.getByText('常委会票决 · Committee vote').first().waitFor();
    await details
      .getByText(/Overdue 超期预警/)
      .first()
      .waitFor();
    await details
      .getByText(/overdue since 自 \d{4}-\d{2}-\d{2} 00:00 \(China time\)/)
      .first()
      .waitFor();
    await details.getByText('Legal events now 当前可发送事件', { exact: false }).first().waitFor();
    // The summary: track in both languages, the cadre by id, the post.
    await summaryFrame(page).getByText('交流轮岗 Rotation · C-2001 · from 区财政局 副局长').waitFor();
    await screenshot(page, 'case-overdue');
    await page.context().close();
  });

  it('a held probation: Held 暂停 in its details, its next timer in China time', async () => {
    const page = await operatorPage();
    await page.goto(await workflowPage(ids.held));
    await page.getByText('User Metadata', { exact: true }).click();
    const details = currentDetails(page);
    await details
      .getByText(/Held 暂停/)
      .first()
      .waitFor();
    await details
      .getByText(
        /试用期满，开启考核 \/ Probation expires; the review opens at \d{4}-\d{2}-\d{2} 00:00 \(China time\)/,
      )
      .first()
      .waitFor();
    await screenshot(page, 'case-held');
    await page.context().close();
  });

  it('the history: named timers, activity summaries, events under their own Update names, payloads opened', async () => {
    const page = await operatorPage();
    await page.goto(await workflowPage(ids.inPublicity));
    // The Update of the event's own name, and the publicity window's timer with its summary.
    await page.getByText('PUBLICITY_STARTED').first().waitFor();
    await page.getByText('Workflow Execution Update Accepted').first().waitFor();
    await page.getByText('公示期满 · The publicity window closes → PUBLICITY_CLOSED').first().waitFor();
    // The activities' summaries: the notice the event set going, the loaded holiday years fetched.
    await page
      .getByText(/^notify · /)
      .first()
      .waitFor();
    await page
      .getByText(/^fetch the loaded holiday years for the publicity window · /)
      .first()
      .waitFor();
    await screenshot(page, 'history-publicity');

    await page.goto(await workflowPage(ids.overdueVote));
    // Brought in 37 days into a 30-day stage: warned at once, its escalation's timer armed, named.
    await page
      .getByText(/^超期提级督办 · escalation: 常委会票决 · Committee vote — overdue since/)
      .first()
      .waitFor();
    await page
      .getByText(/stage_overdue → committee/)
      .first()
      .waitFor();
    await screenshot(page, 'history-overdue');

    // Decrypted: the input's cadre name, sealed in Temporal, opened by the codec server.
    await page.goto(await workflowPage(ids.overdueVote));
    await page.getByText('王芳').first().waitFor();
    await page.context().close();
  });

  it('without a codec session the same page shows ciphertext only', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(90_000);
    await page.goto(await workflowPage(ids.overdueVote));
    await page.getByText('Workflow Execution Started').first().waitFor();
    // The codec server refuses a browser without a session: the UI says so, and shows the input as Temporal
    // holds it — ciphertext.
    await page.getByText('Codec Server could not connect').first().waitFor({ state: 'attached' });
    await page
      .getByText(/^"[A-Za-z0-9+/]{200,}={0,2}"$/)
      .first()
      .waitFor();
    await screenshot(page, 'without-codec-session');
    expect(await page.getByText('王芳').count()).toBe(0);
    await context.close();
  });
});
