import { CadreClient, type CaseKey } from '../api/client';
import { caseRefSchema } from '../domain/case';
import { UsageError } from './errors';

export const defaultApiUrl = 'http://127.0.0.1:3000';

/** What every command needs to talk to the API: --api / CADRE_API_URL and --token / CADRE_TOKEN. */
export interface Connection {
  api: string;
  token?: string;
}

export function clientFor({ api, token }: Connection): CadreClient {
  try {
    new URL(api);
  } catch {
    throw new UsageError(`--api ${JSON.stringify(api)} is not a URL (expected e.g. ${defaultApiUrl})`);
  }
  return new CadreClient({ baseUrl: api, token });
}

/** "district-finance/2026-017" (a workflow id, as `cases list` prints it) → department and case id. */
export function parseCaseRef(ref: string): CaseKey {
  const slash = ref.indexOf('/');
  const parsed =
    slash > 0
      ? caseRefSchema.safeParse({ department: ref.slice(0, slash), caseId: ref.slice(slash + 1) })
      : null;
  if (!parsed?.success) {
    throw new UsageError(
      `${JSON.stringify(ref)} is not a case: write <department>/<caseId>, e.g. district-finance/2026-017`,
    );
  }
  return parsed.data;
}

export const caseName = ({ department, caseId }: CaseKey) => `${department}/${caseId}`;
