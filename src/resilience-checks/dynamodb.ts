import { RenderedResource, asList, isTrue, literal } from './cfn';
import { NagRuleCompliance } from './nag';

export const GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable';

/**
 * Every replica of the global table has point-in-time recovery enabled. The AWS::DynamoDB::GlobalTable
 * schema has no table-level default for it (nor for deletion protection): both exist only on
 * ReplicaSpecification, and a replica that omits them has them off. TableV2 copies its table-level
 * settings into every replica it renders.
 */
export function globalTablePitr(table: RenderedResource): NagRuleCompliance {
  if (table.type !== GLOBAL_TABLE) return NagRuleCompliance.NOT_APPLICABLE;
  const replicas = asList(table.properties.Replicas, 'Replicas');
  const ok = replicas.every((replica, i) => {
    const spec = replica?.PointInTimeRecoverySpecification;
    literal(spec, `Replicas[${i}].PointInTimeRecoverySpecification`);
    return isTrue(spec?.PointInTimeRecoveryEnabled, `Replicas[${i}].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled`);
  });
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Every replica of the global table has deletion protection enabled. */
export function globalTableDeletionProtection(table: RenderedResource): NagRuleCompliance {
  if (table.type !== GLOBAL_TABLE) return NagRuleCompliance.NOT_APPLICABLE;
  const replicas = asList(table.properties.Replicas, 'Replicas');
  const ok = replicas.every((replica, i) => isTrue(replica?.DeletionProtectionEnabled, `Replicas[${i}].DeletionProtectionEnabled`));
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/**
 * Deletion policies that keep the table when the stack deletes it. `RetainExceptOnCreate` (CDK's
 * RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE) counts: it only deletes a table that was created by a stack
 * operation that then rolled back, so the table cannot hold data yet.
 */
const RETAINING_DELETION_POLICIES = ['Retain', 'RetainExceptOnCreate'];

/**
 * The global table survives stack deletion and resource replacement: DeletionPolicy and UpdateReplacePolicy
 * as rendered from the CfnResource's `cfnOptions` (so `addOverride('DeletionPolicy', ...)` counts too).
 */
export function globalTableRetained(table: RenderedResource): NagRuleCompliance {
  if (table.type !== GLOBAL_TABLE) return NagRuleCompliance.NOT_APPLICABLE;
  const deletion = literal(table.deletionPolicy, 'DeletionPolicy');
  const replace = literal(table.updateReplacePolicy, 'UpdateReplacePolicy');
  return RETAINING_DELETION_POLICIES.includes(deletion as string) && replace === 'Retain'
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
