import { Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records, on `construct`, that the library made a deliberate choice a checker flags, and why, in aws-cdk-lib's
 * standard acknowledgement metadata: cdk-nag and validation plugins in the user's app see the finding as
 * acknowledged, with the reason, on exactly this construct.
 *
 * Ids: cdk-nag findings as reported (`AwsSolutions-IAM5[Resource::*]`); cfn-guard rules as
 * `cdk-validator-cfnguard::<rule>`.
 */
export function acknowledge(construct: IConstruct, ids: string[], reason: string): void {
  for (const id of ids) {
    if (id.split('::').length > 2) {
      // `Validations.acknowledge` refuses ids with more than one '::', yet cdk-nag reports findings such as
      // `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:...]` and matches them exactly: record the same metadata directly.
      construct.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
    } else {
      Validations.of(construct).acknowledge({ id, reason });
    }
  }
}

/**
 * The partition as cdk-nag writes it in a finding id: literal when the stack knows it (the
 * `@aws-cdk/core:enablePartitionLiterals` flag and a concrete region), `<AWS::Partition>` otherwise. Acknowledgement
 * ids must be literal strings, never tokens.
 */
export function nagPartition(stack: Stack): string {
  return Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
}

/**
 * cdk-nag 3's regulated packs that check each rule the library acknowledges (a pack reports `<pack>-<rule>`; naming a
 * rule a pack lacks would leave a stale acknowledgement).
 */
const REGULATED_PACKS: Record<string, string[]> = {
  IAMNoInlinePolicy: ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'],
  LambdaInsideVPC: ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'],
  LambdaDLQ: ['NIST.800.53.R5', 'HIPAA.Security'],
  LambdaConcurrency: ['NIST.800.53.R5', 'HIPAA.Security'],
  S3BucketLoggingEnabled: ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'],
  S3BucketReplicationEnabled: ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'],
  S3BucketVersioningEnabled: ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'],
  S3DefaultEncryptionKMS: ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'],
};

/** The finding ids of `rules` in every regulated pack (NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1) that checks them. */
export function regulatedFindings(...rules: string[]): string[] {
  return rules.flatMap((rule) => {
    const packs = REGULATED_PACKS[rule];
    if (!packs) throw new Error(`no regulated cdk-nag pack is known to check ${rule}: add it to REGULATED_PACKS`);
    return packs.map((pack) => `${pack}-${rule}`);
  });
}

/**
 * Acknowledges the regulated packs' IAMNoInlinePolicy finding on a role the library creates for one function, state
 * machine or experiment in one cell, whose policy aws-cdk-lib generates from grants (the role's `DefaultPolicy`).
 */
export function acknowledgeInlinePolicy(role: IConstruct): void {
  acknowledge(role, regulatedFindings('IAMNoInlinePolicy'),
    'The policy serves this one role, in one cell, and is generated from grants on that cell\'s own resources: IAM ' +
    'documents inline policies for a strict one-to-one policy-to-identity relationship, deleted with the role ' +
    '(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html); a customer-managed ' +
    'policy attached to no other identity would add a separately versioned object and reuse nothing');
}

/**
 * Acknowledges the regulated packs' LambdaConcurrency finding on a function the library leaves without reserved
 * concurrency.
 */
export function acknowledgeNoReservedConcurrency(fn: IConstruct, bound: string): void {
  acknowledge(fn, regulatedFindings('LambdaConcurrency'),
    'A reservation is carved out of the account\'s regional concurrency, which must keep 100 unreserved ' +
    '(https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html): any default reservation fails the ' +
    `deploy on accounts whose quota is 100 or less, as new accounts\' often is. ${bound}`);
}
