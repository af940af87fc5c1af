import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Credential, hashToken, newToken } from './credentials';

export interface DevToken {
  id: string;
  role: Credential['role'];
  department?: string;
  token: string;
}

/**
 * First start on a machine with no credentials configured: mint an organization-department token and
 * one department token, store their hashes in data/credentials.json and the tokens themselves in
 * data/dev-tokens.json (readable by the owner only), so the README's curl session works at once.
 * Production configures CADRE_CREDENTIALS or CADRE_CREDENTIALS_FILE instead and gets none of this.
 */
export function ensureDevCredentials(dataDir: string): DevToken[] {
  const credentialsFile = join(dataDir, 'credentials.json');
  const tokensFile = join(dataDir, 'dev-tokens.json');
  if (existsSync(credentialsFile)) {
    return existsSync(tokensFile) ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as DevToken[]) : [];
  }
  const tokens: (DevToken & { name: string })[] = [
    { id: 'org-admin', name: '区委组织部（开发用）', role: 'organization_department', token: newToken() },
    {
      id: 'finance-hr',
      name: '区财政局人事系统（开发用）',
      role: 'department',
      department: 'district-finance',
      token: newToken(),
    },
  ];
  const credentials: Credential[] = tokens.map(({ token, ...rest }) => ({
    ...rest,
    tokenSha256: hashToken(token),
  }));
  // Both its owner's only, like everything in the data folder.
  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  writeFileSync(tokensFile, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  chmodSync(credentialsFile, 0o600);
  chmodSync(tokensFile, 0o600);
  return tokens;
}
