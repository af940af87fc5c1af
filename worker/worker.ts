import { resolve } from 'node:path';
import { Client } from '@temporalio/client';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createCalendarActivities } from '../activities/calendar';
import { createEffectActivities, createHostActivities, type EffectPorts } from '../activities/effects';
import { OutboxFileNotifier } from '../activities/notifier';
import { FilePersonnelRegistry } from '../activities/personnel-registry';
import { FileRecordStore } from '../activities/record-store';
import { temporalCalendarPorts } from './calendar-ports';

export const workflowsPath = resolve(__dirname, '../workflows/index.ts');

/** The embedded ports: real files under the data folder. Production passes its own implementations. */
export function embeddedPorts(dataDir: string): EffectPorts {
  return {
    registry: new FilePersonnelRegistry(resolve(dataDir, 'personnel-registry.json')),
    notifier: new OutboxFileNotifier(resolve(dataDir, 'notifications.jsonl')),
    records: new FileRecordStore(resolve(dataDir, 'records')),
  };
}

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  ports: EffectPorts;
  /** A prebuilt bundle (tests build one once); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Cases kept in the worker's cache; the rest replay from history when they wake. */
  maxCachedWorkflows?: number;
}

/**
 * A cached case costs about 2 MiB of the workflow thread's heap (`npm run bench`): with the SDK's default
 * cache (2,310 here) a worker holding many open cases runs out of heap and dies. Evicted cases are not
 * lost, they replay from history when their next event or timer comes.
 */
const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  // The calendar activities reach other workflows (the calendar entity, the cases): through a client on the
  // worker's own connection and namespace, so they talk to the very Temporal the worker polls.
  const client = new Client({ connection: options.connection, namespace: options.namespace });
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: {
      ...createEffectActivities(options.ports),
      ...createHostActivities(options.ports),
      ...createCalendarActivities(temporalCalendarPorts(client)),
    },
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
  });
}
