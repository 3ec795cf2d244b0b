import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import { findingsOf, idsAndLevels, newStack } from './fixtures';

const STOP = 'Resilience-FISAlarmStopCondition';

function experiment(stack: Stack, stopConditions: fis.CfnExperimentTemplate.ExperimentTemplateStopConditionProperty[]): fis.CfnExperimentTemplate {
  return new fis.CfnExperimentTemplate(stack, 'Experiment', {
    description: 'Stop one AZ worth of instances',
    roleArn: 'arn:aws:iam::123456789012:role/fis',
    targets: { instances: { resourceType: 'aws:ec2:instance', selectionMode: 'PERCENT(50)', resourceTags: { app: 'shop' } } },
    actions: { stop: { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'instances' } } },
    stopConditions,
  });
}

describe('FIS experiment stop conditions', () => {
  test('fails when the only stop condition is "none"', () => {
    // GIVEN
    const stack = newStack();
    experiment(stack, [{ source: 'none' }]);
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${STOP}:error`]);
    expect(findingsOf(stack, STOP)[0].paths).toEqual(['Stack/Experiment']);
  });

  test('fails when the alarm stop condition names no alarm', () => {
    // GIVEN
    const stack = newStack();
    experiment(stack, [{ source: 'aws:cloudwatch:alarm' }]);
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([`${STOP}:error`]);
  });

  test('passes a stop condition on a CloudWatch alarm', () => {
    // GIVEN
    const stack = newStack();
    const alarm = new cloudwatch.Alarm(stack, 'Errors', {
      metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors' }), threshold: 5, evaluationPeriods: 1,
    });
    experiment(stack, [{ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn }]);
    // WHEN
    const findings = idsAndLevels(stack);
    // THEN
    expect(findings).toEqual([]);
  });
});
