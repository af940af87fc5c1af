import { resolve } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import type { Keyring } from './keyring';
import { type OnUnopened, SealingCodec } from './payload-codec';

/**
 * The data converters every process of the service uses, so that nothing reaches Temporal unsealed:
 * - clients (the API, the calendar activities' client, tests, the bench, tools): the sealing codec, which
 *   throws on a payload it cannot open;
 * - the worker: the codec, which hands a payload it cannot open on as a stand-in the workflows' payload
 *   converter refuses (payload-codec.ts), and the failure converter that seals messages and stack traces.
 *   Its workflow bundle must be built with `workflowBundleConverters` (worker/worker.ts does), or no event
 *   is marked sealed and every Update validator refuses.
 */
const payloadConverterPath = resolve(__dirname, 'converters.ts');
const failureConverterPath = resolve(__dirname, 'failure-converter.cjs');

/** For bundleWorkflowCode: the converters the workflow sandbox runs. */
export const workflowBundleConverters = { payloadConverterPath, failureConverterPath };

export function clientDataConverter(keyring: Keyring, onUnopened: OnUnopened = 'throw'): DataConverter {
  return { payloadCodecs: [new SealingCodec(keyring, onUnopened)], failureConverterPath };
}

export function workerDataConverter(keyring: Keyring): DataConverter {
  return { payloadCodecs: [new SealingCodec(keyring, 'mark')], failureConverterPath };
}

/**
 * For Worker.runReplayHistory/ies: opens the history's payloads whatever workflow id the replay runs them
 * under (replays take any id), and throws on one that does not open.
 */
export function replayDataConverter(keyring: Keyring): DataConverter {
  return {
    payloadCodecs: [new SealingCodec(keyring, 'throw', { checkBinding: false })],
    failureConverterPath,
  };
}
