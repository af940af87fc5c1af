import { type ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import { sleep } from './stats';
import type { ChildConfig, ChildMemory, ChildMessage, ChildStatus, WorkerKind } from './worker-child';

/** The parent's handle on a worker child (bench/lib/worker-child.ts). */
export interface WorkerHost {
  kind: WorkerKind;
  taskQueue: string;
  /** Worker settings as the SDK compiled them (max concurrent tasks, cache size, pollers…). */
  settings: Record<string, unknown>;
  status(): Promise<ChildStatus>;
  /** RSS and V8 heap after a forced GC (the child runs with --expose-gc). */
  memory(): Promise<ChildMemory>;
  /** Resolves once the worker has had nothing in flight for `quietMs` and `ready()` (if given) holds. */
  waitIdle(options?: {
    quietMs?: number;
    timeoutMs?: number;
    ready?: (s: ChildStatus) => boolean;
  }): Promise<void>;
  stop(): Promise<void>;
  /** Set once the child has died on its own: its last error. */
  readonly failure: string | undefined;
}

export interface WorkerHostOptions extends Omit<ChildConfig, 'kind' | 'taskQueue'> {
  /** Write a V8 CPU profile of the child into this folder (node --cpu-prof). */
  cpuProfileDir?: string;
  /** The payload keys (a key file's JSON), given to the child as CADRE_CODEC_KEYS, never on its command line. */
  keys: string;
}

const childPath = resolve(__dirname, 'worker-child.ts');

export async function startWorkerHost(
  kind: WorkerKind,
  taskQueue: string,
  options: WorkerHostOptions,
): Promise<WorkerHost> {
  const { cpuProfileDir, keys, ...rest } = options;
  const config: ChildConfig = { ...rest, kind, taskQueue };
  const execArgv = [
    '--import',
    'tsx',
    '--expose-gc',
    // One folder per child: the main thread and the SDK's workflow thread each write a profile there.
    ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfileDir, `${kind}-${taskQueue}`)}`] : []),
  ];
  const child: ChildProcess = fork(childPath, [JSON.stringify(config)], {
    execArgv,
    stdio: 'inherit',
    env: { ...process.env, CADRE_CODEC_KEYS: keys },
  });
  let nextId = 0;
  const pending = new Map<number, { done: (result: unknown) => void; fail: (error: Error) => void }>();
  let failure: string | undefined;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code) => {
      // A child that dies (e.g. its workflow thread ran out of memory) fails whatever was asked of it.
      for (const { fail } of pending.values())
        fail(new Error(`${kind} worker exited (${code}): ${failure ?? ''}`));
      pending.clear();
      done();
    }),
  );

  const ready = new Promise<Record<string, unknown>>((done, fail) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') done(message.settings);
      if (message.type === 'reply') {
        pending.get(message.id)?.done(message.result);
        pending.delete(message.id);
      }
      if (message.type === 'error') {
        failure = message.message;
        fail(new Error(`${kind} worker failed: ${message.message}`));
      }
    });
    child.once('exit', (code) => fail(new Error(`${kind} worker exited (${code}) ${failure ?? ''}`)));
  });
  const settings = await ready;

  const ask = <T>(cmd: 'status' | 'memory' | 'stop'): Promise<T> =>
    new Promise((done, fail) => {
      if (child.exitCode !== null) return fail(new Error(`${kind} worker is gone ${failure ?? ''}`));
      const id = nextId++;
      pending.set(id, { done: done as (result: unknown) => void, fail });
      child.send({ id, cmd });
    });

  const host: WorkerHost = {
    kind,
    taskQueue,
    settings,
    status: () => ask<ChildStatus>('status'),
    memory: () => ask<ChildMemory>('memory'),
    async waitIdle({ quietMs = 1500, timeoutMs = 600_000, ready: isReady = () => true } = {}) {
      const deadline = Date.now() + timeoutMs;
      let quietSince: number | undefined;
      for (;;) {
        const s = await host.status();
        const busy = s.numInFlightWorkflowActivations > 0 || s.numInFlightActivities > 0 || !isReady(s);
        if (busy) quietSince = undefined;
        else quietSince ??= Date.now();
        if (quietSince !== undefined && Date.now() - quietSince >= quietMs) return;
        if (Date.now() > deadline) throw new Error(`${kind} worker did not settle in time`);
        await sleep(Math.min(100, quietMs));
      }
    },
    /** Whether the child has died on its own, and why. */
    get failure() {
      return child.exitCode !== null || child.signalCode !== null
        ? (failure ?? `exited (${child.exitCode})`)
        : undefined;
    },
    async stop() {
      const alive = () => child.exitCode === null && child.signalCode === null;
      // A worker drowning in GC may not finish its shutdown: give it 20 s, then kill it.
      if (alive()) await Promise.race([ask('stop').catch(() => undefined), sleep(20_000)]);
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
  return host;
}
