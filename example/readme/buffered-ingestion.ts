import { App, Duration } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { BufferedIngestion, MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from 'cdk-resilient-serverless';

const app = new App();
const shop = new MultiRegionTopology(app, 'Shop', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'eu-west-1'],
});
const fulfil = new ReplicatedFunction(shop, 'Fulfil', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  // Report only the failed messages of a batch: the others are deleted, the failed ones retried.
  code: ReplicatedCode.fromInline('exports.handler = async (event) => ({ batchItemFailures: [] });'),
  timeout: Duration.seconds(20),
  endpoint: { enabled: false },
});

// Bursts wait in each region's queue; Lambda drains it at most 20 invocations at a time.
const intake = new BufferedIngestion(shop, 'Intake', {
  function: fulfil,
  maxConcurrency: 20,
  maxReceiveCount: 5, // then the message waits, alarmed on, in the dead-letter queue
  oldestMessageAgeThreshold: Duration.minutes(10),
});

// A producer in the topology sends to its own region's queue ...
const checkout = new ReplicatedFunction(shop, 'Checkout', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({})'),
});
intake.grantSendMessages(checkout);
checkout.addEnvironment('INTAKE_QUEUE_PARAMETER', intake.queueUrlParameterName);

app.synth();
