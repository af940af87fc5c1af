import { ApplicationFailure } from '@temporalio/workflow';
import { sealedBy } from '../domain/sealed';
import { UntrustedMessage } from './messages';

/**
 * Who sent an Update? The event names its actor, and the API writes there the caller its token identifies.
 * But anything that reaches Temporal's port can send an Update too, naming any actor. What it cannot do
 * without the service's key is seal one: the payload codec seals every payload with AES-256-GCM, whose tag
 * authenticates the content, and the worker's payload converter marks a value it opened from a sealed
 * payload (domain/sealed.ts). An Update validator calls this first, so an unsealed message (plaintext from a
 * client without the key) is refused before it reaches history, and the case is unchanged; one sealed by
 * another key never converts at all (security/converters.ts), and is rejected the same way.
 *
 * Validators only: they do not run on replay, so histories from before encryption, whose events are
 * plaintext, replay as they ran. The handlers never look at the mark.
 */
export function requireSealed(raw: unknown, what: string): void {
  if (sealedBy(raw)) return;
  throw ApplicationFailure.create({
    type: UntrustedMessage,
    message:
      `${what} refused: it is not sealed by the service's key, so the actor it names cannot be trusted ` +
      '(send events through the API, which authenticates the caller)',
    nonRetryable: true,
  });
}
