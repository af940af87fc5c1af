/**
 * What every case workflow of a worker can share, built by the first workflow that needs it and kept for
 * the worker's life. The SDK's reusable V8 context otherwise evaluates a workflow's modules afresh for each
 * workflow it creates (a start, or a wake-up after eviction): every case paid for building its track's
 * machine, its zod schemas and the host's modules again (~25 ms of the workflow thread's CPU) and kept its
 * own copy while cached (~1.2 MiB of heap; `npm run bench`).
 *
 * The worker bundles this module with `preloadModules` (worker/worker.ts), so it is evaluated once, before
 * any workflow, and every workflow's `require` of it finds the same instance. It holds what it builds in a
 * closure: the SDK deep-freezes a preloaded module's exports (here: one function), and zod's schemas, which
 * finish building themselves on first use, could not live frozen. A bundle without the preload (a test's
 * own) gives each workflow its own copy: slower, the same behaviour.
 *
 * Safe to share, and to keep here only, because what is built is code, not a case's state: workflow
 * modules, machines and schemas, whose module-level caches are memos of code alone (the same for every
 * workflow, so replay sees what a live run saw). They call Temporal's workflow APIs only inside functions,
 * which read the running workflow's activator when called; and they issue no command while being built.
 */
const built = new Map<string, unknown>();

export function oncePerWorker<T>(key: string, build: () => T): T {
  if (!built.has(key)) built.set(key, build());
  return built.get(key) as T;
}
