import { App, Duration } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  ChaosExperiments, DrillFault, GlobalTableStore, MultiRegionTopology, ReplicatedCode, ReplicatedFunction,
} from 'cdk-resilient-serverless';

const app = new App();
const orders = new MultiRegionTopology(app, 'Orders', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'eu-west-1'],
});
const api = new ReplicatedFunction(orders, 'Api', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  probe: {},
});
const table = new GlobalTableStore(orders, 'OrdersTable', {
  partitionKey: { name: 'pk', type: AttributeType.STRING },
});
table.grantReadWriteData(api);

// In every cell: FIS experiment templates that fail that region's Api replicas, or cut its table replica off.
new ChaosExperiments(orders, 'RegionDrills', {
  functions: [api],
  stores: [table],
  // Opt-in: the FIS Lambda extension layer goes into Api's replicas (each publishes a new version).
  lambdaExtension: {},
  faults: [
    DrillFault.lambdaInvocationError({ duration: Duration.minutes(10) }),
    DrillFault.lambdaInvocationDelay({ startupDelay: Duration.seconds(3), invocationPercentage: 50 }),
    DrillFault.pauseReplication({ duration: Duration.minutes(20) }),
  ],
});
