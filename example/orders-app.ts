// The app behind cdk.json: `npx cdk synth` writes one template per region into cdk.out.
import { App } from 'aws-cdk-lib';
import { buildOrdersService } from './orders-service';

const app = new App();
buildOrdersService(app, {
  // With credentials, your account; offline, the placeholder from cdk.json's context.
  account: process.env.CDK_DEFAULT_ACCOUNT ?? app.node.tryGetContext('orders-example:account'),
});
app.synth();
