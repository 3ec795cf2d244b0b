import { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import type { Finding } from './checkers';

/**
 * Named resources that a stack creation's rollback would keep. CloudFormation keeps a `DeletionPolicy: Retain`
 * resource even when the stack operation that created it rolls back; a resource with an explicit physical name then
 * makes the next deploy fail with "already exists". `RetainExceptOnCreate` (RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)
 * keeps it on update and delete only.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 */
export function lifecycleFindings(stacks: CloudFormationStackArtifact[]): Finding[] {
  const findings: Finding[] = [];
  for (const stack of stacks) {
    const pathOf = new Map(stack.findMetadataByType('aws:cdk:logicalId')
      .map((entry) => [String(entry.data), entry.path.replace(/^\//, '')] as const));
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      const name = physicalNameProperty(resource);
      if (resource.DeletionPolicy !== 'Retain' || !name) continue;
      findings.push({
        checker: 'cloudformation',
        id: 'Lifecycle-NamedRetain',
        level: 'error',
        path: pathOf.get(logicalId) ?? `${stack.hierarchicalId}/${logicalId}`,
        message: `${resource.Type} with the fixed name ${name} is DeletionPolicy Retain: a rolled-back first create keeps it ` +
          'and the next deploy fails "already exists". Fix: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE (RetainExceptOnCreate).',
      });
    }
  }
  return findings;
}

/** The property that gives `resource` its physical name (`<Type>Name`, `TableName`, `Name`), when set. */
export function physicalNameProperty(resource: { Type: string; Properties?: Record<string, unknown> }): string | undefined {
  const props = resource.Properties ?? {};
  const typeName = resource.Type.split('::').pop()!;
  const key = [`${typeName}Name`, 'TableName', 'Name'].find((k) => props[k] !== undefined);
  return key && `${key}=${JSON.stringify(props[key])}`;
}
