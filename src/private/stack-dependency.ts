import { Stack } from 'aws-cdk-lib';

/**
 * Makes `dependent` deploy after `dependency`, with the method the installed aws-cdk-lib offers: newer releases
 * rename `Stack.addDependency` to `addStackDependency` and mark the old name deprecated (a DeprecationError under
 * `JSII_DEPRECATED=fail`); the peer range starts at releases that have only the old name.
 */
export function addStackDependency(dependent: Stack, dependency: Stack, reason: string): void {
  const renamed = (dependent as unknown as { addStackDependency?: (target: Stack, why?: string) => void }).addStackDependency;
  if (typeof renamed === 'function') {
    renamed.call(dependent, dependency, reason);
  } else {
    dependent.addDependency(dependency, reason);
  }
}
