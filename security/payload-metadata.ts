/**
 * The metadata the payload codec (payload-codec.ts) and the workflows' payload converter (converters.ts)
 * agree on. Plain constants: converters.ts runs in the workflow sandbox and may import nothing with I/O.
 */

/** A sealed payload's encoding. Its data: IV, ciphertext of the whole inner Payload, GCM tag. */
export const SEALED_ENCODING = 'binary/encrypted';
/** The id of the key that sealed it (the name Temporal's samples use). */
export const KEY_ID = 'encryption-key-id';
export const CIPHER = 'encryption-cipher';
export const CIPHER_NAME = 'AES-256-GCM';
/** The workflow a payload was sealed for, authenticated with it: it opens for that workflow only. */
export const BOUND_TO = 'cadre-bound-to';

/**
 * Set by the codec on a payload it has just opened: the id of the key that sealed it. Only the codec sets
 * it; it removes any that a payload arriving in plaintext carries, so a sender cannot claim it.
 */
export const SEALED_BY = 'cadre-sealed-by';

/**
 * What the worker's codec hands on instead of a payload it cannot open (sealed by a key it lacks, altered,
 * or sealed for another workflow): this encoding, and the reason. The payload converter refuses it with that
 * reason, so an Update carrying it is rejected before it is accepted, and the workflow task never fails.
 */
export const UNOPENED_ENCODING = 'binary/cadre-unopened';
export const UNOPENED_REASON = 'cadre-unopened-reason';
