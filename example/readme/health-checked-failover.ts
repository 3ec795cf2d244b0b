import { App, Duration } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import {
  FailoverHealthCheck, GlobalTableStore, HealthCheckedFailover, MultiRegionTopology, ReplicatedCode, ReplicatedFunction,
} from 'cdk-resilient-serverless';

const app = new App();
const orders = new MultiRegionTopology(app, 'Orders', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
});
const api = new ReplicatedFunction(orders, 'Api', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});
const table = new GlobalTableStore(orders, 'OrdersTable', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
// Your public hosted zone, imported: its id and name are plain strings, so no lookup runs at synth.
const zone = HostedZone.fromHostedZoneAttributes(orders.routingStack, 'Zone', {
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  zoneName: 'example.com',
});

// Customers call api.example.com: us-east-1 while it is healthy, then us-west-2, then eu-west-1.
const failover = new HealthCheckedFailover(orders, 'ApiFailover', {
  service: api,
  hostedZone: zone,
  recordName: 'api.example.com',
  // A cell whose orders replica does not answer within a second is unhealthy.
  dependencies: [table],
  healthCheck: FailoverHealthCheck.https({
    interval: Duration.seconds(10),
    failureThreshold: 2,
    // Three of Route 53's eight checker regions: 3/8 of the checkers' requests (and of what they cost) to each cell.
    checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
  }),
  // Synth fails if this configuration cannot fail over within 40 s.
  recoveryTimeObjective: Duration.seconds(40),
});

// 37 s: 2 × (10 s interval + 6 s HTTPS timeout) + 5 s TTL.
console.log(`${failover.recordName} fails over in at most ${failover.failoverTime.totalSeconds} s`);
