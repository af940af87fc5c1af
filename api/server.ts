import { type ServerType, serve } from '@hono/node-server';
import { createApp } from './app';
import type { ApiDeps } from './context';

export interface RunningApi {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

/** Serves the API on host:port (port 0 picks a free one, as tests do). */
export function startApi(deps: ApiDeps, host: string, port: number): Promise<RunningApi> {
  const app = createApp(deps);
  return new Promise((ready) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      ready({
        url: `http://${host}:${info.port}`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
