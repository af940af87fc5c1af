import type { EffectPorts } from '../../activities/effects';

/**
 * Ports that only count their calls, so the bench measures the orchestration (Temporal, the workflow
 * host, the API) and not the embedded JSON-file stores, which production replaces with its own systems
 * (`--ports file` measures with those instead). The counts tell the bench when cases have settled.
 * Every method answers "nothing on file": lists are empty, lookups undefined, writes succeed. They are
 * proxies, so a method added to a port needs no change here (a new list-returning read goes in `lists`).
 */
export type PortCounts = Record<string, number>;

const lists = new Set(['history', 'measures']);

export function countingPorts(): { ports: EffectPorts; counts: PortCounts } {
  const counts: PortCounts = {};
  const port = (name: string) =>
    new Proxy(
      {},
      {
        get: (_, method) =>
          // Not a thenable, not inspectable: only named methods exist.
          typeof method !== 'string' || method === 'then'
            ? undefined
            : async (...args: unknown[]) => {
                const key = `${name}.${String(method)}`;
                counts[key] = (counts[key] ?? 0) + 1;
                if (name === 'notifier') {
                  const kind = `notify:${(args[0] as { kind?: string } | undefined)?.kind}`;
                  counts[kind] = (counts[kind] ?? 0) + 1;
                }
                if (name === 'records') return `memory:${(args[0] as { workflowId?: string }).workflowId}`;
                return lists.has(String(method)) ? [] : undefined;
              },
      },
    );
  const ports = { registry: port('registry'), notifier: port('notifier'), records: port('records') };
  return { ports: ports as unknown as EffectPorts, counts };
}
