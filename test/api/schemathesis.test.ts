import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSchemathesis } from '../support/schemathesis';
import { startTestService, type TestService } from '../support/service';

/**
 * schemathesis runs every phase — examples, coverage, fuzzing, stateful — against the real service: the
 * API on a free port, a worker, and the embedded Temporal dev server, all started here, with an
 * organization department token. Any failure fails this test with schemathesis's own report.
 * test/support/schemathesis.ts has the checks (all that apply) and the numbers (within about three minutes
 * on two cores; SCHEMATHESIS_MAX_EXAMPLES and SCHEMATHESIS_SEED for a longer or another hunt).
 */
let service: TestService;
let folder: string;
beforeAll(async () => {
  service = await startTestService();
  folder = mkdtempSync(join(tmpdir(), 'schemathesis-'));
});
afterAll(async () => {
  await service?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

it('schemathesis finds no failure in any phase, with every check that applies', {
  timeout: 540_000,
}, async () => {
  const { code, output } = await runSchemathesis(service, folder);
  if (code !== 0) throw new Error(`schemathesis exited with ${code}:\n${output}`);
  expect(output).toMatch(/Examples[\s\S]*Coverage[\s\S]*Fuzzing[\s\S]*Stateful/);
});
