import { resolve } from 'node:path';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createEffectActivities, createHostActivities, type EffectPorts } from '../activities/effects';
import { OutboxFileNotifier } from '../activities/notifier';
import { FilePersonnelRegistry } from '../activities/personnel-registry';
import { FileRecordStore } from '../activities/record-store';

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
}

export function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: { ...createEffectActivities(options.ports), ...createHostActivities(options.ports) },
  });
}
