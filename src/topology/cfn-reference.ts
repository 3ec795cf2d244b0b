import { IResolvable, Reference } from 'aws-cdk-lib';

/** aws-cdk-lib's mark on `Ref`/`Fn::GetAtt` tokens (core/lib/private/cfn-reference.ts), which has no public type test. */
const CFN_REFERENCE_SYMBOL = Symbol.for('@aws-cdk/core.CfnReference');

/** Whether `token` is a `Ref` or `Fn::GetAtt` of a CloudFormation element (aws-cdk-lib's CfnReference). */
export function isCfnReference(token: IResolvable): token is Reference {
  return Reference.isReference(token) && CFN_REFERENCE_SYMBOL in token;
}
