// The runtime's own configuration errors, in the shape of the construct library's (src/private/errors.ts), which this
// layer cannot import (it loads aws-cdk-lib): `[FailoverInvoker] invalid <option> <value as given>: <problem>.
// Allowed: ... Fix: ...`.

/** What a configuration error tells the caller: the option and its value, what is wrong, what is allowed, the fix. */
export interface InvokerErrorDetails {
  /** The option at fault, as the caller wrote it (`attemptTimeoutMs`, `targets[1].functionName`). */
  readonly setting: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly problem: string;
  /** What would be accepted. */
  readonly allowed: string;
  /** The concrete change that makes the construction pass. */
  readonly fix: string;
}

/** Thrown for bad options. Not exported from the runtime's entry point: callers see an Error with one message shape. */
class InvokerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvokerConfigError';
  }
}

/** Builds the error for a bad option; `throw invokerError(...)`. */
export function invokerError(details: InvokerErrorDetails): Error {
  return new InvokerConfigError(
    `[FailoverInvoker] invalid ${details.setting} ${renderValue(details.value)}: ${details.problem}. ` +
    `Allowed: ${details.allowed}. Fix: ${details.fix}.`,
  );
}

/**
 * Renders a value the way the caller would have typed it: `NaN`, `Infinity` and `-1` as numbers (never `null`),
 * strings quoted, lists and plain objects field by field, functions as `[function]`.
 */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return fields.length === 0 ? '{}' : `{ ${fields.map(([k, v]) => `${k}: ${renderValue(v)}`).join(', ')} }`;
  }
  return `[${value.constructor?.name ?? 'object'}]`;
}
