import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The API's request metrics, in Prometheus' text format at GET /metrics. Labels are the method, the
 * route as declared (`/v1/cases/:department/:caseId`, never the path a caller sent: a path holds case
 * ids, a query string names) and the status, so nothing personal and no case can be read off a scrape,
 * and the label set stays bounded whatever callers send.
 */
export interface ApiMetrics {
  /** Counts and times every request. */
  middleware: MiddlewareHandler;
  /** The exposition: the process's metrics and this API's. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** The process's own metrics (CPU, memory, event loop, GC), collected once however many APIs a process runs. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'cadre_api_process_' });
  }
  return processRegistry;
}

/** What a request matched: its route's template, or "unmatched" for a path no route declares (404, 405). */
function routeTemplate(c: Parameters<MiddlewareHandler>[0]): string {
  // Middleware is registered for every method; the route that answered names one.
  const routes = matchedRoutes(c).filter((route) => route.method !== 'ALL');
  return routes.at(-1)?.path ?? 'unmatched';
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'cadre_api_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'cadre_api_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'] as const,
    // From a refused validation (a few ms) to an event that waits on Temporal's deadline (seconds).
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    middleware: async (c, next) => {
      const stopTimer = duration.startTimer();
      try {
        await next();
      } finally {
        const labels = { method: c.req.method, route: routeTemplate(c) };
        stopTimer(labels);
        requests.inc({ ...labels, status: String(c.res.status) });
      }
    },
    async render() {
      const merged = Registry.merge([processMetrics(), registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
