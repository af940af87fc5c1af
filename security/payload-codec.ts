import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { isOpenFailure, type Keyring } from './keyring';
import {
  BOUND_TO,
  CIPHER,
  CIPHER_NAME,
  KEY_ID,
  SEALED_BY,
  SEALED_ENCODING,
  UNOPENED_ENCODING,
  UNOPENED_REASON,
} from './payload-metadata';

/**
 * The Temporal payload codec: every payload a client or worker sends is sealed with AES-256-GCM under the
 * keyring's current key, the whole inner Payload (its metadata too) inside. What Temporal stores (history,
 * visibility's user metadata, query and update answers in flight) is ciphertext and a key id.
 *
 * A payload is bound to the workflow it belongs to (the serialization context's workflow id, written in
 * `cadre-bound-to` and authenticated with it): where the decoder knows its own workflow, a payload sealed for
 * another one does not open, so a sealed event cannot be copied from one case into another.
 *
 * Decoding:
 * - a sealed payload opens under the key it names, and is marked with that key's id (`cadre-sealed-by`);
 * - a payload in plaintext passes as it is (histories recorded before encryption existed, in cases that run
 *   for years), stripped of any `cadre-sealed-by` it claims;
 * - a payload that does not open: `onUnopened` says what happens (see there).
 */
export type OnUnopened =
  /** Clients (the API, tools): a payload that does not open is an error. */
  | 'throw'
  /**
   * The worker: hand on a stand-in (`binary/cadre-unopened`, with the reason) that the workflow's payload
   * converter refuses. The SDK fails the whole workflow task when a codec throws on an activation, and retries
   * it for ever: one forged Update would wedge its case. A refused conversion rejects just that Update.
   */
  | 'mark'
  /** The codec server: return it unchanged, as the UI shows what it cannot decode. */
  | 'keep';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (bytes: Uint8Array | null | undefined) => (bytes ? decoder.decode(bytes) : undefined);

/** The workflow a payload belongs to, where the SDK says (workflow and activity contexts both do). */
const workflowOf = (context?: SerializationContext): string | undefined => context?.workflowId || undefined;

const payloadContext = (boundTo: string | undefined) => `payload\0${boundTo ?? ''}`;

class PayloadUnopened extends Error {
  override name = 'PayloadUnopened';
}

export class SealingCodec implements PayloadCodec {
  /**
   * `checkBinding: false` opens a payload whatever workflow it was sealed for: for replays, which may run
   * a history under any workflow id and run no validator (nothing is trusted there).
   */
  constructor(
    private readonly keyring: Keyring,
    private readonly onUnopened: OnUnopened = 'throw',
    private readonly options: { checkBinding?: boolean } = {},
  ) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((payload) => this.sealOne(payload, workflowOf(context)));
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((payload) => this.openOne(payload, workflowOf(context)));
  }

  sealOne(payload: Payload, boundTo: string | undefined): Payload {
    if (text(payload.metadata?.encoding) === SEALED_ENCODING) return payload;
    const inner = temporal.api.common.v1.Payload.encode({
      metadata: withoutMark(payload.metadata),
      data: payload.data,
    }).finish();
    const { keyId, sealed } = this.keyring.seal(inner, payloadContext(boundTo));
    return {
      metadata: {
        encoding: encoder.encode(SEALED_ENCODING),
        [KEY_ID]: encoder.encode(keyId),
        [CIPHER]: encoder.encode(CIPHER_NAME),
        ...(boundTo ? { [BOUND_TO]: encoder.encode(boundTo) } : {}),
      },
      data: sealed,
    };
  }

  openOne(payload: Payload, expectedWorkflow: string | undefined): Payload {
    if (text(payload.metadata?.encoding) !== SEALED_ENCODING) {
      return { ...payload, metadata: withoutMark(payload.metadata) };
    }
    const keyId = text(payload.metadata?.[KEY_ID]) ?? '';
    const boundTo = text(payload.metadata?.[BOUND_TO]);
    if (boundTo && expectedWorkflow && boundTo !== expectedWorkflow && this.options.checkBinding !== false) {
      return this.unopened(payload, `sealed for workflow "${boundTo}", not "${expectedWorkflow}"`);
    }
    const opened = this.keyring.open(keyId, payload.data ?? new Uint8Array(), payloadContext(boundTo));
    if (isOpenFailure(opened)) return this.unopened(payload, opened.reason);
    let inner: temporal.api.common.v1.Payload;
    try {
      inner = temporal.api.common.v1.Payload.decode(opened);
    } catch {
      return this.unopened(payload, 'opened, but holds no payload');
    }
    return {
      metadata: { ...withoutMark(inner.metadata ?? {}), [SEALED_BY]: encoder.encode(keyId) },
      data: inner.data ?? new Uint8Array(),
    };
  }

  private unopened(payload: Payload, reason: string): Payload {
    if (this.onUnopened === 'keep') return payload;
    if (this.onUnopened === 'throw') throw new PayloadUnopened(`A payload did not open: ${reason}`);
    return {
      metadata: { encoding: encoder.encode(UNOPENED_ENCODING), [UNOPENED_REASON]: encoder.encode(reason) },
      data: new Uint8Array(),
    };
  }
}

/** Metadata without the codec's own marks, which only the codec may set. */
function withoutMark(metadata: Payload['metadata']): Record<string, Uint8Array> {
  const { [SEALED_BY]: _sealedBy, [UNOPENED_REASON]: _reason, ...rest } = metadata ?? {};
  return rest as Record<string, Uint8Array>;
}
