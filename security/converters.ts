import {
  type ConverterHint,
  defaultPayloadConverter,
  type Payload,
  type PayloadConverter,
  type SerializationContext,
  ValueError,
} from '@temporalio/common';
import { decode } from '@temporalio/common/lib/encoding';
import { markSealed } from '../domain/sealed';
import { SEALED_BY, UNOPENED_ENCODING, UNOPENED_REASON } from './payload-metadata';

/**
 * The workflows' payload converter, bundled into the workflow sandbox (worker/worker.ts bundles it with the
 * workflows; it may import nothing with I/O). JSON as the SDK's default converter does it, plus what the
 * worker's codec learnt while opening the payload, which the converter alone can pass into the sandbox:
 * - a value from a payload the codec opened is marked with the key that sealed it (domain/sealed.ts), for
 *   the Update validators to tell an event the API sealed from one any client of Temporal's port could send;
 * - the codec's stand-in for a payload it could not open is refused, with the codec's reason. The SDK rejects
 *   an Update whose input does not convert before accepting it, so the case is unchanged and its workflow
 *   task carries on.
 */
class SealAwarePayloadConverter implements PayloadConverter {
  toPayload<T>(value: T, context?: SerializationContext, hint?: ConverterHint<T>): Payload {
    return defaultPayloadConverter.toPayload(value, context, hint);
  }

  fromPayload<T>(payload: Payload, context?: SerializationContext, hint?: ConverterHint<T>): T {
    const metadata = payload.metadata ?? {};
    if (metadata.encoding && decode(metadata.encoding) === UNOPENED_ENCODING) {
      const reason = metadata[UNOPENED_REASON] ? decode(metadata[UNOPENED_REASON]) : 'no reason given';
      throw new ValueError(`Refused: the payload is not sealed by a key of this service (${reason})`);
    }
    const value = defaultPayloadConverter.fromPayload<T>(payload, context, hint);
    const sealedBy = metadata[SEALED_BY];
    return sealedBy ? markSealed(value, decode(sealedBy)) : value;
  }
}

export const payloadConverter: PayloadConverter = new SealAwarePayloadConverter();
