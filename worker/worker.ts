import { resolve } from 'node:path';
import { Client } from '@temporalio/client';
import {
  bundleWorkflowCode,
  type NativeConnection,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createCalendarActivities } from '../activities/calendar';
import { createEffectActivities, createHostActivities, type EffectPorts } from '../activities/effects';
import { OutboxFileNotifier } from '../activities/notifier';
import { FilePersonnelRegistry } from '../activities/personnel-registry';
import { FileRecordStore } from '../activities/record-store';
import type { TextSealer } from '../activities/sealed-text';
import {
  clientDataConverter,
  workerDataConverter,
  workflowBundleConverters,
} from '../security/data-converters';
import type { Keyring } from '../security/keyring';
import { KeyringTextSealer } from '../security/text-sealer';
import { getCaseQuery } from '../workflows/messages';
import { temporalCalendarPorts } from './calendar-ports';

const workflowsPath = resolve(__dirname, '../workflows/index.ts');
/** Evaluated once per worker and shared by its workflows: what the cases build once (see the module). */
const oncePerWorkerPath = resolve(__dirname, '../workflows/once-per-worker.ts');

/**
 * The case workflows bundled with the converters the sandbox must run (security/converters.ts): without
 * them no event is marked sealed and every Update validator refuses. Every bundle of the case workflows is
 * built here (the worker, tests, the bench).
 */
export function bundleCaseWorkflows(
  options: Pick<Parameters<typeof bundleWorkflowCode>[0], 'logger'> = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath,
    preloadModules: [oncePerWorkerPath],
    ...workflowBundleConverters,
    ...options,
  });
}

/** The embedded ports: real files under the data folder, sealed by the keyring. Production passes its own. */
export function embeddedPorts(dataDir: string, keyring: Keyring): EffectPorts {
  const sealer: TextSealer = new KeyringTextSealer(keyring);
  return {
    registry: new FilePersonnelRegistry(resolve(dataDir, 'personnel-registry.json'), sealer),
    notifier: new OutboxFileNotifier(resolve(dataDir, 'notifications.jsonl'), sealer),
    records: new FileRecordStore(resolve(dataDir, 'records'), sealer),
  };
}

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  ports: EffectPorts;
  /** Seals and opens every payload (security/): the same keys as the API's. */
  keyring: Keyring;
  /** A bundle from bundleCaseWorkflows (tests build one once); otherwise the worker bundles one itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Cases kept in the worker's cache; the rest replay from history when they wake. */
  maxCachedWorkflows?: number;
}

/**
 * A cached case cost about 2 MiB of the workflow thread's heap when each workflow evaluated its own
 * modules, and a worker with the SDK's default cache (2,310 here) ran out of heap and died; since the
 * cases share them (workflows/once-per-worker.ts) one costs about 160 KiB (`npm run bench`), and the cap
 * keeps a worker's memory bounded whatever the number of open cases. Evicted cases are not lost, they
 * replay from history when their next event or timer comes.
 */
const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  // The calendar activities reach other workflows (the calendar entity, the cases): through a client on the
  // worker's own connection and namespace, so they talk to the very Temporal the worker polls.
  const client = new Client({
    connection: options.connection,
    namespace: options.namespace,
    dataConverter: clientDataConverter(options.keyring),
  });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleCaseWorkflows()),
    dataConverter: workerDataConverter(options.keyring),
    activities: {
      ...createEffectActivities(options.ports),
      ...createHostActivities(options.ports, (workflowId) =>
        client.workflow.getHandle(workflowId).query(getCaseQuery),
      ),
      ...createCalendarActivities(temporalCalendarPorts(client)),
    },
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
  });
}
