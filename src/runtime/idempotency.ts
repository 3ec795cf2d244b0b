/**
 * The field of the Lambda client context's `custom` object that carries a call's idempotency key. The ClientContext is
 * base64-encoded JSON of up to 3,583 bytes, passed to the function for synchronous invocations only
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html); the runtimes read its `custom` object
 * (`context.clientContext.custom` in Node.js, `context.client_context.custom` in Python), so the payload is untouched.
 */
export const IDEMPOTENCY_KEY_FIELD = 'idempotencyKey';

/** The longest idempotency key a caller may give: far inside the client context's 3,583 bytes. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

/** The base64 client context that carries `key`. */
export function clientContextFor(key: string): string {
  return Buffer.from(`{"custom":{"${IDEMPOTENCY_KEY_FIELD}":${JSON.stringify(key)}}}`).toString('base64');
}

/** The part of a Lambda handler's context this module reads (`Context` of `aws-lambda`). */
export interface ClientContextHolder {
  readonly clientContext?: unknown;
}

/**
 * In a handler invoked through a `FailoverInvoker`: the call's idempotency key, the same for every attempt, retry,
 * failover and hedge of one logical call; undefined when the caller sent none. Reads `custom`, and `Custom` (the
 * spelling of some type definitions), of the client context.
 */
export function idempotencyKeyOf(context: ClientContextHolder): string | undefined {
  const clientContext = context.clientContext as { custom?: Record<string, unknown>; Custom?: Record<string, unknown> } | undefined;
  const key = (clientContext?.custom ?? clientContext?.Custom)?.[IDEMPOTENCY_KEY_FIELD];
  return typeof key === 'string' ? key : undefined;
}
