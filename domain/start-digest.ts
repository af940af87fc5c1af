/**
 * The digest of a start's content (issue 18: one round trip per start). The API computes it (sha256 hex
 * of the canonical JSON of the body as read through the track's start schema, api/start-content.ts) and
 * puts it into the workflow input under this reserved field, as it does the name digests
 * (domain/search-keys.ts). The track's start schema drops the field, so the workflow reads it from the raw
 * input, keeps it across continue-as-new, and hands it back in the start's read-back Update: the API tells
 * "the same start again" from "another start under the same id" without reading history. Absent in cases
 * started before it (the API then compares with the history's first event, as before).
 */
export const START_DIGEST_FIELD = 'startDigest';

/** The digest an input carries, or undefined (an older input, a malformed field). */
export function startDigestOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const digest = (input as Record<string, unknown>)[START_DIGEST_FIELD];
  return typeof digest === 'string' && /^[0-9a-f]{64}$/.test(digest) ? digest : undefined;
}
