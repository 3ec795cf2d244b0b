import { App } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import {
  DisasterRecoveryStrategy, FailoverRouting, HealthCheckedFailover, MultiRegionTopology, ReplicatedCode, ReplicatedFunction,
} from 'cdk-resilient-serverless';

const app = new App();
const orders = new MultiRegionTopology(app, 'Orders', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
  strategy: DisasterRecoveryStrategy.activeActive(),
});
const api = new ReplicatedFunction(orders, 'Api', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});
const zone = HostedZone.fromHostedZoneAttributes(orders.routingStack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });

// Deployed with latency records; moving to weighted. Step 1: this deployment deletes the latency records.
// Step 2: remove `replacedRouting` and deploy again: the weighted records are created.
new HealthCheckedFailover(orders, 'ApiFailover', {
  service: api,
  hostedZone: zone,
  recordName: 'api.example.com',
  routing: FailoverRouting.weighted({ weights: { 'us-east-1': 2, 'us-west-2': 1, 'eu-west-1': 1 } }),
  replacedRouting: 'latency',
});
