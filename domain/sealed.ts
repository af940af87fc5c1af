/**
 * Whether a value reached the workflow sealed by a key of the service's keyring. The worker's payload
 * converter (security/converters.ts) marks an object it converts from a payload the codec opened, with this
 * symbol, not enumerable: JSON, spreads and schema parses never carry it, so it cannot be sent, copied or
 * recorded, and the workflow's logic sees the same value with or without it.
 *
 * The Update validators read it (workflows/trust.ts): anything that reaches Temporal's port could send an
 * event, but only a holder of the key seals one, so a sealed event's actor is one the API authenticated.
 */
const SEALED_BY = Symbol.for('cadre.sealedBy');

/** The id of the key that sealed `value`, or undefined: plaintext, or not an object. */
export function sealedBy(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const mark = (value as { [SEALED_BY]?: unknown })[SEALED_BY];
  return typeof mark === 'string' ? mark : undefined;
}

/** Marks `value` as opened from a payload sealed by `keyId`; values that are not objects stay unmarked. */
export function markSealed<T>(value: T, keyId: string): T {
  if (typeof value === 'object' && value !== null && Object.isExtensible(value)) {
    Object.defineProperty(value, SEALED_BY, { value: keyId, enumerable: false });
  }
  return value;
}
