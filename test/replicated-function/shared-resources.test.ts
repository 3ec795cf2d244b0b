import { App, Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { MultiRegionTopology, ReplicatedCode, ReplicatedFunction, ReplicatedFunctionProps } from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, templates, testApp } from '../harness';

// A cell's replicated functions share one CodeDeploy application, one deployment role and one dead-letter queue with
// one alarm: what keeps a function at 12 resources per cell.

const REGIONS = ['us-east-1', 'eu-west-1'];

function topology(app: App = testApp()): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS });
}

function fn(t: MultiRegionTopology, id: string, props: Partial<ReplicatedFunctionProps> = {}): ReplicatedFunction {
  return new ReplicatedFunction(t, id, {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'), ...props,
  });
}

/** The deployment roles' inline policy statements, by role logical id. */
function deploymentPolicies(template: Template): Record<string, any[]> {
  const roles = template.findResources('AWS::IAM::Role', {
    Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'codedeploy.amazonaws.com' } })] } },
  });
  return Object.fromEntries(Object.entries<any>(roles).map(([id, role]) => [id, role.Properties.Policies[0].PolicyDocument.Statement]));
}

describe('resources a cell\'s replicated functions share', () => {
  test('one CodeDeploy application, one deployment role naming each alias and its two rollback alarms, one queue and alarm', () => {
    const app = testApp();
    const t = topology(app);
    const [orders, payments] = [fn(t, 'Orders'), fn(t, 'Payments')];

    for (const region of REGIONS) {
      const template = Template.fromStack(t.cell(region));
      template.resourceCountIs('AWS::CodeDeploy::Application', 1);
      template.resourceCountIs('AWS::CodeDeploy::DeploymentGroup', 2);
      template.resourceCountIs('AWS::SQS::Queue', 1);
      template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible' }, 1);
      const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${TEST_ACCOUNT}:${resource}`;
      expect(Object.values(deploymentPolicies(template))).toEqual([[
        {
          Action: ['lambda:GetAlias', 'lambda:GetProvisionedConcurrencyConfig', 'lambda:UpdateAlias'],
          Effect: 'Allow',
          Resource: ['function:Orders-Orders', 'function:Orders-Orders:live', 'function:Orders-Payments', 'function:Orders-Payments:live']
            .map((resource) => arn('lambda', resource)),
        },
        {
          Action: 'cloudwatch:DescribeAlarms',
          Effect: 'Allow',
          Resource: ['Orders-Orders-errors', 'Orders-Orders-throttles', 'Orders-Payments-errors', 'Orders-Payments-throttles']
            .map((name) => arn('cloudwatch', `alarm:${name}`)),
        },
      ]]);
      // Each replica still answers for its queue and dead-letter alarm: the cell's.
      expect(orders.replica(region).deadLetterQueue).toBe(payments.replica(region).deadLetterQueue);
      expect(orders.replica(region).deadLetterAlarm).toBe(payments.replica(region).deadLetterAlarm);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        AlarmDescription: Match.stringLikeRegexp('names its function in requestContext\\.functionArn'),
      });
    }
    expectNoUnacknowledgedFindings(app);
  });

  test('a function removed from the topology leaves the shared resources in place, their policy without its alias', () => {
    const withBoth = testApp();
    const both = topology(withBoth);
    fn(both, 'Orders');
    fn(both, 'Payments');
    const withOne = testApp();
    const one = topology(withOne);
    fn(one, 'Orders');

    const before = templates(withBoth)['Orders-us-east-1'].Resources;
    const after = templates(withOne)['Orders-us-east-1'].Resources;
    const shared = (resources: Record<string, unknown>) => Object.keys(resources).filter((id) => /^FunctionDe/.test(id)).sort();
    expect(shared(after)).toEqual(shared(before));
    const [role] = Object.values(deploymentPolicies(Template.fromJSON({ Resources: after })));
    expect(JSON.stringify(role)).not.toContain('Payments');
    expect(JSON.stringify(role)).toContain('Orders-Orders:live');
  });

  test('opens another deployment role only when the next alias would pass IAM\'s role policy size limit', () => {
    const app = testApp();
    const t = topology(app);
    // 64-character names: each alias adds 366 characters of ARNs to the policy, so 30 aliases need more than one role.
    const functions = Array.from({ length: 30 }, (_, i) => fn(t, `Fn${i}`, { functionName: `orders-${String(i).padStart(2, '0')}-`.padEnd(64, 'x') }));

    const template = Template.fromStack(t.primaryCell);
    const policies = deploymentPolicies(template);
    expect(Object.keys(policies)).toHaveLength(2);
    for (const statements of Object.values(policies)) {
      // Whitespace aside, what IAM counts, with the partition and account as the template has them.
      expect(JSON.stringify({ Version: '2012-10-17', Statement: statements }).length).toBeLessThanOrEqual(10_240);
    }
    // Every alias is in exactly one role, the one its deployment group uses.
    const groups = template.findResources('AWS::CodeDeploy::DeploymentGroup');
    for (const f of functions) {
      const group = Object.values<any>(groups).find((g) => JSON.stringify(g.Properties.AlarmConfiguration).includes(f.node.id + 'ErrorsAlarm'));
      const roleId = group.Properties.ServiceRoleArn['Fn::GetAtt'][0];
      const holding = Object.entries(policies).filter(([, statements]) => JSON.stringify(statements).includes(`${f.functionName}:live`));
      expect(holding.map(([id]) => id)).toEqual([roleId]);
    }
  });

  test('a retention period of its own gets a queue of its own, shared with the functions that ask for the same', () => {
    const t = topology();
    const a = fn(t, 'A', { deadLetterRetention: Duration.days(4) });
    const b = fn(t, 'B', { deadLetterRetention: Duration.days(4) });
    const c = fn(t, 'C');

    const template = Template.fromStack(t.primaryCell);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 345600 });
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 1209600 });
    expect(a.replica('us-east-1').deadLetterQueue).toBe(b.replica('us-east-1').deadLetterQueue);
    expect(c.replica('us-east-1').deadLetterQueue).not.toBe(a.replica('us-east-1').deadLetterQueue);
  });
});
