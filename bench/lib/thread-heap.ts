import workerThreads, { MessageChannel, type MessagePort, type WorkerOptions } from 'node:worker_threads';

/**
 * The SDK runs workflows in a worker thread of its own (reuseV8Context, workflowThreadPoolSize 1), a V8
 * isolate that `process.memoryUsage().heapUsed` does not see and `gc()` on the main thread does not
 * collect. Installed before the worker is created, this wraps the threads the SDK starts: each gets a
 * private channel on which it collects its garbage and reports its own heap. (Node 20 has no
 * `worker.getHeapStatistics()`.) The SDK's own thread code and messages are untouched.
 */
export interface ThreadHeap {
  usedHeapSize: number;
  totalHeapSize: number;
  /** The most this thread's heap may grow to; past it the thread dies (ERR_WORKER_OUT_OF_MEMORY). */
  heapSizeLimit: number;
  afterGc: boolean;
}

const bootstrap = `
const { workerData } = require('node:worker_threads');
const v8 = require('node:v8');
const port = workerData.__benchHeapPort;
port.on('message', () => {
  for (let i = 0; i < 3 && typeof globalThis.gc === 'function'; i++) globalThis.gc();
  const { used_heap_size, total_heap_size, heap_size_limit } = v8.getHeapStatistics();
  port.postMessage({
    usedHeapSize: used_heap_size,
    totalHeapSize: total_heap_size,
    heapSizeLimit: heap_size_limit,
    afterGc: typeof globalThis.gc === 'function',
  });
});
port.unref();
require(workerData.__benchFilename);
`;

const ports: MessagePort[] = [];

export function observeWorkflowThreads(): void {
  const Original = workerThreads.Worker;
  class ObservedWorker extends Original {
    constructor(filename: string | URL, options: WorkerOptions = {}) {
      const { port1, port2 } = new MessageChannel();
      super(bootstrap, {
        ...options,
        eval: true,
        workerData: { __benchFilename: String(filename), __benchHeapPort: port2 },
        transferList: [port2, ...(options.transferList ?? [])],
      });
      port1.unref();
      ports.push(port1);
    }
  }
  Object.defineProperty(workerThreads, 'Worker', {
    value: ObservedWorker,
    writable: true,
    configurable: true,
  });
}

/** Each workflow thread's heap, after it has collected its garbage. */
export function workflowThreadHeaps(): Promise<ThreadHeap[]> {
  return Promise.all(
    ports.map(
      (port) =>
        new Promise<ThreadHeap>((done) => {
          port.once('message', done);
          port.postMessage('heap');
        }),
    ),
  );
}
