/**
 * The project's dev-server launcher in a process of its own, for tests that kill that process with
 * SIGKILL and watch what becomes of its server. Prints `{"pid": …}` once the server is ready.
 * Usage: tsx dev-server.ts <dataDir> <port> <uiPort>
 */
import { startDevServer } from '../../../worker/dev-server';

const [dataDir = '', port = '0', uiPort = '0'] = process.argv.slice(2);
startDevServer({ dataDir, port: Number(port), uiPort: Number(uiPort), namespace: 'default' }).then(
  (server) => console.log(JSON.stringify({ pid: server.pid })),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
