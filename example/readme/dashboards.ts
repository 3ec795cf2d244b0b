import { App } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { MultiRegionTopology, ReplicatedCode, ReplicatedFunction } from 'cdk-resilient-serverless';

const app = new App();

// Dashboards are on by default: Orders-us-east-1, Orders-us-west-2 (one per cell) and Orders-regions (in the primary).
const orders = new MultiRegionTopology(app, 'Orders', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2'],
});
new ReplicatedFunction(orders, 'Api', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});

// A preview environment that needs none of them: no dashboard, nothing billed for them.
new MultiRegionTopology(app, 'Preview', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2'],
  dashboards: false,
});
