import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { EffectPorts } from '../../activities/effects';
import { allSearchAttributes } from '../../domain/search-attributes';
import { libfaketimePath, temporalCliPath, temporalTestServerPath } from '../../worker/temporal-binaries';
import { createCaseWorker, embeddedPorts, workflowsPath } from '../../worker/worker';

/** Real Temporal servers for tests, always from the pinned binaries (never an SDK download). */
/**
 * A time-skipping server. With `startAt`, its clock starts at that instant (UTC) instead of now, through
 * libfaketime preloaded into the server process only: calendar tests need the server to stand before the
 * 2026 Spring Festival, not after it.
 */
export async function timeSkippingEnvironment(startAt?: string): Promise<TestWorkflowEnvironment> {
  const saved = { LD_PRELOAD: process.env.LD_PRELOAD, FAKETIME: process.env.FAKETIME, TZ: process.env.TZ };
  if (startAt) {
    process.env.LD_PRELOAD = libfaketimePath();
    process.env.FAKETIME = `@${new Date(startAt).toISOString().slice(0, 19).replace('T', ' ')}`;
    process.env.TZ = 'UTC';
  }
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  // The time-skipping server knows no custom search attributes until told (it cannot list them either).
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      allSearchAttributes.map((key) => [
        key.name,
        temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`],
      ]),
    ),
  });
  return env;
}

export function devServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      searchAttributes: allSearchAttributes,
      extraArgs: ['--headless', '--log-level', 'error'],
    },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling workflows takes seconds; do it once per test process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: undefined });
  return bundle;
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'cadre-test-'));
}

export async function testWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  ports: EffectPorts = embeddedPorts(freshDataDir()),
): Promise<Worker> {
  return createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ports,
    workflowBundle: await workflowBundle(),
  });
}
