import { Aws, CfnParameter, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { MultiRegionTopology, MultiRegionTopologyProps } from '../../src';
import { TEST_ACCOUNT, expectNoUnacknowledgedFindings, snapshotOf, templates, testApp } from '../harness';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

function topology(props: Partial<MultiRegionTopologyProps> = {}, scope: Construct = testApp()): MultiRegionTopology {
  return new MultiRegionTopology(scope, 'Orders', {
    account: TEST_ACCOUNT,
    primaryRegion: 'us-east-1',
    regions: REGIONS,
    ...props,
  });
}

describe('MultiRegionTopology', () => {
  test('creates one stack per region, with an explicit environment and a deterministic name', () => {
    // GIVEN
    const app = testApp();
    const t = topology({}, app);

    // THEN
    expect(t.cells.map((c) => [c.stackName, c.account, c.region])).toEqual([
      ['Orders-us-east-1', TEST_ACCOUNT, 'us-east-1'],
      ['Orders-us-west-2', TEST_ACCOUNT, 'us-west-2'],
      ['Orders-eu-west-1', TEST_ACCOUNT, 'eu-west-1'],
    ]);
    expect(Object.keys(templates(app)).sort()).toEqual(['Orders-eu-west-1', 'Orders-us-east-1', 'Orders-us-west-2']);
    expect(t.cells.map((c) => c.node.path)).toEqual(['Orders/us-east-1', 'Orders/us-west-2', 'Orders/eu-west-1']);
  });

  test('puts the primary first and keeps the failover order of the other regions', () => {
    const t = topology({ primaryRegion: 'us-west-2', regions: ['eu-west-1', 'us-west-2', 'ap-southeast-2'] });

    expect(t.regions).toEqual(['us-west-2', 'eu-west-1', 'ap-southeast-2']);
    expect(t.secondaryRegions).toEqual(['eu-west-1', 'ap-southeast-2']);
    expect(t.primaryCell.region).toBe('us-west-2');
    expect(t.primaryCell.isPrimary).toBe(true);
    expect(t.secondaryCells.map((c) => [c.region, c.isPrimary])).toEqual([['eu-west-1', false], ['ap-southeast-2', false]]);
  });

  test('deploys the primary cell first: every secondary depends on it, and on nothing else', () => {
    const app = testApp();
    const t = topology({}, app);

    expect(t.primaryCell.dependencies).toEqual([]);
    for (const cell of t.secondaryCells) {
      expect(cell.dependencies).toEqual([t.primaryCell]);
    }
    const manifest = app.synth().manifest.artifacts!;
    expect(manifest[t.cell('eu-west-1').artifactId].dependencies).toContain(t.primaryCell.artifactId);
  });

  test('turns on termination protection by default, and lets the user turn it off', () => {
    expect(topology().cells.every((c) => c.terminationProtection)).toBe(true);
    expect(topology({ terminationProtection: false }).cells.some((c) => c.terminationProtection)).toBe(false);
  });

  test('publishes the region order in every cell, under the same parameter name', () => {
    const t = topology();

    for (const cell of t.cells) {
      Template.fromStack(cell).hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/cdk-resilient-serverless/Orders/topology',
        Type: 'String',
        Tier: 'Standard',
        Value: JSON.stringify({ serviceName: 'Orders', primaryRegion: 'us-east-1', regions: REGIONS }),
      });
    }
  });

  test('uses serviceName for stack and parameter names when given', () => {
    const t = topology({ serviceName: 'checkout-v2' });

    expect(t.cells.map((c) => c.stackName)).toEqual(['checkout-v2-us-east-1', 'checkout-v2-us-west-2', 'checkout-v2-eu-west-1']);
    expect(t.parameterNamespace).toBe('/cdk-resilient-serverless/checkout-v2');
    expect(t.node.path).toBe('Orders');
  });

  test('gives each cell, on first use, one rotating KMS key and one encrypted alarm topic', () => {
    const t = topology();
    const cell = t.cell('eu-west-1');
    expect(cell.node.tryFindChild('EncryptionKey')).toBeUndefined();

    expect(cell.alarmTopic).toBe(cell.alarmTopic);
    const template = Template.fromStack(cell);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'kms:CreateGrant',
            Principal: { AWS: '*' },
            Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
          }),
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${TEST_ACCOUNT}:log-group:*` } },
          }),
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EncryptionKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }), Match.anyValue()] },
    });
  });

  test('lets CloudWatch publish the alarms of its own account and region to the alarm topic, and use its key', () => {
    // GIVEN
    const t = topology();
    const cell = t.cell('us-west-2');

    // WHEN
    cell.alarmTopic;
    const template = Template.fromStack(cell);

    // THEN: a topic policy replaces SNS's default one, so without this statement no alarm could notify anyone
    const scoped = {
      StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:us-west-2:${TEST_ACCOUNT}:alarm:*` },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: scoped,
        })]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Condition: scoped,
        })]),
      },
    });
  });

  test('gives a secondary cell, on first use, a prerequisites stack that deploys before the primary', () => {
    const t = topology();
    const prerequisites = t.cell('eu-west-1').prerequisites;

    expect(prerequisites).toBe(t.cell('eu-west-1').prerequisites);
    expect([prerequisites.stackName, prerequisites.region, prerequisites.account]).toEqual(['Orders-eu-west-1-prerequisites', 'eu-west-1', TEST_ACCOUNT]);
    expect(t.primaryCell.dependencies).toEqual([prerequisites]);
    expect(t.cell('us-west-2').node.tryFindChild('prerequisites')).toBeUndefined();
  });

  test('hands constructs the cell of a region, and finds the topology from anywhere inside it', () => {
    const t = topology();
    const topic = new Topic(t.cell('us-west-2'), 'Events');

    expect(Stack.of(topic)).toBe(t.cell('us-west-2'));
    expect(MultiRegionTopology.of(topic)).toBe(t);
    expect(MultiRegionTopology.of(t)).toBe(t);
    expect(MultiRegionTopology.isMultiRegionTopology(t)).toBe(true);
    expect(MultiRegionTopology.isMultiRegionTopology(t.primaryCell)).toBe(false);
  });

  test('works inside a Stage, and two stages for two accounts may share a service name', () => {
    const app = testApp();
    const beta = new Stage(app, 'Beta');
    const prod = new Stage(app, 'Prod');
    topology({ account: '111111111111' }, beta);
    topology({ account: '222222222222' }, prod);

    expect(beta.synth().stacks.map((s) => s.stackName).sort()).toEqual(['Orders-eu-west-1', 'Orders-us-east-1', 'Orders-us-west-2']);
    expect(prod.synth().stacks.map((s) => s.environment.account)).toEqual(['222222222222', '222222222222', '222222222222']);
  });

  test('fails when a cell references another cell, instead of bridging the regions with export custom resources', () => {
    // GIVEN a queue in us-east-1 whose URL a parameter in eu-west-1 holds (aws-cdk-lib 2.257 would bridge it)
    const app = testApp();
    const t = topology({}, app);
    const producer = new Queue(t.cell('us-east-1'), 'Producer');
    new StringParameter(t.cell('eu-west-1'), 'Consumer', { stringValue: producer.queueUrl });

    // THEN (every kind of cross-stack reference: test/topology/cross-stack-references.test.ts)
    expect(() => app.synth()).toThrow(/^\[Orders\/eu-west-1\/Consumer\/Resource\] invalid reference to 'Orders\/us-east-1\/Producer\/Resource': .* Fix: give the resource a deterministic physical name/);
  });

  test('passes cdk-nag, the Control Tower guard rules and aws-cdk-lib validation with no acknowledgement', () => {
    const app = testApp();
    topology({}, app);

    const report = expectNoUnacknowledgedFindings(app);
    expect(report.findings).toEqual([]);
  });

  test('matches the snapshot', () => {
    const app = testApp();
    topology({}, app);

    expect(snapshotOf(app)).toMatchSnapshot();
  });
});

describe('MultiRegionTopology bad input', () => {
  test('fails when a region is listed twice', () => {
    expect(() => topology({ regions: ['us-east-1', 'us-west-2', 'us-east-1'] })).toThrow(
      /\[Orders\] invalid regions \['us-east-1', 'us-west-2', 'us-east-1'\]: 'us-east-1' is listed more than once.*Allowed: distinct region names\. Fix: list 'us-east-1' once/,
    );
  });

  test('fails when the primary is not among the regions', () => {
    expect(() => topology({ primaryRegion: 'eu-central-1' })).toThrow(
      /\[Orders\] invalid primaryRegion 'eu-central-1': the primary region is not among the topology's regions \['us-east-1', 'us-west-2', 'eu-west-1'\]\. Allowed: one of .* Fix: add 'eu-central-1' to `regions`/,
    );
  });

  test('fails when there are fewer than two regions', () => {
    expect(() => topology({ regions: ['us-east-1'] })).toThrow(
      /\[Orders\] invalid regions \['us-east-1'\]: a topology that survives the loss of a region needs at least two regions\. Allowed: two or more distinct regions/,
    );
    expect(() => topology({ regions: [] })).toThrow(/invalid regions \[\]: .*at least two regions/);
    expect(() => topology({ regions: undefined as any })).toThrow(/invalid regions undefined: .*at least two regions/);
  });

  test('fails when a region is an unresolved token', () => {
    expect(() => topology({ regions: ['us-east-1', Aws.REGION] })).toThrow(
      /\[Orders\] invalid regions '\$\{Token\[AWS\.Region\.\d+\]\}': the region is an unresolved token.*Allowed: literal region names.*Fix: write the region name itself in regions/,
    );
  });

  test('fails when the primary region is an unresolved token', () => {
    const app = testApp();
    const param = new CfnParameter(new Stack(app, 'Params'), 'Region');
    expect(() => topology({ primaryRegion: param.valueAsString }, app)).toThrow(
      /invalid primaryRegion '\$\{Token\[TOKEN\.\d+\]\}': the region is an unresolved token/,
    );
  });

  test('fails when a region is unknown, and suggests the closest known one', () => {
    expect(() => topology({ regions: ['us-east-1', 'us-west-3'] })).toThrow(
      /\[Orders\] invalid regions 'us-west-3': aws-cdk-lib does not know this region\. Allowed: one of af-south-1, .*us-west-2\. Fix: correct the spelling \(did you mean 'us-west-1'\?\)/,
    );
    expect(() => topology({ regions: ['us-east-1', 'mars-north-1'] })).toThrow(/invalid regions 'mars-north-1': aws-cdk-lib does not know this region\. .*Fix: correct the spelling, or upgrade/);
  });

  test('fails when the regions span partitions', () => {
    expect(() => topology({ regions: ['us-east-1', 'cn-north-1'] })).toThrow(
      /invalid regions \['us-east-1', 'cn-north-1'\]: the regions span the partitions \['aws', 'aws-cn'\].*Fix: declare one topology per partition/,
    );
  });

  test('fails when the account is missing', () => {
    expect(() => topology({ account: undefined as any })).toThrow(
      /\[Orders\] invalid account undefined: the account is missing.*Allowed: a literal 12-digit AWS account id.*Fix: pass `account` explicitly/,
    );
    expect(() => topology({ account: '' })).toThrow(/invalid account '': the account is missing/);
  });

  test('fails when the account is an unresolved token', () => {
    expect(() => topology({ account: Aws.ACCOUNT_ID })).toThrow(
      /invalid account '\$\{Token\[AWS\.AccountId\.\d+\]\}': the account is not a literal string/,
    );
  });

  test('fails when the account is not 12 digits', () => {
    expect(() => topology({ account: '12345' })).toThrow(/invalid account '12345': an AWS account id has exactly 12 digits.*keeping leading zeros/);
  });

  test('fails when it is created inside a stack', () => {
    const app = testApp();
    const stack = new Stack(app, 'Parent');
    expect(() => new MultiRegionTopology(stack, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS })).toThrow(
      /\[Parent\/Orders\] invalid scope 'Parent': a topology creates one stack per region, so it cannot live inside a stack\. Allowed: an App or a Stage/,
    );
  });

  test('fails when the service name cannot prefix a stack name', () => {
    expect(() => topology({ serviceName: 'orders_api' })).toThrow(
      /invalid serviceName 'orders_api': .*Allowed: letters, digits and hyphens, starting with a letter, 1 to 62 characters/,
    );
    expect(() => new MultiRegionTopology(testApp(), '1st', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: REGIONS })).toThrow(
      /\[1st\] invalid serviceName \(defaulted from the construct id\) '1st'.*Fix: pass a `serviceName` such as 'Orders', or rename the construct/,
    );
  });

  test('fails when two topologies in one account share a service name', () => {
    const app = testApp();
    topology({}, app);
    expect(() => new MultiRegionTopology(app, 'OrdersAgain', {
      account: TEST_ACCOUNT, primaryRegion: 'us-west-2', regions: REGIONS, serviceName: 'Orders',
    })).toThrow(/\[OrdersAgain\] invalid serviceName 'Orders': the topology at 'Orders' already uses this service name/);
  });

  test('fails when asked for the cell of a region outside the topology', () => {
    expect(() => topology().cell('ap-south-1')).toThrow(
      /\[Orders\] invalid region 'ap-south-1': the topology has no cell in this region.*Fix: use one of the topology's regions, or add the region/,
    );
  });

  test('fails when asked for the prerequisites stack of the primary cell', () => {
    expect(() => topology().primaryCell.prerequisites).toThrow(
      /\[Orders\/us-east-1\] invalid prerequisites 'us-east-1': the primary cell deploys first, so it has no prerequisites stack/,
    );
  });

  test('fails when looking up the topology of a construct outside any topology', () => {
    const app = testApp();
    const orphan = new Construct(new Stack(app, 'Plain'), 'Orphan');
    expect(() => MultiRegionTopology.of(orphan)).toThrow(
      /\[Plain\/Orphan\] invalid scope 'Plain\/Orphan': this construct is not inside a MultiRegionTopology/,
    );
  });
});
