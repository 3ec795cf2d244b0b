// The runtime's own configuration errors, in the construct library's shape from src/private/message.ts, which loads
// nothing (src/private/errors.ts loads aws-cdk-lib, which the runtime must not):
// `[FailoverInvoker] invalid <option> <value as given>: <problem>. Allowed: ... Fix: ...`.

import { ConfigErrorDetails, configMessage, renderPlainValue } from '../private/message';

/** Thrown for bad options. Not exported from the runtime's entry point: callers see an Error with one message shape. */
class InvokerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvokerConfigError';
  }
}

/** Builds the error for a bad option; `throw invokerError(...)`. */
export function invokerError(details: ConfigErrorDetails): Error {
  return new InvokerConfigError(configMessage('FailoverInvoker', details, (value) => renderPlainValue(value)));
}

/** Thrown for bad options of a FailoverSender. */
class SenderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SenderConfigError';
  }
}

/** Builds the error for a bad FailoverSender option; `throw senderError(...)`. */
export function senderError(details: ConfigErrorDetails): Error {
  return new SenderConfigError(configMessage('FailoverSender', details, (value) => renderPlainValue(value)));
}
