import { ArnFormat, Stack } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { declareInteractions } from './interactions';

const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/**
 * The alarm topic of a stack: encrypted with `key` and TLS only. Every alarm of the library's constructs in that stack
 * notifies it (`notifyOnAlarm`).
 *
 * A topic policy replaces SNS's default policy, so the TLS-only Deny alone would refuse every alarm: CloudWatch
 * publishes as its service principal, allowed here (and on the key, which an encrypted topic needs) for the alarms of
 * this account and region only (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */
export function encryptedAlarmTopic(scope: Construct, key: Key, displayName: string): Topic {
  const stack = Stack.of(scope);
  const conditions = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
  };
  key.addToResourcePolicy(new PolicyStatement({
    principals: [new ServicePrincipal(CLOUDWATCH)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions,
  }));
  const topic = new Topic(scope, 'AlarmTopic', { displayName, masterKey: key, enforceSSL: true });
  topic.addToResourcePolicy(new PolicyStatement({
    principals: [new ServicePrincipal(CLOUDWATCH)],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions,
  }));
  return topic;
}

/** Makes `alarm` notify `topic` (an `encryptedAlarmTopic`), and declares the publish it relies on. */
export function notifyOnAlarm(alarm: Alarm, topic: Topic): void {
  alarm.addAlarmAction(new SnsAction(topic));
  const context = { 'aws:SourceAccount': Stack.of(alarm).account, 'aws:SourceArn': alarm.alarmArn };
  declareInteractions(alarm, {
    principal: CLOUDWATCH,
    actions: ['sns:Publish'],
    resource: topic.topicArn,
    context,
    purpose: 'the alarm notifies its topic',
  }, {
    principal: CLOUDWATCH,
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resource: topic.masterKey!.keyArn,
    context: { ...context, 'kms:EncryptionContext:aws:sns:topicArn': topic.topicArn },
    purpose: 'the alarm publishes to an encrypted topic',
  });
}
