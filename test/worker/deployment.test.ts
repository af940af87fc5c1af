import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashToken, newToken } from '../../api/credentials';
import { freshKeyFile } from '../../security/keyring';
import { freshDataDir } from '../support/temporal';

/**
 * The deployment entry points (bin/worker.ts, bin/api.ts, bin/codec-server.ts) read the secrets every
 * process shares and never make them (README, "Deployment"): a replica that drew its own key, search key
 * or credentials would disagree with the others. A missing one stops the process with a message naming it.
 */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

/** worker/deployment.ts as a process with `env` would load it (its settings are read at import). */
async function deploymentWith(env: Record<string, string>) {
  process.env = { ...saved, ...env };
  for (const name of [
    'CADRE_CODEC_KEYS',
    'CADRE_CODEC_KEY_FILE',
    'CADRE_SEARCH_KEY',
    'CADRE_CREDENTIALS',
    'CADRE_PAGE_TOKEN_KEY',
  ]) {
    if (!(name in env)) delete process.env[name];
  }
  delete process.env.CADRE_CREDENTIALS_FILE;
  vi.resetModules();
  return import('../../worker/deployment');
}

describe('the shared secrets of a deployment', () => {
  it('an empty keys folder stops each process with what is missing, and nothing is made', async () => {
    const keys = freshDataDir();
    const deployment = await deploymentWith({ CADRE_KEYS_DIR: keys });
    expect(() => deployment.sharedKeyring()).toThrow(/No payload keys.*CADRE_KEYS_DIR/);
    expect(() => deployment.sharedSearchKey()).toThrow(/No search key.*every API replica needs the same/);
    expect(() => deployment.sharedCredentials()).toThrow(/No API credentials/);
    expect(() => deployment.sharedPageTokenKey()).toThrow(/No page-token key/);
    expect(readdirSync(keys)).toEqual([]);
  });

  it('the folder’s files are read as every process reads them', async () => {
    const keys = freshDataDir();
    const keyFile = freshKeyFile();
    const token = newToken();
    writeFileSync(join(keys, 'codec-keys.json'), JSON.stringify(keyFile));
    writeFileSync(join(keys, 'search-key'), `${'k'.repeat(40)}\n`);
    writeFileSync(join(keys, 'page-token-key'), `${'p'.repeat(40)}\n`);
    writeFileSync(
      join(keys, 'credentials.json'),
      JSON.stringify([
        { id: 'od', name: '组织部', role: 'organization_department', tokenSha256: hashToken(token) },
      ]),
    );
    const deployment = await deploymentWith({ CADRE_KEYS_DIR: keys });
    expect(deployment.sharedKeyring().keyring.currentId).toBe(keyFile.current);
    expect(deployment.sharedSearchKey()).toBe('k'.repeat(40));
    expect(deployment.sharedPageTokenKey()).toBe('p'.repeat(40));
    expect(deployment.sharedCredentials().map((c) => c.tokenSha256)).toEqual([hashToken(token)]);
  });

  it('the CADRE_* variables win over the folder; a short search key is refused', async () => {
    const keyFile = freshKeyFile();
    const deployment = await deploymentWith({
      CADRE_KEYS_DIR: freshDataDir(),
      CADRE_CODEC_KEYS: JSON.stringify(keyFile),
      CADRE_SEARCH_KEY: 'too-short',
    });
    expect(deployment.sharedKeyring().source).toBe('CADRE_CODEC_KEYS');
    expect(() => deployment.sharedSearchKey()).toThrow(/at least 32 characters/);
  });
});
