'use strict';
/**
 * The failure converter of the worker, in its main thread and its workflow sandbox alike: a failure's message
 * and stack trace go into an encoded attribute, a payload that the codec seals, instead of plaintext in the
 * history (a refusal or an error may quote a case). Clients decode such failures with the SDK's default.
 *
 * CommonJS and not TypeScript: the SDK `require()`s this path in the worker's process, where no TypeScript
 * loader may be installed (tests run under vitest).
 */
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
