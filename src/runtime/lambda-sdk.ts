import type { AttemptOutcome } from './types';

// What the invoker needs of @aws-sdk/client-lambda: loading it, and reading its answers and errors.

/** Errors raised before a request reached the function: the connection never opened. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** The SDK wraps a network error without its code ("AWS SDK error wrapper for Error: connect ECONNREFUSED ..."). */
const NETWORK_CODE = /\b(E[A-Z_]{3,})\b/;

/**
 * Caller errors are 400-level request errors (bad payload, too large, invalid parameter): the same everywhere.
 * A 429 is a throttle; any other status (5xx, a region's 403/404) is a failure of that region before the function ran,
 * retried as the SDK retries it. With no status, a connection that never opened is safe to retry; one that dropped
 * may have delivered the request (ambiguous).
 */
export function classify(error: unknown): AttemptOutcome {
  const status: number | undefined = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (status === 400 || status === 413 || status === 415) return 'caller-error';
  if (status === 429) return 'throttled';
  if (status !== undefined) return 'retryable';
  return neverSent(error) ? 'retryable' : 'ambiguous';
}

/** Whether a request that failed without an HTTP status never left the machine (the connection never opened). */
export function neverSent(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? NETWORK_CODE.exec(String((error as Error)?.message))?.[1];
  return code !== undefined && NOT_SENT.has(code);
}

export function parsePayload(payload: Uint8Array | undefined): unknown {
  if (!payload || payload.length === 0) return undefined;
  const text = DECODER.decode(payload);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

const DECODER = new TextDecoder();
let sdk: typeof import('@aws-sdk/client-lambda') | undefined;

/** The AWS SDK is the caller's (the Node.js Lambda runtimes include it): loaded on first use, never bundled. */
export function lambdaSdk(): typeof import('@aws-sdk/client-lambda') {
  // Deliberately not a dependency of this package (see README: the caller provides the SDK).
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  sdk ??= require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
  return sdk;
}
