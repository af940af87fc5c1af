/**
 * The codec server of a deployment, for the Temporal Web UI to show sealed cases to organization-department
 * operators (security/codec-server.ts): the shared payload keys and API credentials (worker/deployment.ts),
 * on CADRE_CODEC_HOST:CADRE_CODEC_PORT, for the UI origins CADRE_CODEC_UI_ORIGINS. README, "Deployment".
 */
import pino from 'pino';
import { hashToken } from '../api/credentials';
import { startCodecServer } from '../security/codec-server';
import { config } from '../worker/config';
import { sharedCredentials, sharedKeyring, temporalConnection } from '../worker/deployment';

const log = pino({ name: 'cadre-codec', level: process.env.LOG_LEVEL || 'info' });

async function main() {
  const { namespace } = temporalConnection();
  const { keyring } = sharedKeyring();
  const operators = new Map(
    sharedCredentials()
      .filter((c) => c.role === 'organization_department')
      .map((c) => [c.tokenSha256, c]),
  );
  if (!config.codecServer.uiOrigins)
    throw new Error('Set CADRE_CODEC_UI_ORIGINS: the Temporal UI origins it serves');
  const server = await startCodecServer(
    {
      keyring,
      namespace,
      allowedOrigins: config.codecServer.uiOrigins,
      authorize: (token) => operators.get(hashToken(token)),
      secureCookie: config.codecServer.publicUrl?.startsWith('https:') ?? false,
      log: (entry, message) => log.info(entry, message),
    },
    config.codecServer.host,
    config.codecServer.port,
  );
  log.info({ url: server.url, namespace }, 'codec server listening');
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  log.fatal({ err: error }, 'the codec server did not start');
  console.error(
    `\nThe codec server did not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
