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
