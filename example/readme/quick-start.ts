import { App } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { MultiRegionTopology } from 'cdk-resilient-serverless';

const app = new App();

// One stack per region: Orders-us-east-1 (primary), Orders-us-west-2, Orders-eu-west-1.
const orders = new MultiRegionTopology(app, 'Orders', {
  account: '123456789012',
  primaryRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
});

// Regional resources of your own go straight into a cell: each cell is a Stack in its region.
for (const cell of orders.cells) {
  new Queue(cell, 'Jobs', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
}
