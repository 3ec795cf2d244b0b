import { Alarm, AlarmProps, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { notifyOnAlarm } from './alarm-topic';

/**
 * An alarm that notifies `topic` (a cell's or the routing stack's `encryptedAlarmTopic`, whose publish it declares):
 * every alarm the library creates is made here. Missing data does not breach unless `props` says so: most alarms watch
 * counts that are absent while nothing goes wrong. The comparison is aws-cdk-lib's default (greater than or equal to the
 * threshold) unless `props` says so.
 */
export function notifyingAlarm(scope: Construct, id: string, topic: Topic, props: AlarmProps): Alarm {
  const alarm = new Alarm(scope, id, { ...props, treatMissingData: props.treatMissingData ?? TreatMissingData.NOT_BREACHING });
  notifyOnAlarm(alarm, topic);
  return alarm;
}
