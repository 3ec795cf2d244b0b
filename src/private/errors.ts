import { Duration, Size } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ConfigErrorDetails, configMessage, renderPlainValue } from './message';

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
  return new ResilienceConfigError(configMessage(scope.node.path || '<root>', details, renderValue));
}

/**
 * Renders a value the way the user would have typed it in TypeScript (see renderPlainValue), with a `Duration` or
 * `Size` as its factory call and any other object as its own string (a construct's path, a token).
 */
export function renderValue(value: unknown): string {
  return renderPlainValue(value, (object) => {
    if (object instanceof Duration) return object.toString();
    if (object instanceof Size) {
      // Size keeps the amount and unit it was built with, but has no toString of its own.
      const { amount, unit } = object as unknown as { amount: number; unit: { label: string } };
      return `Size.${unit.label}(${renderPlainValue(amount)})`;
    }
    return String(object);
  });
}
