import { App, Duration } from 'aws-cdk-lib';
import { AttributeType, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  GlobalTableStore, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, StoreEncryption,
} from 'cdk-resilient-serverless';

const app = new App();
const orders = new MultiRegionTopology(app, 'Orders', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
});

const table = new GlobalTableStore(orders, 'OrdersTable', {
  partitionKey: { name: 'pk', type: AttributeType.STRING },
  timeToLiveAttribute: 'expiresAt',
  encryption: StoreEncryption.customerManagedKeys(),
  backup: { retention: Duration.days(90), copyRegion: 'eu-west-1' },
});

const api = new ReplicatedFunction(orders, 'Api', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});

// Each region's replica of the function may use that region's replica of the table, and nothing else.
table.grantReadWriteData(api);
api.addEnvironment('ORDERS_TABLE', table.tableName);

// A function that only looks orders up gets exactly that call (and its replica's system-errors alarm watches only it).
const lookup = new ReplicatedFunction(orders, 'Lookup', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});
table.grantOperations(lookup, Operation.GET_ITEM);

// Powertools for AWS Lambda idempotency records (key `id`, time to live on `expiration`).
GlobalTableStore.forIdempotency(orders, 'Idempotency');
