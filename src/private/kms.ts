import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEEP_EXCEPT_ON_CREATE } from './lifecycle';

/**
 * A customer-managed key with rotation whose policy lets only AWS services acting for the account create
 * grants (Control Tower CT.KMS.PR.3). Every key the library creates is made here.
 */
export function rotatingKey(scope: Construct, id: string, description: string, alias?: string): Key {
  const key = new Key(scope, id, { enableKeyRotation: true, description, alias, removalPolicy: KEEP_EXCEPT_ON_CREATE });
  key.addToResourcePolicy(new PolicyStatement({
    effect: Effect.DENY,
    principals: [new AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}
