import { ServicePrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The alarm topic of a stack: encrypted with `key` (which CloudWatch may use to publish) and TLS only.
 * Every alarm of the library's constructs in that stack notifies it.
 */
export function encryptedAlarmTopic(scope: Construct, key: Key, displayName: string): Topic {
  key.addToResourcePolicy(new PolicyStatement({
    principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  }));
  return new Topic(scope, 'AlarmTopic', { displayName, masterKey: key, enforceSSL: true });
}
