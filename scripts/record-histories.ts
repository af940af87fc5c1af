/**
 * Records real histories of every track's scenarios (time-skipping server, real worker) into
 * test/fixtures/histories/, for the replay tests. Run it when adding a track or a scenario, never to
 * "fix" a replay failure: a failing replay means a change would break in-flight cases and needs patching.
 *   npx tsx scripts/record-histories.ts <scenario-name ...>
 * Histories are recorded sealed, under the committed test-only key test/fixtures/history-codec-keys.json.
 * Name the scenarios to record: the histories recorded before payload encryption are plaintext, and must
 * stay so (the replay suite proves that cases started before encryption keep replaying).
 * Scenarios share one server started at the real date; a scenario that names `startAt` gets a server of
 * its own whose clock starts there.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { HistoryScenario } from '../test/replay/scenarios';

// Before the test support loads: its clients and workers seal with these keys (test/support/keys.ts).
process.env.CADRE_CODEC_KEY_FILE = resolve(__dirname, '../test/fixtures/history-codec-keys.json');
const support = () => import('../test/support/temporal');

async function record(env: TestWorkflowEnvironment, scenario: HistoryScenario) {
  const taskQueue = `record-${scenario.name}`;
  const worker = await (await support()).testWorker(env, taskQueue);
  const workflowId = await worker.runUntil(() => scenario.run(env, taskQueue));
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const path = resolve(__dirname, '../test/fixtures/histories', `${scenario.name}.json`);
  // The same JSON form `temporal workflow show --output json` writes.
  writeFileSync(path, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 1)}\n`);
  console.log(`recorded ${scenario.name}: ${history.events?.length} events → ${path}`);
}

async function main() {
  const { historyScenarios } = await import('../test/replay/scenarios');
  const { timeSkippingEnvironment } = await support();
  const wanted = process.argv.slice(2);
  if (wanted.length === 0) throw new Error('name the scenarios to record (see the comment at the top)');
  const unknown = wanted.filter((name) => !historyScenarios.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`no such scenario: ${unknown.join(', ')}`);
  let shared: TestWorkflowEnvironment | undefined;
  try {
    for (const scenario of historyScenarios.filter((s) => wanted.includes(s.name))) {
      if (scenario.startAt) {
        const own = await timeSkippingEnvironment(scenario.startAt);
        try {
          await record(own, scenario);
        } finally {
          await own.teardown();
        }
      } else {
        shared ??= await timeSkippingEnvironment();
        await record(shared, scenario);
      }
    }
  } finally {
    await shared?.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
