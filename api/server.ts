import type { Socket } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from './app';
import type { ApiDeps } from './context';
import { ApiError } from './errors';

export interface RunningApi {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

/**
 * What Node's HTTP parser refuses before the app sees a request (headers past 16 KiB, a request line it
 * cannot read) is answered in the API's error shape, as JSON, and the connection closed: the document
 * lists 431 for every operation, with the Error schema.
 */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const refusal = tooLarge
    ? new ApiError(431, 'header_fields_too_large', 'The request line and headers are larger than 16 KiB')
    : new ApiError(400, 'malformed_request', 'The request is not HTTP this server can read');
  const body = JSON.stringify(refusal.body());
  socket.end(
    `HTTP/1.1 ${refusal.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'content-type: application/json\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
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
    server.on('clientError', answerUnparsable);
  });
}
