import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role } from 'aws-cdk-lib/aws-iam';
import { CfnElement } from 'aws-cdk-lib/core';
import { DELAY, ERROR, HTTP, PAUSE, REGIONS, drill, failoverOf, fixture, statementsOf, stopAlarms, templateOf } from './fixtures';
import { HealthCheckedFailover, ReplicatedFunction } from '../../src';
import { DrillFault } from '../../src/chaos';
import { expectNoUnacknowledgedFindings, snapshotOf, templates } from '../harness';

/** `{ Fn::GetAtt: [<logical id>, 'Arn'] }` of a construct's resource in its stack. */
function arnOf(construct: { node: { defaultChild?: unknown } }, stack: Stack): any {
  return { 'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as CfnElement), 'Arn'] };
}

/** The health handler's variables for invoking the service's alias in `region` (deep health). */
function serviceVariables(api: ReplicatedFunction, region: string) {
  const replica = api.replica(region);
  return {
    SERVICE: { Ref: replica.cell.getLogicalId(replica.alias.node.defaultChild as CfnElement) },
    SERVICE_NAME: 'Orders-Api:live',
    SERVICE_EVENT: Match.stringLikeRegexp('"rawPath":"/health"'),
  };
}

/** The failover's health handler in `region`. */
function healthOf(failover: HealthCheckedFailover, region: string) {
  const cell = failover.cells.find((c) => c.region === region)!;
  return { fn: cell.healthFunction!, alias: cell.healthAlias!, stack: cell.cell };
}

const withFailover = (faults = [DrillFault.lambdaInvocationError(), DrillFault.lambdaInvocationDelay(), DrillFault.lambdaHttpResponse()]) => {
  const f = fixture();
  const failover = failoverOf(f);
  const drills = drill(f, {
    functions: [f.api], stores: [f.table], lambdaExtension: {}, faults: [...faults, DrillFault.pauseReplication()], failover,
  });
  return { f, failover, drills };
};

describe('ChaosExperiments with a HealthCheckedFailover', () => {
  test('every Lambda fault also targets the cell\'s health handler, qualified by its alias, named like the service\'s', () => {
    const { f, failover } = withFailover();

    for (const region of REGIONS) {
      const cell = f.topology.cell(region);
      const health = healthOf(failover, region);
      expect(health.alias.aliasName).toBe(f.api.replica(region).alias.aliasName);
      for (const action of [ERROR, DELAY, HTTP]) {
        expect(templateOf(cell, action).Targets).toEqual({
          'Functions-live': {
            ResourceType: 'aws:lambda:function',
            ResourceArns: [arnOf(f.api.replica(region).function, cell), arnOf(health.fn, cell)],
            Parameters: { functionQualifier: 'live' },
            SelectionMode: 'ALL',
          },
        });
      }
      // The alias FIS qualifies the target with is the one the health route invokes.
      Template.fromStack(cell).hasResourceProperties('AWS::Lambda::Alias', {
        Name: 'live',
        FunctionName: { Ref: cell.getLogicalId(health.fn.node.defaultChild as CfnElement) },
      });
      // The replication pause targets the table only.
      expect(Object.keys(templateOf(cell, PAUSE).Targets)).toEqual(['Tables']);
    }
  });

  test('the health handler gets the extension layer, its variables without a poll wait, and the bucket read', () => {
    const { f, failover, drills } = withFailover();

    for (const region of REGIONS) {
      const health = healthOf(failover, region);
      const template = Template.fromStack(health.stack);
      const bucket = arnOf(drills.drill(region).configurationBucket!, health.stack);
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'Orders-Api-health',
        Layers: [{ Ref: Match.stringLikeRegexp('^SsmParameterValueawsservicefislambdaextensionAWSFISextensionx8664') }],
        Environment: {
          Variables: Match.objectEquals({
            CHECKS: '[]',
            TIMEOUT_MS: '1000',
            // One deep check answers for the dependency timeout (the health cache's default).
            CACHE_MS: '1000',
            ...serviceVariables(f.api, region),
            AWS_LAMBDA_EXEC_WRAPPER: '/opt/aws-fis/bootstrap',
            AWS_FIS_CONFIGURATION_LOCATION: { 'Fn::Join': ['', [bucket, '/FisConfigs/']] },
          }),
        },
      });
      // The service's replica keeps the poll wait: callers may invoke it rarely.
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'Orders-Api',
        Environment: { Variables: Match.objectLike({ AWS_FIS_POLL_MAX_WAIT_MILLISECONDS: '2000' }) },
      });
      expect(statementsOf(health.fn.role as Role)).toEqual(expect.arrayContaining([
        [['s3:ListBucket'], bucket, { StringLike: { 's3:prefix': ['FisConfigs/*'] } }],
        [['s3:GetObject'], { 'Fn::Join': ['', [bucket, '/FisConfigs/*']] }, undefined],
      ]));
    }
    expect(f.topology.cells).toHaveLength(3);
  });

  test('the wired health handler publishes a new version behind its alias; the rest of the failover is as it was', () => {
    const plain = fixture();
    failoverOf(plain);
    const { f } = withFailover();
    const resources = (app: typeof f.app, stack: string, prefix: string) =>
      Object.entries(templates(app)[stack].Resources).filter(([id]) => id.startsWith(prefix));

    const versionOf = (app: typeof f.app) => resources(app, 'Orders-us-east-1', 'ApiFailoverHealthCurrentVersion').map(([id]) => id);
    expect(versionOf(f.app)).toHaveLength(1);
    expect(versionOf(f.app)).not.toEqual(versionOf(plain.app));
    // The routing stack (health checks, alarms, records) does not change.
    expect(templates(f.app)['Orders-routing']).toEqual(templates(plain.app)['Orders-routing']);
  });

  test('each experiment\'s role may read the health handler (its alias included), in its own cell only', () => {
    const { f, failover, drills } = withFailover();

    for (const region of REGIONS) {
      const cell = f.topology.cell(region);
      const api = arnOf(f.api.replica(region).function, cell);
      const health = arnOf(healthOf(failover, region).fn, cell);
      for (const action of [ERROR, DELAY, HTTP]) {
        const read = statementsOf(drills.experiment(region, action).role).filter(([actions]) => actions.includes('lambda:GetFunction'));
        expect(read).toEqual([[['lambda:GetFunction'], expect.arrayContaining([api, health,
          { 'Fn::Join': ['', [api, ':*']] }, { 'Fn::Join': ['', [health, ':*']] }]), undefined]]);
        expect(read[0][1]).toHaveLength(4);
      }
      const text = JSON.stringify(Template.fromStack(cell).findResources('AWS::FIS::ExperimentTemplate'));
      for (const other of REGIONS.filter((r) => r !== region)) expect(text).not.toContain(other);
    }
  });

  test('guardrails are chosen as without the failover: its health alarms (us-east-1) are never stop conditions', () => {
    const { f, failover } = withFailover();
    const plain = fixture();
    drill(plain, {
      functions: [plain.api],
      stores: [plain.table],
      lambdaExtension: {},
      faults: [DrillFault.lambdaInvocationError(), DrillFault.lambdaInvocationDelay(), DrillFault.lambdaHttpResponse(),
        DrillFault.pauseReplication()],
    });

    for (const region of REGIONS) {
      for (const action of [ERROR, DELAY, HTTP, PAUSE]) {
        expect(stopAlarms(templateOf(f.topology.cell(region), action)))
          .toEqual(stopAlarms(templateOf(plain.topology.cell(region), action)));
      }
      const alarm = failover.healthAlarm(region);
      expect(Stack.of(alarm).region).toBe('us-east-1');
      const text = JSON.stringify(Template.fromStack(f.topology.cell(region)).findResources('AWS::FIS::ExperimentTemplate'));
      expect(text).not.toContain(Stack.of(alarm).getLogicalId(alarm.node.defaultChild as CfnElement));
    }
  });

  test('only the drilled cells\' health handlers are targeted and wired', () => {
    const f = fixture();
    const failover = failoverOf(f, { regions: ['us-east-1', 'us-west-2'] });
    const drills = drill(f, { functions: [f.api], lambdaExtension: {}, faults: [DrillFault.lambdaInvocationError()], regions: ['us-west-2', 'eu-west-1'], failover });

    const west = f.topology.cell('us-west-2');
    expect(templateOf(west, ERROR).Targets['Functions-live'].ResourceArns)
      .toEqual([arnOf(f.api.replica('us-west-2').function, west), arnOf(healthOf(failover, 'us-west-2').fn, west)]);
    // eu-west-1 is drilled but not routed by the failover: its replica only.
    const eu = f.topology.cell('eu-west-1');
    expect(templateOf(eu, ERROR).Targets['Functions-live'].ResourceArns).toEqual([arnOf(f.api.replica('eu-west-1').function, eu)]);
    // us-east-1 is routed but not drilled: its health handler is untouched.
    Template.fromStack(f.topology.cell('us-east-1')).hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'Orders-Api-health',
      Layers: Match.absent(),
      Environment: { Variables: Match.objectEquals({ CHECKS: '[]', TIMEOUT_MS: '1000', CACHE_MS: '1000', ...serviceVariables(f.api, 'us-east-1') }) },
    });
    expect(drills.regions).toEqual(['us-west-2', 'eu-west-1']);
  });

  test('passes cdk-nag (ResilienceChecks included), the Control Tower guard rules and aws-cdk-lib validation', () => {
    const { f } = withFailover([DrillFault.lambdaInvocationError()]);

    const report = expectNoUnacknowledgedFindings(f.app);
    const ids = [...new Set(report.findings.filter((x) => x.path.includes('/Drills/') || x.path.includes('/ApiFailover/HealthRole'))
      .map((x) => x.id.replace(/[0-9A-F]{8}([.>])/g, '$1')))].sort();
    expect(ids).toEqual(expect.arrayContaining([
      'AwsSolutions-IAM5[Resource::<ApiFailoverHealth.Arn>:*]',
      'AwsSolutions-IAM5[Resource::<ApiFunction.Arn>:*]',
      'AwsSolutions-IAM5[Resource::<DrillsFisConfigurationBucket.Arn>/FisConfigs/*]',
    ]));
    expect(report.findings.filter((x) => x.path.includes('/ApiFailover/HealthRole')).map((x) => x.id.replace(/[0-9A-F]{8}([.>])/g, '$1')))
      .toContain('AwsSolutions-IAM5[Resource::<DrillsFisConfigurationBucket.Arn>/FisConfigs/*]');
  });

  test('matches the snapshot', () => {
    const { f } = withFailover([DrillFault.lambdaInvocationError()]);

    expect(snapshotOf(f.app)).toMatchSnapshot();
  });
});
