import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { isPortFree } from '../../worker/processes';
import { freePort } from './ports';
import { exited, type Postgres, StartFailed, startDying, startPostgres, until } from './postgres';

/**
 * The production topology on loopback: PostgreSQL from Debian's packages and the Temporal server built
 * from its Go module (scripts/cluster/setup.sh), persistence and SQL visibility on PostgreSQL. Each
 * process is started through `setpriv --pdeathsig` so that it dies with the test process, kill -9
 * included; everything lives in one temporary folder.
 */
const root = resolve(__dirname, '../..');
const TEMPORAL_SERVER_VERSION = 'v1.32.2';
const tools = join(root, '.tools/temporal-server', TEMPORAL_SERVER_VERSION);

export interface Cluster {
  /** host:port of Temporal's frontend. */
  address: string;
  namespace: string;
  /** A PostgreSQL URL for the service's own stores (database `cadre`). */
  databaseUrl: string;
  /** The PostgreSQL under it all (the tests' checks read the service's tables). */
  postgres: Postgres;
  /** The folder of the server's config and log. */
  dir: string;
  stop(): Promise<void>;
}

const serverBinary = () => process.env.TEMPORAL_SERVER_PATH ?? join(tools, 'bin/temporal-server');
const sqlTool = () => process.env.TEMPORAL_SQL_TOOL_PATH ?? join(tools, 'bin/temporal-sql-tool');
const schemaDir = () => process.env.TEMPORAL_SCHEMA_DIR ?? join(tools, 'schema');

/** temporal-sql-tool: create each database and bring its schema to the module's version. */
function setUpSchema(pgPort: number): void {
  const base = [
    '--plugin',
    'postgres12',
    '--ep',
    '127.0.0.1',
    '-p',
    String(pgPort),
    '-u',
    'temporal',
    '--pw',
    'temporal',
  ];
  for (const [database, folder] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const tool = (...args: string[]) =>
      execFileSync(sqlTool(), [...base, '--db', database, ...args], { stdio: 'pipe' });
    tool('create-database');
    tool('setup-schema', '-v', '0.0');
    tool('update-schema', '-d', join(schemaDir(), 'postgresql/v12', folder, 'versioned'));
  }
}

/**
 * A free port below 32768: Temporal's SQL schema keeps membership ports in a smallint, so the kernel's
 * ephemeral range (above 32768) will not do for them.
 */
async function freeMembershipPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await isPortFree(port)) return port;
  }
}

async function serverConfig(dir: string, pgPort: number): Promise<{ frontend: number }> {
  const ports = {
    frontend: await freePort(),
    frontendMembership: await freeMembershipPort(),
    frontendHttp: await freePort(),
    history: await freePort(),
    historyMembership: await freeMembershipPort(),
    matching: await freePort(),
    matchingMembership: await freeMembershipPort(),
    worker: await freePort(),
    workerMembership: await freeMembershipPort(),
    metrics: await freePort(),
  };
  const datastore = (database: string, maxConns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "127.0.0.1:${pgPort}"
        connectProtocol: "tcp"
        user: "temporal"
        password: "temporal"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, extra = '') => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${extra}`;
  const configDir = join(dir, 'config');
  mkdirSync(join(configDir, 'dynamicconfig'), { recursive: true });
  writeFileSync(
    join(configDir, 'development.yaml'),
    `log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:${datastore('temporal', 20)}
    postgres-visibility:${datastore('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${ports.metrics}"
services:
  frontend:${service(ports.frontend, ports.frontendMembership, `\n      httpPort: ${ports.frontendHttp}`)}
  matching:${service(ports.matching, ports.matchingMembership)}
  history:${service(ports.history, ports.historyMembership)}
  worker:${service(ports.worker, ports.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${join(configDir, 'dynamicconfig/development.yaml')}"
  pollInterval: "10s"
`,
  );
  // Tests read search attributes right after registering them, and lists right after writes.
  writeFileSync(
    join(configDir, 'dynamicconfig/development.yaml'),
    `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
`,
  );
  return { frontend: ports.frontend };
}

export async function startCluster(): Promise<Cluster> {
  for (const binary of [serverBinary(), sqlTool()]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: run scripts/cluster/setup.sh`);
  }
  const pg = await startPostgres();
  const dir = pg.dir;
  setUpSchema(pg.port);
  const { frontend } = await serverConfig(dir, pg.port);
  const server = startDying(
    serverBinary(),
    ['--root', dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
    join(dir, 'temporal.log'),
  );
  const address = `127.0.0.1:${frontend}`;
  const namespace = 'default';
  await until('the Temporal frontend', async () => {
    if (server.exitCode !== null)
      throw new StartFailed(`the Temporal server exited; see ${join(dir, 'temporal.log')}`);
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('3 days'),
      });
      return true;
    } catch (error) {
      // Already there (a retry after a registration that went through) is as good as registered.
      if ((error as { code?: number }).code === 6) return true;
      throw error;
    } finally {
      await connection.close();
    }
  });
  return {
    address,
    namespace,
    databaseUrl: pg.url,
    postgres: pg,
    dir,
    async stop() {
      server.kill('SIGTERM');
      await exited(server);
      await pg.stop();
    },
  };
}
