import { App, Duration } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  GlobalTableStore, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, Saga, SagaTask,
} from 'cdk-resilient-serverless';

const app = new App();
const shop = new MultiRegionTopology(app, 'Shop', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'eu-west-1'],
});
const fn = (id: string) => SagaTask.replicatedFunction(new ReplicatedFunction(shop, id, {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async (event) => ({ key: event.idempotencyKey });'),
}));

// One state machine per cell, each calling its own region's replicas.
new Saga(shop, 'Checkout', {
  steps: [
    { name: 'Reserve', action: fn('Reserve'), compensation: fn('Release') },
    {
      name: 'Charge',
      action: fn('Charge'),
      compensation: fn('Refund'),
      retry: { maxAttempts: 2, maxDelay: Duration.seconds(10) },
      // Recovery block: accept the primary provider's result, or fall back to the alternate.
      acceptance: fn('CheckCharge'),
      alternate: fn('ChargeBackupProvider'),
    },
    { name: 'Ship', action: fn('Ship'), compensation: fn('CancelShipment') },
  ],
  log: new GlobalTableStore(shop, 'CheckoutLog', {
    partitionKey: { name: 'execution', type: AttributeType.STRING },
    backup: { enabled: false },
  }),
});
