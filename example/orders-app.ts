// The app behind cdk.json: `npx cdk synth` writes one template per region into cdk.out.
import { App } from 'aws-cdk-lib';

// aws-cdk-lib 2.257's TableV2 calls two of its own deprecated APIs on every synth and prints a notice each time;
// nothing in this app uses them. Silence that noise unless the caller asked for something else.
process.env.JSII_DEPRECATED ??= 'quiet';
import { buildOrdersService } from './orders-service';

const app = new App();
buildOrdersService(app, {
  // With credentials, your account; offline, the placeholder from cdk.json's context.
  account: process.env.CDK_DEFAULT_ACCOUNT ?? app.node.tryGetContext('orders-example:account'),
  hostedZoneId: app.node.tryGetContext('orders-example:hostedZoneId'),
  zoneName: app.node.tryGetContext('orders-example:zoneName'),
});
app.synth();
