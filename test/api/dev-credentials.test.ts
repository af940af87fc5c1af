import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToken, loadCredentials } from '../../api/credentials';
import { ensureDevCredentials } from '../../api/dev-credentials';
import { freshDataDir } from '../support/temporal';

/** The development tokens `npm start` mints on the embedded dev server (issue 16: the committee's too). */
describe('development credentials', () => {
  it('a new data folder gets one token per role: organization department, a department, the committee', () => {
    const dir = freshDataDir();
    const tokens = ensureDevCredentials(dir);
    expect(tokens.map((t) => t.role)).toEqual(['organization_department', 'department', 'committee']);
    const stored = loadCredentials(join(dir, 'credentials.json'));
    expect(stored.map((c) => c.tokenSha256)).toEqual(tokens.map((t) => hashToken(t.token)));
    // The next start prints the same tokens.
    expect(ensureDevCredentials(dir)).toEqual(tokens);
  });

  it("an earlier version's folder, without the committee's token, gets it and keeps the others", () => {
    const dir = freshDataDir();
    const [org, finance] = ensureDevCredentials(dir);
    writeFileSync(join(dir, 'dev-tokens.json'), JSON.stringify([org, finance]));
    const tokens = ensureDevCredentials(dir);
    expect(tokens.slice(0, 2)).toEqual([org, finance]);
    expect(tokens[2]).toMatchObject({ id: 'committee', role: 'committee' });
    expect(loadCredentials(join(dir, 'credentials.json')).map((c) => c.role)).toContain('committee');
  });

  it('credentials someone wrote into the data folder by hand are left alone', () => {
    const dir = freshDataDir();
    const own = [{ id: 'ops', name: '运维', role: 'organization_department', tokenSha256: hashToken('x') }];
    writeFileSync(join(dir, 'credentials.json'), JSON.stringify(own));
    expect(ensureDevCredentials(dir)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'))).toEqual(own);
  });
});
