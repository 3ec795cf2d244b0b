// Deploy-time proof of ReplicatedFunction: in every region, the replica's alias answers an invocation from
// inside that region, found by its deterministic name (no cross-region reference), and reports its own region.
// Here it runs in snapshot mode (`npx projen integ`); with credentials, `npx projen integ:deploy` deploys it.
// One IntegTest (integ-runner runs one per file); each region's check lives in a stack of that region.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { ReplicatedCode, ReplicatedFunction } from '../src';
import { assertInvokeInRegion, integTopology } from './harness/integ';


const app = new App();
const topology = integTopology(app, 'IntegFunction', ['us-east-1', 'eu-west-1']);
const account = topology.account;
const fn = new ReplicatedFunction(topology, 'Echo', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline('exports.handler = async () => ({ region: process.env.AWS_REGION });'),
});

const checks = fn.replicas.map((replica) => {
  const assertions = new Stack(app, `Assert-${replica.region}`, { env: { account, region: replica.region } });
  assertions.addDependency(replica.cell, 'invokes the replica the cell deploys');
  // The handler answers { region }: the assertion provider parses the JSON payload.
  assertInvokeInRegion(assertions, 'InvokeAlias', `${fn.functionName}:${fn.aliasName}`, { 'Payload.region': replica.region });
  return assertions;
});

new IntegTest(app, 'Function', {
  testCases: [...topology.cells, ...checks.slice(1)],
  assertionStack: checks[0],
  regions: ['us-east-1'],
});

app.synth();
