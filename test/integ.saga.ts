// Deploy-time proof of Saga: an execution whose input makes the second step fail ends FAILED with
// `Saga.Compensated`, which the workflow reaches only after the compensations of both steps ran.
// Here it runs in snapshot mode (`npx projen integ`); with credentials, `npx projen integ:deploy` deploys it.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { ReplicatedCode, ReplicatedFunction, Saga, SagaTask } from '../src';
import { integTopology } from './harness/integ';

const app = new App();
const topology = integTopology(app, 'IntegSaga', ['us-east-1', 'us-west-2']);
const account = topology.account;
// One function plays every step: it fails the step named in the input's `failAt`, and succeeds otherwise.
const worker = new ReplicatedFunction(topology, 'Worker', {
  runtime: Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: ReplicatedCode.fromInline(`exports.handler = async (event) => {
    const step = event.idempotencyKey.split(':')[1];
    if (!event.idempotencyKey.endsWith(':compensate') && event.input.failAt === step) throw new Error('failing ' + step);
    return { step, key: event.idempotencyKey };
  };`),
});
const task = SagaTask.replicatedFunction(worker);
const saga = new Saga(topology.primaryCell, 'Checkout', {
  steps: [
    { name: 'Reserve', action: task, compensation: task, retry: { maxAttempts: 0 } },
    { name: 'Charge', action: task, compensation: task, retry: { maxAttempts: 0 } },
  ],
});

const assertions = new Stack(app, 'Assert-us-east-1', { env: { account, region: 'us-east-1' } });
const test = new IntegTest(app, 'SagaCompensates', { testCases: [topology.primaryCell], assertionStack: assertions, regions: ['us-east-1'] });
const start = test.assertions.awsApiCall('StepFunctions', 'startExecution', {
  stateMachineArn: saga.replicas[0].stateMachine.stateMachineArn,
  input: JSON.stringify({ failAt: 'Charge' }),
});
start.next(test.assertions
  .awsApiCall('StepFunctions', 'describeExecution', { executionArn: start.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'FAILED', error: 'Saga.Compensated' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(3), interval: Duration.seconds(10) }));

app.synth();
