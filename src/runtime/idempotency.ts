/**
 * The field of the Lambda client context's `custom` object that carries a call's idempotency key. The ClientContext is
 * base64-encoded JSON of up to 3,583 bytes, passed to the function for synchronous invocations only
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html); the runtimes read its `custom` object
 * (`context.clientContext.custom` in Node.js, `context.client_context.custom` in Python), so the payload is untouched.
 */
export const IDEMPOTENCY_KEY_FIELD = 'idempotencyKey';

/** The longest idempotency key a caller may give: far inside the client context's 3,583 bytes. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

/**
 * The JSON before the key, padded with spaces (JSON allows them) to 30 bytes: a whole number of base64's 3-byte groups,
 * so its base64 is encoded once, here, and each call encodes only the key and the closing braces.
 */
const CONTEXT_HEAD = `{"custom":{"${IDEMPOTENCY_KEY_FIELD}":`.padEnd(30, ' ');
const CONTEXT_HEAD_BASE64 = Buffer.from(CONTEXT_HEAD).toString('base64');

/** The base64 client context that carries `key`: `{"custom":{"idempotencyKey": <key as JSON>}}`. */
export function clientContextFor(key: string): string {
  return CONTEXT_HEAD_BASE64 + Buffer.from(`${JSON.stringify(key)}}}`).toString('base64');
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
