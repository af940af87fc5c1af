import { z } from 'zod';

/**
 * Finding a case by a person's name or by a unit (issue 12), without a name in Temporal visibility in
 * plaintext. The case's search attribute CaseSearchKeys holds:
 * - `name:<digest>` for each cadre the case concerns: a keyed hash (HMAC-SHA256, api/name-keys.ts) of the
 *   normalised name. The key stays with the API; the workflow only ever sees digests, which the API puts
 *   into the start input and into the events that bring a cadre in (`cadreNameKeys`, by cadre id);
 * - `unit:<unit>` for each unit the case concerns: the current and the proposed unit. Units are
 *   organizations, not personal data, so they stay readable (an operator filters the Temporal UI with
 *   `CaseSearchKeys = 'unit:区财政局'`); they are normalised like names, and stripped of anything a
 *   visibility query would have to escape.
 */
const NAME_KEY_PREFIX = 'name:';
const UNIT_KEY_PREFIX = 'unit:';

/** A name as it is hashed: NFKC, trimmed, inner whitespace removed, so "李 明" and "李明" are one name. */
export const normalisedName = (name: string): string => name.normalize('NFKC').replace(/\s+/gu, '');

/**
 * A unit as it is searched: NFKC (full-width brackets become ASCII ones), whitespace removed, and only
 * letters, marks, digits and `._:()·-` kept. No quote or backslash ever reaches a visibility query.
 */
export function unitSearchKey(unit: string): string | undefined {
  const kept = unit.normalize('NFKC').replace(/[^\p{L}\p{M}\p{N}._:()·-]/gu, '');
  return kept ? `${UNIT_KEY_PREFIX}${kept}` : undefined;
}

export const nameSearchKey = (digest: string): string => `${NAME_KEY_PREFIX}${digest}`;

const digestSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a name digest (base64url)');

/**
 * The digests of the names of the cadres a start or an event brings in, by cadre id: set by the API
 * (never by a caller: the API's body schemas do not have the field, and the API overwrites it). Absent in
 * cases started before it, and in events that bring no one in.
 */
const cadreNameKeysSchema = z.record(z.string().min(1).max(64), digestSchema);
export type CadreNameKeys = z.infer<typeof cadreNameKeysSchema>;
export const CADRE_NAME_KEYS_FIELD = 'cadreNameKeys';

/** The digests a workflow input or an event carries, or none (an old input, a malformed field). */
export function cadreNameKeysOf(carrier: unknown): CadreNameKeys {
  if (typeof carrier !== 'object' || carrier === null) return {};
  const parsed = cadreNameKeysSchema.safeParse((carrier as Record<string, unknown>)[CADRE_NAME_KEYS_FIELD]);
  return parsed.success ? parsed.data : {};
}

/** UTF-8 bytes, counted by hand: the workflow sandbox may lack an encoder. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Temporal refuses a search attribute value above 2 KB (and a workflow task that upserts one fails and
 * retries forever), so the keys are kept, in the order given and without repeats, while their JSON stays
 * within this budget. Callers put the keys that matter most first.
 */
const SEARCH_KEYS_BUDGET_BYTES = 1800;

export function withinBudget(keys: (string | undefined)[], budget = SEARCH_KEYS_BUDGET_BYTES): string[] {
  const kept: string[] = [];
  let bytes = 2; // []
  for (const key of new Set(keys)) {
    if (!key) continue;
    const cost = utf8Bytes(key) + 3; // "…",
    if (bytes + cost > budget) break;
    kept.push(key);
    bytes += cost;
  }
  return kept;
}
