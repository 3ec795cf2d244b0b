// Deploy-time proof of GlobalTableStore: an item written to the primary replica (us-east-1) is read back from the
// eu-west-1 replica, each call made inside its own region against the table's deterministic name.
// Here it runs in snapshot mode (`npx projen integ`); with credentials, `npx projen integ:deploy` deploys it.
// One IntegTest (integ-runner runs one per file): the write in a us-east-1 stack (a failed call fails its deployment),
// then the read, polled, from the test's assertion stack in eu-west-1.
import { AwsApiCall, ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { GlobalTableStore } from '../src';
import { integTopology, stableSalt } from './harness/integ';

const app = new App();
const topology = integTopology(app, 'IntegStore', ['us-east-1', 'eu-west-1']);
const account = topology.account;
const store = new GlobalTableStore(topology, 'Items', {
  partitionKey: { name: 'pk', type: AttributeType.STRING },
  // Integration tests clean up: the table goes with its stack.
  removalPolicy: RemovalPolicy.DESTROY,
  deletionProtection: false,
  backup: { enabled: false },
});
const item = { pk: { S: 'integ-item' }, writtenIn: { S: 'us-east-1' } };

const writer = new Stack(app, 'Assert-write-us-east-1', { env: { account, region: 'us-east-1' } });
writer.addDependency(topology.cell('eu-west-1'), 'write once every replica is deployed');
stableSalt(new AwsApiCall(writer, 'PutItem', { service: 'DynamoDB', api: 'putItem', parameters: { TableName: store.tableName, Item: item } }));

const reader = new Stack(app, 'Assert-read-eu-west-1', { env: { account, region: 'eu-west-1' } });
reader.addDependency(writer, 'read only after the write');

const integ = new IntegTest(app, 'Store', { testCases: [...topology.cells, writer], assertionStack: reader, regions: ['us-east-1'] });
integ.assertions
  .awsApiCall('DynamoDB', 'getItem', { TableName: store.tableName, Key: { pk: item.pk }, ConsistentRead: true })
  .expect(ExpectedResult.objectLike({ Item: item }))
  // Replication is asynchronous (typically about a second): poll.
  .waitForAssertions({ totalTimeout: Duration.minutes(2), interval: Duration.seconds(5) });

app.synth();
