/**
 * The project's worker in a process of its own, for the fault suite to kill with SIGKILL. Prints `loaded`
 * once its code is loaded, then waits for a line on stdin before it connects and polls (so a spare can
 * stand loaded while another worker runs: a restart after a kill then takes what a supervisor's would,
 * not a cold start of tsx), and prints `ready` once it polls.
 * Usage: CADRE_CODEC_KEYS=<the test's keys> tsx worker.ts <address> <taskQueue> <dataDir> <bundlePath>
 */
import { once } from 'node:events';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadKeyring } from '../../../security/keyring';
import { createCaseWorker, embeddedPorts } from '../../../worker/worker';

const [address = '', taskQueue = '', dataDir = '', codePath = ''] = process.argv.slice(2);
Runtime.install({ logger: new DefaultLogger('WARN') });
(async () => {
  // The suite's end (or its death) closes stdin: no worker outlives it.
  process.stdin.once('end', () => process.exit(0));
  console.log('loaded');
  await once(process.stdin, 'data');
  const connection = await NativeConnection.connect({ address });
  const { keyring } = loadKeyring(dataDir);
  const worker = await createCaseWorker({
    connection,
    namespace: 'default',
    taskQueue,
    ports: embeddedPorts(dataDir, keyring),
    keyring,
    workflowBundle: { codePath },
  });
  const running = worker.run();
  console.log('ready');
  await running;
})().catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});
