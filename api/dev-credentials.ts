import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Credential, hashToken, newToken } from './credentials';

export interface DevToken {
  id: string;
  role: Credential['role'];
  department?: string;
  token: string;
}

type DevCredential = DevToken & { name: string };

/** One of each role, so the README's session works at once: the vote needs the committee's token. */
const devHolders: Omit<DevCredential, 'token'>[] = [
  { id: 'org-admin', name: '区委组织部（开发用）', role: 'organization_department' },
  {
    id: 'finance-hr',
    name: '区财政局人事系统（开发用）',
    role: 'department',
    department: 'district-finance',
  },
  { id: 'committee', name: '区委常委会（开发用）', role: 'committee' },
];

/**
 * A development machine with no credentials configured (and no Temporal cluster named: bin/start.ts):
 * mint an organization-department token, a department token and a committee token, store their hashes in
 * data/credentials.json and the tokens themselves in data/dev-tokens.json (readable by the owner only).
 * A data folder made by an earlier version, with the dev tokens of fewer roles, gets the missing ones.
 * Production configures CADRE_CREDENTIALS or CADRE_CREDENTIALS_FILE instead and gets none of this.
 */
export function ensureDevCredentials(dataDir: string): DevToken[] {
  const credentialsFile = join(dataDir, 'credentials.json');
  const tokensFile = join(dataDir, 'dev-tokens.json');
  if (existsSync(credentialsFile) && !existsSync(tokensFile)) return []; // someone else's credentials
  const kept: DevCredential[] = existsSync(tokensFile)
    ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as DevCredential[])
    : [];
  const missing = devHolders.filter((holder) => !kept.some((t) => t.id === holder.id));
  if (missing.length === 0) return kept;
  const tokens = [...kept, ...missing.map((holder) => ({ ...holder, token: newToken() }))];
  const credentials: Credential[] = tokens.map(({ token, ...rest }) => ({
    ...rest,
    // Tokens minted by an earlier version carry no name.
    name: rest.name ?? devHolders.find((h) => h.id === rest.id)?.name ?? rest.id,
    tokenSha256: hashToken(token),
  }));
  // Both its owner's only, like everything in the data folder.
  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  writeFileSync(tokensFile, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  chmodSync(credentialsFile, 0o600);
  chmodSync(tokensFile, 0o600);
  return tokens;
}
