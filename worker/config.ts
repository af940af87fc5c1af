import { dataDir } from './temporal-binaries';

/** Settings, from the environment, with defaults that run everything on one machine. */
export const config = {
  namespace: process.env.TEMPORAL_NAMESPACE || 'default',
  taskQueue: process.env.CADRE_TASK_QUEUE || 'cadre-cases',
  dataDir: dataDir(),
  /**
   * A deployment's shared secrets folder, mounted read-only in every process (worker/deployment.ts):
   * codec-keys.json, search-key, credentials.json. Default: the data folder.
   */
  keysDir: process.env.CADRE_KEYS_DIR || undefined,
  /** The PostgreSQL the workers keep the registry, outbox and record archive in (postgres://…). */
  databaseUrl: process.env.CADRE_DATABASE_URL || undefined,
  /** A workflow bundle built ahead (`npm run bundle`), so a worker starts without bundling. */
  workflowBundle: process.env.CADRE_WORKFLOW_BUNDLE || undefined,
  /** `npm run worker` registers the search attributes the namespace lacks unless this is "false". */
  registerSearchAttributes: process.env.CADRE_REGISTER_SEARCH_ATTRIBUTES !== 'false',
  /** Closed cases stay visible this long (the dev server's own default is 24 h). */
  retentionDays: Number(process.env.CADRE_RETENTION_DAYS || 3650),
  /** Cases the worker keeps in memory (~2 MiB each); default in worker/worker.ts. */
  maxCachedWorkflows: process.env.CADRE_MAX_CACHED_WORKFLOWS
    ? Number(process.env.CADRE_MAX_CACHED_WORKFLOWS)
    : undefined,
  devServer: {
    port: Number(process.env.TEMPORAL_DEV_PORT || 7233),
    uiPort: Number(process.env.TEMPORAL_UI_PORT || 8233),
  },
  api: {
    host: process.env.CADRE_API_HOST || '127.0.0.1',
    port: Number(process.env.CADRE_API_PORT || 3000),
  },
  /** The codec server for the Temporal Web UI (security/codec-server.ts). */
  codecServer: {
    host: process.env.CADRE_CODEC_HOST || '127.0.0.1',
    port: Number(process.env.CADRE_CODEC_PORT || 8234),
    /** The UI origins allowed to call it; default: the embedded UI's, by address and by name. */
    uiOrigins: process.env.CADRE_CODEC_UI_ORIGINS?.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    /** The endpoint the UI is told to call, when the codec server is reached behind a proxy. */
    publicUrl: process.env.CADRE_CODEC_PUBLIC_URL || undefined,
  },
};
