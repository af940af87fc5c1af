/**
 * The project's worker in a process of its own, for the fault suite to kill with SIGKILL. Prints `ready`
 * once it polls. Usage: CADRE_CODEC_KEYS=<the test's keys> tsx worker.ts <address> <taskQueue> <dataDir> <bundlePath>
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadKeyring } from '../../../security/keyring';
import { createCaseWorker, embeddedPorts } from '../../../worker/worker';

const [address = '', taskQueue = '', dataDir = '', codePath = ''] = process.argv.slice(2);
Runtime.install({ logger: new DefaultLogger('ERROR') });
(async () => {
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
