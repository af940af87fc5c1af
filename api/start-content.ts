import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { Track } from '../domain/case';
import { CADRE_NAME_KEYS_FIELD } from '../domain/search-keys';
import { workflowTypeFor } from '../domain/start';
import { START_DIGEST_FIELD } from '../domain/start-digest';
import { trackCatalogue } from '../domain/tracks';

/**
 * An idempotent start that notices different content (issue 12): the same department and case id again
 * is the same case only when the body says the same. The stored start is the input of the case's run
 * (its first history event, decoded with the client's data converter, so a payload codec's encryption is
 * undone as for any read). Both sides are read through the track's start schema, so defaults filled in
 * on the way (or since) never count as a difference; a continued run's input is the parsed start too.
 */
const trackOfWorkflowType = new Map<string, string>(
  Object.entries(workflowTypeFor).map(([track, type]) => [type, track]),
);

/** A value in a form that compares equal whatever the order of its keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The dotted paths where two values differ: objects field by field, anything else (lists too) whole. */
function differingPaths(stored: unknown, given: unknown, prefix = ''): string[] {
  if (isPlainObject(stored) && isPlainObject(given)) {
    const keys = [...new Set([...Object.keys(stored), ...Object.keys(given)])].sort();
    return keys.flatMap((key) => differingPaths(stored[key], given[key], prefix ? `${prefix}.${key}` : key));
  }
  return canonical(stored) === canonical(given) ? [] : [prefix || '(body)'];
}

function asStarted(track: Track, input: unknown): unknown {
  const parsed = trackCatalogue[track].startSchema.safeParse(input);
  return parsed.success ? parsed.data : input;
}

/**
 * The digest of a start's content (domain/start-digest.ts): sha256 hex of the canonical JSON of its track
 * and its input as read through the track's start schema, the very reading `startDifferences` compares.
 * Two starts with equal digests are the same start; unequal ones are told apart by `startDifferences`,
 * which names the fields (a digest names none, and a case started before digests has none).
 */
export function startDigest(track: Track, input: Record<string, unknown>): string {
  const { [CADRE_NAME_KEYS_FIELD]: _keys, [START_DIGEST_FIELD]: _digest, ...given } = input;
  return createHash('sha256')
    .update(canonical({ track, input: asStarted(track, given) }))
    .digest('hex');
}

/**
 * The fields in which a start differs from the case already under its id: empty when they agree. Names
 * fields only, never values (the stored start may hold what the caller should not read back).
 */
export async function startDifferences(
  client: Client,
  workflowId: string,
  given: { track: Track } & Record<string, unknown>,
): Promise<string[]> {
  const namespace = client.options.namespace;
  const response = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution: { workflowId },
    maximumPageSize: 1,
  });
  const started = response.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  if (!started) return [];
  const storedTrack = trackOfWorkflowType.get(started.workflowType?.name ?? '') as Track | undefined;
  const raw = await decodeFromPayloadsAtIndex<Record<string, unknown>>(
    client.options.loadedDataConverter,
    0,
    started.input?.payloads,
    { type: 'workflow', namespace, workflowId },
  );
  const { [CADRE_NAME_KEYS_FIELD]: _keys, [START_DIGEST_FIELD]: _digest, ...storedInput } = raw ?? {};
  const { track, ...givenInput } = given;
  if (!storedTrack) return ['track'];
  const fields = differingPaths(asStarted(storedTrack, storedInput), asStarted(track, givenInput));
  return storedTrack === track ? fields : ['track', ...fields];
}
