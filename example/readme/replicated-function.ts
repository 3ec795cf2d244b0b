import { App, Duration } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from 'cdk-resilient-serverless';

const app = new App();
const orders = new MultiRegionTopology(app, 'Orders', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'eu-west-1'],
});

const api = new ReplicatedFunction(orders, 'Api', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
  timeout: Duration.seconds(5),
  memorySize: 1024,
  // Without a HealthCheckedFailover in front, a function gets its endpoint only when asked.
  endpoint: { enabled: true, throttlingRateLimit: 50, throttlingBurstLimit: 100 },
});

// Reaches every replica.
api.addEnvironment('ORDERS_TABLE', 'orders');
