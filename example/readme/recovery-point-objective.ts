import { App, Duration } from 'aws-cdk-lib';
import { AttributeType, MultiRegionConsistency } from 'aws-cdk-lib/aws-dynamodb';
import { GlobalTableStore, MultiRegionTopology } from 'cdk-resilient-serverless';

const app = new App();
const payments = new MultiRegionTopology(app, 'Payments', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'us-east-2', 'us-west-2'],
});

// No acknowledged payment may be lost with a region: strong consistency, in three regions of the US set.
new GlobalTableStore(payments, 'Ledger', {
  partitionKey: { name: 'id', type: AttributeType.STRING },
  consistency: MultiRegionConsistency.STRONG,
  recoveryPointObjective: Duration.seconds(0),
});

// Losing the last 30 seconds of carts is acceptable: eventual consistency, alarmed at 30 s (the default threshold).
new GlobalTableStore(payments, 'Carts', {
  partitionKey: { name: 'id', type: AttributeType.STRING },
  recoveryPointObjective: Duration.seconds(30),
});
