import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { AppEnv } from '../context';
import { nameComponents } from '../openapi/components';
import { completeDocument } from '../openapi/document';

/**
 * The docs page, offline: the script from node_modules, no web fonts (Scalar fetches Inter and JetBrains
 * Mono from fonts.scalar.com by default), and none of what needs Scalar's cloud: the "Open API client"
 * button (its desktop and web client), the developer toolbar (publishing to Scalar's registry), the AI
 * agent and usage telemetry. Trying a request stays: it goes to this API, from the browser.
 */
const docsPageConfiguration = {
  url: '/openapi.json',
  cdn: '/docs/scalar.js',
  pageTitle: '干部选拔任用 API',
  withDefaultFonts: false,
  hideClientButton: true,
  showDeveloperTools: 'never' as const,
  agent: { disabled: true },
  telemetry: false,
};

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas (the very schemas that validate) and
 * completed with what the middleware does (api/openapi/document.ts), and a docs page that works offline.
 */
export function registerDocs(app: OpenAPIHono<AppEnv>): void {
  nameComponents();
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: "A department's API token",
  });
  let document: unknown;
  app.get('/openapi.json', (c) => {
    // Generated once, on the first read: every route is declared by then.
    document ??= completeDocument(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Cadre appointment orchestrator 干部选拔任用流程服务',
          version: '1',
          description:
            'Department systems start and drive appointment cases. Each track is a state machine run durably on Temporal; illegal events are refused with the current state and the events legal now. Every request under /v1 needs a bearer token.',
        },
        tags: [
          { name: 'Cases', description: 'Start, drive, read and list cases' },
          { name: 'Supervision', description: 'Reports (举报) and the nominators’ accountability ledger' },
          { name: 'Calendar', description: 'The working-day calendar the publicity deadlines run on' },
          { name: 'Health', description: 'Liveness and readiness, without a token' },
        ],
      }),
      app,
    );
    return c.json(document);
  });
  // The reference page's script is served from node_modules rather than a CDN: the service may run where
  // only the intranet is reachable.
  const scriptPath = join(
    dirname(createRequire(__filename).resolve('@scalar/api-reference')),
    'browser/standalone.js',
  );
  let script: string | undefined;
  app.get('/docs/scalar.js', (c) => {
    script ??= readFileSync(scriptPath, 'utf8');
    return c.body(script, 200, { 'content-type': 'application/javascript; charset=utf-8' });
  });
  app.get('/docs', Scalar(docsPageConfiguration));
}
