// Deploy-time proof of the topology core: every cell deploys in its own region and publishes the same
// region order under the same parameter name, readable from inside that region alone.
// Here it runs in snapshot mode (`npx projen integ`); with credentials, `npx projen integ:deploy` deploys it.
// One IntegTest (integ-runner runs one per file); each region's check lives in a stack of that region.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { assertInRegion, integTopology } from './harness/integ';


const app = new App();
const topology = integTopology(app, 'IntegTopology', ['us-east-1', 'us-west-2', 'eu-west-1']);
// The parameter's JSON value, field by field (the assertion provider parses JSON strings in a response).
const expected: Record<string, string> = {
  'Parameter.Value.serviceName': 'IntegTopology',
  'Parameter.Value.primaryRegion': 'us-east-1',
  ...Object.fromEntries(topology.regions.map((region, i) => [`Parameter.Value.regions.${i}`, region])),
};

const checks = topology.cells.map((cell) => {
  // The check runs in the cell's own region: the parameter must be there without any other region.
  const assertions = new Stack(app, `Assert-${cell.region}`, { env: { account: topology.account, region: cell.region } });
  assertions.addDependency(cell, 'reads the parameter the cell publishes');
  assertInRegion(assertions, 'TopologyParameter', {
    service: 'SSM', api: 'getParameter', parameters: { Name: `${topology.parameterNamespace}/topology` },
  }, expected);
  return assertions;
});

new IntegTest(app, 'Topology', {
  testCases: [...topology.cells, ...checks.slice(1)],
  assertionStack: checks[0],
  regions: ['us-east-1'],
});

app.synth();
