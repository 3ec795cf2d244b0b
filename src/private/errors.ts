import { Duration, Size } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * What a configuration error must tell the user: the construct, the setting and its value,
 * what is wrong, what is allowed, and how to fix it.
 */
export interface ConfigErrorDetails {
  /** The prop or setting at fault, as the user wrote it (e.g. `regions`). */
  readonly setting: string;
  /** The offending value. */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly problem: string;
  /** What would be accepted. */
  readonly allowed: string;
  /** The concrete change that makes synth pass. */
  readonly fix: string;
}

/**
 * Thrown at synth (construction) time for bad input. Never exported: callers see a plain Error
 * whose message follows one shape, so users can read it and tests can match it.
 */
class ResilienceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResilienceConfigError';
  }
}

/** Builds the error for a bad setting on `scope`; `throw configError(...)`. */
export function configError(scope: IConstruct, details: ConfigErrorDetails): Error {
  const path = scope.node.path || '<root>';
  return new ResilienceConfigError(
    `[${path}] invalid ${details.setting} ${renderValue(details.value)}: ${details.problem}. ` +
    `Allowed: ${details.allowed}. Fix: ${details.fix}.`,
  );
}

/**
 * Renders a value the way the user would have typed it in TypeScript: `NaN`, `Infinity` and `-1` as
 * numbers (never `null`), strings quoted, a `Duration` or `Size` as its factory call, objects field by field.
 */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (value instanceof Duration) return value.toString();
  if (value instanceof Size) {
    // Size keeps the amount and unit it was built with, but has no toString of its own.
    const { amount, unit } = value as unknown as { amount: number; unit: { label: string } };
    return `Size.${unit.label}(${renderValue(amount)})`;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return fields.length === 0 ? '{}' : `{ ${fields.map(([k, v]) => `${k}: ${renderValue(v)}`).join(', ')} }`;
  }
  return String(value);
}
