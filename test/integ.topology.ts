// Deploy-time proof of the topology core: every cell deploys in its own region and publishes the same
// region order under the same parameter name, readable from inside that region alone.
// Here it runs in snapshot mode (`npx projen integ`); with credentials, `npx projen integ:deploy` deploys it.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { integTopology } from './harness/integ';


const app = new App();
const topology = integTopology(app, 'IntegTopology', ['us-east-1', 'us-west-2', 'eu-west-1']);

for (const cell of topology.cells) {
  // The assertion runs in the cell's own region: the parameter must be there without any other region.
  const assertions = new Stack(app, `Assert-${cell.region}`, { env: { account: topology.account, region: cell.region } });
  const test = new IntegTest(app, `Topology-${cell.region}`, {
    testCases: [cell],
    assertionStack: assertions,
    regions: [cell.region],
  });
  test.assertions
    .awsApiCall('SSM', 'getParameter', { Name: `${topology.parameterNamespace}/topology` })
    .expect(ExpectedResult.objectLike({
      Parameter: {
        Value: JSON.stringify({ serviceName: 'IntegTopology', primaryRegion: 'us-east-1', regions: topology.regions }),
      },
    }));
}

app.synth();
