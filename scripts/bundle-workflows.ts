/**
 * Builds the case workflows' bundle once (`npm run -s bundle -- <file>`), for workers started with
 * CADRE_WORKFLOW_BUNDLE=<file>: a deployment ships the bundle it tested, and a worker starts in seconds
 * instead of bundling on every start. The same bundle as a worker's own (worker/worker.ts).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleCaseWorkflows } from '../worker/worker';

const out = resolve(process.argv[2] ?? 'dist/workflows-bundle.js');
bundleCaseWorkflows({ logger: undefined })
  .then(({ code }) => {
    writeFileSync(out, code);
    console.log(out);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
