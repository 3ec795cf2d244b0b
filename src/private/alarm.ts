import { Alarm, AlarmProps, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * An alarm that notifies `topic` (a cell's or the routing stack's alarm topic): every alarm the library creates is made
 * here. Missing data does not breach unless `props` says so: most alarms watch counts that are absent while nothing
 * goes wrong. The comparison is aws-cdk-lib's default (greater than or equal to the threshold) unless `props` says so.
 */
export function notifyingAlarm(scope: Construct, id: string, topic: ITopic, props: AlarmProps): Alarm {
  const alarm = new Alarm(scope, id, { ...props, treatMissingData: props.treatMissingData ?? TreatMissingData.NOT_BREACHING });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
