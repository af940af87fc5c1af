import type { Client } from '@temporalio/client';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { apiMachines } from '../../worker/api-machines';

/**
 * The docs page works offline and offers nothing that needs Scalar's cloud (issue 16): the page and its
 * configuration are read as the browser gets them.
 */
let page: string;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  app = createApp({
    client: {} as Client,
    taskQueue: 'unused',
    logger: pino({ level: 'silent' }),
    credentials: [],
    builtInCalendarYears: [],
    machines: apiMachines(),
  });
  page = await (await app.request('/docs')).text();
});

describe('the docs page', () => {
  it('loads its script from this service and names no other host', async () => {
    expect(page).toContain('src="/docs/scalar.js"');
    expect(page).not.toMatch(/(src|href)="https?:/);
    expect(page).not.toMatch(/https?:\/\/(cdn|fonts|proxy)\./);
    expect((await app.request('/docs/scalar.js')).status).toBe(200);
  });

  it('turns off the web fonts, the client button, the developer toolbar, the agent and telemetry', () => {
    // The configuration is embedded in the page as JSON (Scalar's getHtmlDocument).
    const embedded = /createApiReference\('#app', (\{[\s\S]*?\})\)\s*<\/script>/.exec(page)?.[1];
    expect(JSON.parse(embedded ?? 'null')).toMatchObject({
      url: '/openapi.json',
      withDefaultFonts: false,
      hideClientButton: true,
      showDeveloperTools: 'never',
      agent: { disabled: true },
      telemetry: false,
    });
  });
});
