import { IResolvable, Reference } from 'aws-cdk-lib';

/** aws-cdk-lib's mark on `Ref`/`Fn::GetAtt` tokens (core/lib/private/cfn-reference.ts), which has no public type test. */
const CFN_REFERENCE_SYMBOL = Symbol.for('@aws-cdk/core.CfnReference');

/** Whether `token` is a `Ref` or `Fn::GetAtt` of a CloudFormation element (aws-cdk-lib's CfnReference). */
export function isCfnReference(token: IResolvable): token is Reference {
  return Reference.isReference(token) && CFN_REFERENCE_SYMBOL in token;
}

/** True when `value` is a CloudFormation intrinsic: an object with the single key `Ref`, `Condition` or `Fn::*`. */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
}
