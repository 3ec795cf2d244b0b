import { App, CfnOutput, CfnResource, Fn, IResolveContext, Lazy, NestedStack, Reference, Stack, Token } from 'aws-cdk-lib';
import { Code, Function, Runtime } from 'aws-cdk-lib/aws-lambda';
import { CfnQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { CfnParameter, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { MultiRegionTopology } from '../../src';
import { TEST_ACCOUNT, templates, testApp } from '../harness';

// aws-cdk-lib 2.257 bridges every reference between stacks of one account, crossRegionReferences or not; the topology
// must refuse each one that ties a cell to another stack, naming the consumer, the producer and the fix.

function topology(app: App): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Orders', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2', 'eu-west-1'] });
}

/** A user's own function in `stack` whose environment holds `value`. */
function consumerFunction(stack: Stack, value: string): Function {
  return new Function(stack, 'Consumer', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => {};'),
    environment: { VALUE: value },
  });
}

const cfnQueue = (queue: Queue) => queue.node.defaultChild as CfnQueue;

const FIX = /Allowed: references within one stack \(and its nested stacks\), or to a stack outside the topology in the same region\. Fix: give the resource a deterministic physical name/;

describe('MultiRegionTopology cross-stack references', () => {
  test('fails when a secondary cell reads a value of the primary cell (a function environment holding a queue URL)', () => {
    // GIVEN a queue in us-east-1 and a function in us-west-2 whose environment holds its URL
    const app = testApp();
    const t = topology(app);
    const queue = new Queue(t.cell('us-east-1'), 'Jobs');
    consumerFunction(t.cell('us-west-2'), queue.queueUrl);

    // THEN synth fails, naming the consumer, the producer and the fix, instead of writing ExportsWriter/ExportsReader
    expect(() => app.synth()).toThrow(new RegExp(
      '^\\[Orders/us-west-2/Consumer/Resource\\] invalid reference to \'Orders/us-east-1/Jobs/Resource\': it uses the Ref of a ' +
      'resource in stack \'Orders-us-east-1\' \\(us-east-1\\) from stack \'Orders-us-west-2\' \\(us-west-2\\)'));
    expect(() => app.synth()).toThrow(FIX);
  });

  test('fails when the primary cell reads a value of a secondary cell (with our error, not a dependency cycle)', () => {
    const app = testApp();
    const t = topology(app);
    const queue = new Queue(t.cell('eu-west-1'), 'Jobs');
    consumerFunction(t.primaryCell, queue.queueArn);

    // THEN our error, naming the consumer, where aws-cdk-lib would say only that the queue has no physical name
    expect(() => app.synth()).toThrow(/^\[Orders\/us-east-1\/Consumer\/Resource\] invalid reference to 'Orders\/eu-west-1\/Jobs\/Resource': it uses the Arn attribute of a resource in stack 'Orders-eu-west-1' \(eu-west-1\) from stack 'Orders-us-east-1' \(us-east-1\), and the resource has no physical name that another stack could know\./);
  });

  test('fails when a user\'s own resource in a cell stores a value of the library\'s resource in another cell', () => {
    const app = testApp();
    const t = topology(app);
    new StringParameter(t.cell('eu-west-1'), 'PrimaryAlarms', { stringValue: t.primaryCell.alarmTopic.topicArn });

    expect(() => app.synth()).toThrow(/^\[Orders\/eu-west-1\/PrimaryAlarms\/Resource\] invalid reference to 'Orders\/us-east-1\/AlarmTopic\/Resource'/);
  });

  test('fails on a reference between two stacks of the topology in the same region (routing stack and primary cell)', () => {
    // GIVEN both in us-east-1: aws-cdk-lib would use an export and Fn::ImportValue, which locks the routing alarm topic
    const app = testApp();
    const t = topology(app);
    new StringParameter(t.primaryCell, 'RoutingAlarms', { stringValue: t.routingStack.alarmTopic.topicArn });

    expect(() => app.synth()).toThrow(/^\[Orders\/us-east-1\/RoutingAlarms\/Resource\] invalid reference to 'Orders\/routing\/AlarmTopic\/Resource'.*\(us-east-1\) from stack 'Orders-us-east-1' \(us-east-1\)/);
  });

  test('fails on a reference between a cell and a prerequisites stack, its own region\'s or another', () => {
    const app = testApp();
    const t = topology(app);
    const queue = new Queue(t.cell('us-west-2').prerequisites, 'Early');
    new StringParameter(t.cell('us-west-2'), 'SameRegion', { stringValue: queue.queueUrl });
    new StringParameter(t.primaryCell, 'OtherRegion', { stringValue: queue.queueUrl });

    // THEN every offending reference is listed, not only the first
    expect(() => app.synth()).toThrow(/^\[Orders\/us-east-1\/OtherRegion\/Resource\] invalid reference to 'Orders\/us-west-2-prerequisites\/Early\/Resource'.*\n\[Orders\/us-west-2\/SameRegion\/Resource\] invalid reference to 'Orders\/us-west-2-prerequisites\/Early\/Resource'/s);
  });

  test('fails on a reference between a cell and a stack outside the topology in another region, either way', () => {
    const app = testApp();
    const t = topology(app);
    const shared = new Stack(app, 'Shared', { env: { account: TEST_ACCOUNT, region: 'eu-central-1' } });
    const sharedQueue = new Queue(shared, 'Shared');
    consumerFunction(t.cell('us-west-2'), sharedQueue.queueUrl);
    new StringParameter(shared, 'CellQueue', { stringValue: new Queue(t.cell('eu-west-1'), 'Jobs').queueUrl });

    expect(() => app.synth()).toThrow(/^\[Orders\/us-west-2\/Consumer\/Resource\] invalid reference to 'Shared\/Shared\/Resource'.*\n\[Shared\/CellQueue\/Resource\] invalid reference to 'Orders\/eu-west-1\/Jobs\/Resource'/s);
  });

  test('fails with weak cross-stack references too (Fn::GetStackOutput instead of exports)', () => {
    const app = testApp({ '@aws-cdk/core:defaultCrossStackReferences': 'weak' });
    const t = topology(app);
    consumerFunction(t.cell('us-west-2'), new Queue(t.cell('eu-west-1'), 'Jobs').queueUrl);

    expect(() => app.synth()).toThrow(/^\[Orders\/us-west-2\/Consumer\/Resource\] invalid reference to 'Orders\/eu-west-1\/Jobs\/Resource'/);
  });

  test('allows a resource of another cell used by its deterministic name (a literal ARN, no reference)', () => {
    const app = testApp();
    const t = topology(app);
    const named = new Queue(t.cell('eu-west-1'), 'Named', { queueName: 'Orders-jobs' });
    new StringParameter(t.cell('us-west-2'), 'NamedQueueArn', { stringValue: named.queueArn });

    const parameters = Object.values<any>(templates(app)['Orders-us-west-2'].Resources).map((r) => r.Properties.Value);
    expect(parameters).toContain(`arn:aws:sqs:eu-west-1:${TEST_ACCOUNT}:Orders-jobs`);
  });

  test('allows references within a cell and its nested stacks, and to a stack outside the topology in the same region', () => {
    // GIVEN a shared stack of the user's in us-west-2, and a nested stack of the us-west-2 cell
    const app = testApp();
    const t = topology(app);
    const cell = t.cell('us-west-2');
    const shared = new Stack(app, 'Shared', { env: { account: TEST_ACCOUNT, region: 'us-west-2' } });
    const nested = new NestedStack(cell, 'Nested');
    consumerFunction(cell, new Queue(shared, 'Shared').queueUrl);
    new StringParameter(nested, 'Local', { stringValue: new Queue(cell, 'Local').queueUrl });

    // THEN synth succeeds, with the export that aws-cdk-lib writes for the shared stack
    const written = templates(app);
    expect(Object.keys(written.Shared.Outputs)).toEqual([expect.stringMatching(/^ExportsOutput/)]);
    expect(JSON.stringify(written['Orders-us-west-2'])).not.toMatch(/ExportsReader/);
  });

  // The search visits the tokens an element holds without rendering them: each way a token can sit in an element.
  test.each<[string, (consumer: Stack, producer: Queue) => void]>([
    ['a raw property override', (consumer, producer) => {
      const holder = new CfnParameter(consumer, 'Holder', { type: 'String', value: 'x' });
      holder.addPropertyOverride('Description', producer.queueArn);
    }],
    ['resource metadata', (consumer, producer) => {
      new CfnParameter(consumer, 'Holder', { type: 'String', value: 'x' }).cfnOptions.metadata = { queue: producer.queueUrl };
    }],
    ['an output', (consumer, producer) => {
      new CfnOutput(consumer, 'Holder', { value: producer.queueName });
    }],
    ['a lazy value', (consumer, producer) => {
      new CfnParameter(consumer, 'Holder', { type: 'String', value: Lazy.string({ produce: () => `queue ${producer.queueArn}` }) });
    }],
    ['a JSON string of the stack', (consumer, producer) => {
      new CfnParameter(consumer, 'Holder', { type: 'String', value: consumer.toJsonString({ queues: [producer.queueUrl] }) });
    }],
    ['an encoded list', (consumer, producer) => {
      new CfnParameter(consumer, 'Holder', { type: 'StringList', value: Fn.join(',', Token.asList(cfnQueue(producer).getAtt('Arn'))) });
    }],
    ['an encoded number', (consumer, producer) => {
      new CfnQueue(consumer, 'Holder', { delaySeconds: Token.asNumber(cfnQueue(producer).getAtt('QueueName')) });
    }],
    ['a token that works only with the values it resolves', (consumer, producer) => {
      const literal = Lazy.string({ produce: () => 'literal' });
      new CfnParameter(consumer, 'Holder', {
        type: 'String',
        value: Token.asString({
          resolve: (context: IResolveContext) => {
            if (context.resolve(literal) !== 'literal') throw new Error('an unresolved value');
            return producer.queueArn;
          },
        }),
      });
    }],
    ['a token that chooses by the values it resolves', (consumer, producer) => {
      const stage = Lazy.string({ produce: () => 'prod' });
      new CfnParameter(consumer, 'Holder', {
        type: 'String',
        value: Token.asString({ resolve: (context: IResolveContext) => context.resolve(stage) === 'prod' ? producer.queueArn : 'none' }),
      });
    }],
    ['a reference of the consumer\'s own stack whose value is another stack\'s', (consumer, producer) => {
      const local = new Queue(consumer, 'Local');
      const reference = new (class extends Reference {
        public resolve(): unknown {
          return producer.queueArn;
        }
      })('local', local);
      new CfnParameter(consumer, 'Holder', { type: 'String', value: Token.asString(reference) });
    }],
  ])('fails on a reference held in %s', (_, hold) => {
    const app = testApp();
    const t = topology(app);
    hold(t.cell('us-west-2'), new Queue(t.primaryCell, 'Jobs'));

    expect(() => app.synth()).toThrow(/^\[Orders\/us-west-2\/Holder\] invalid reference to 'Orders\/us-east-1\/Jobs\/Resource'/);
  });

  test('gives aws-cdk-lib\'s own error for a construct used as a property value, and accepts any plain value', () => {
    const app = testApp();
    const t = topology(app);
    const queue = new Queue(t.primaryCell, 'Jobs');
    new CfnResource(t.primaryCell, 'Odd', { type: 'Custom::Odd', properties: { Items: [Object.assign(Object.create(null), { a: 1 })], Queue: queue } });

    expect(() => app.synth()).toThrow(/^Trying to resolve\(\) a Construct at /);
  });
});
