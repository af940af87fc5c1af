import { createServer } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { workflowIdFor } from '../../domain/case';
import { type DevServer, startDevServer } from '../../worker/dev-server';
import { waitForNamespace } from '../../worker/namespace';
import { createCaseWorker, embeddedPorts } from '../../worker/worker';
import { probationCase } from '../../workflows/index';
import { getCaseQuery, sendEventUpdate } from '../../workflows/messages';
import { orgDept, probationStart, unitDept } from '../support/cases';
import { testDataConverter, testKeyring } from '../support/keys';
import { freshDataDir, workflowBundle } from '../support/temporal';

/**
 * Durability through crashes, with the project's own launcher of the embedded server (the one
 * `npm start` uses): a worker stopped mid-case, and the whole Temporal server stopped and started again
 * on the same data folder.
 */
const dataDir = freshDataDir();
const taskQueue = 'faults';
let server: DevServer | undefined;
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await server?.stop();
});

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

async function connect(address: string) {
  const connection = await Connection.connect({ address });
  await waitForNamespace(connection, 'default');
  cleanups.push(() => connection.close());
  return new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
}

async function runWorker(address: string): Promise<{ worker: Worker; stop: () => Promise<void> }> {
  const connection = await NativeConnection.connect({ address });
  const worker = await createCaseWorker({
    connection,
    namespace: 'default',
    taskQueue,
    ports: embeddedPorts(dataDir, testKeyring),
    keyring: testKeyring,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  const stop = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  };
  cleanups.push(stop);
  return { worker, stop };
}

describe('durable through crashes', () => {
  it('a case survives a worker stopped mid-case and the Temporal server restarted on its data', async () => {
    const ports = { port: await freePort(), uiPort: await freePort() };
    server = await startDevServer({ dataDir, namespace: 'default', ...ports });
    let client = await connect(server.address);
    const first = await runWorker(server.address);

    const input = probationStart({ caseId: 'fault-1' });
    const handle = await client.workflow.start(probationCase, {
      taskQueue,
      workflowId: workflowIdFor(input),
      args: [input],
    });
    expect((await handle.query(getCaseQuery)).state).toBe('serving');

    // The worker goes away; the case waits on the server, not in the worker.
    await first.stop();
    const second = await runWorker(server.address);
    expect((await handle.query(getCaseQuery)).deadlines[0]?.timer).toBe('probationExpiry');
    await second.stop();

    // The whole server goes away and comes back on the same SQLite file.
    await server.stop();
    server = await startDevServer({ dataDir, namespace: 'default', ...ports });
    client = await connect(server.address);
    await runWorker(server.address);
    const again = client.workflow.getHandle(handle.workflowId);
    const view = await again.query(getCaseQuery);
    expect(view.state).toBe('serving');
    expect(view.record.map((r) => r.type)).toEqual(['CASE_STARTED', 'beginTrialPost']);

    // And it still takes events, with the same rules.
    const refused = await again
      .executeUpdate(sendEventUpdate, { args: [{ type: 'REVIEW_PASSED', actor: orgDept }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    await again.executeUpdate(sendEventUpdate, {
      args: [{ type: 'SERIOUS_PROBLEM_FOUND', actor: unitDept, findings: '严重违纪', findingId: 'F1' }],
    });
    // A finding holds the case until the organization department verifies it (second rules edition).
    await again.executeUpdate(sendEventUpdate, {
      args: [{ type: 'VERIFICATION_SUBSTANTIATED', actor: orgDept, reportId: 'F1', findings: '属实' }],
    });
    expect((await again.result()).outcome).toBe('ended_early');
  });
});
