import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { EffectPorts } from '../../activities/effects';
import { replayDataConverter } from '../../security/data-converters';
import type { Keyring } from '../../security/keyring';
import { libfaketimePath, temporalCliPath, temporalTestServerPath } from '../../worker/temporal-binaries';
import { bundleCaseWorkflows, createCaseWorker, embeddedPorts } from '../../worker/worker';
import { allSearchAttributes } from '../../workflows/search-attributes';
import { testDataConverter, testKeyring } from './keys';

/**
 * Real Temporal servers for tests, always from the pinned binaries (never an SDK download). Their clients
 * seal payloads with the test process's keys (./keys.ts), as the workers do: the case workflows refuse an
 * event that is not sealed.
 */
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
      client: { dataConverter: testDataConverter() },
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

/**
 * A real dev server. With `timeSkipping`, the server lets a client fast-forward one workflow's own clock
 * (`fastForward` below): the dev server's experimental workflow time skipping, a dynamic-config flag of the
 * pinned server (1.32). Every other workflow keeps the real clock, except the children a fast-forwarded
 * workflow starts: they start on their parent's clock (Temporal propagates it). `dynamicConfig`: more
 * server settings, `key=value` (the fault suite lowers Temporal's limit on Updates in flight at one case).
 */
export function devServerEnvironment(
  options: {
    timeSkipping?: boolean;
    /** More server settings, `key=value`. */
    dynamicConfig?: string[];
    /** The Web UI on this port, pointed at this codec server (the browser test); else no UI. */
    ui?: { port: number; codecEndpoint: string };
  } = {},
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    client: { dataConverter: testDataConverter() },
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      searchAttributes: allSearchAttributes,
      ...(options.ui ? { ui: true, uiPort: options.ui.port } : {}),
      extraArgs: [
        ...(options.ui
          ? ['--ui-codec-endpoint', options.ui.codecEndpoint, '--ui-disable-news-fetch']
          : ['--headless']),
        '--log-level',
        'error',
        ...(options.timeSkipping
          ? ['--dynamic-config-value', 'frontend.WorkflowTimeSkippingEnabled=true']
          : []),
        ...(options.dynamicConfig ?? []).flatMap((setting) => ['--dynamic-config-value', setting]),
      ],
    },
  });
}

/**
 * Moves one workflow's clock forward by `ms` on a dev server started with `timeSkipping`: its timers due
 * before then fire on the way, workflow time (what the case stamps on its events) ends `ms` ahead of where
 * it stood, and from there runs at the real pace again. Resolves once the target is reached.
 */
export async function fastForward(client: Client, workflowId: string, ms: number): Promise<void> {
  const fastForwardId = `ff-${randomUUID()}`;
  const namespace = client.options.namespace;
  const workflowExecution = { workflowId };
  await client.workflowService.updateWorkflowExecutionOptions({
    namespace,
    workflowExecution,
    workflowExecutionOptions: {
      timeSkippingConfig: {
        enabled: true,
        fastForwardConfig: { id: fastForwardId, duration: msToTs(ms) },
      },
    },
    updateMask: { paths: ['time_skipping_config'] },
  });
  const { FastForwardPollingResult } = temporal.api.enums.v1;
  for (;;) {
    const polled = await client.workflowService.pollWorkflowExecutionTimeSkipping({
      namespace,
      workflowExecution,
      fastForwardId,
    });
    if (
      polled.fastForwardPollingResult ===
      FastForwardPollingResult.FAST_FORWARD_POLLING_RESULT_FAST_FORWARD_COMPLETED
    )
      return;
    if (polled.fastForwardPollingResult !== FastForwardPollingResult.FAST_FORWARD_POLLING_RESULT_POLL_TIMEOUT)
      throw new Error(
        `fast-forward of ${workflowId} failed: ${polled.failedReason || polled.fastForwardPollingResult}`,
      );
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundling workflows takes seconds; do it once per test process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleCaseWorkflows({ logger: undefined });
  return bundle;
}

/** For Worker.runReplayHistory: the bundle, and a codec to open the history's payloads. */
export async function replayOptions(keyring: Keyring = testKeyring) {
  return { workflowBundle: await workflowBundle(), dataConverter: replayDataConverter(keyring) };
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'cadre-test-'));
}

export async function testWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  ports: EffectPorts = embeddedPorts(freshDataDir(), testKeyring),
): Promise<Worker> {
  return createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ports,
    keyring: testKeyring,
    workflowBundle: await workflowBundle(),
  });
}
