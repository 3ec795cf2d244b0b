// Saga state transitions on the happy path (Standard workflows are billed per transition), counted from the events of
// the synthesized definition executed in aws-local-stepfunctions. Goal, with or without the saga log: <= steps + 2 (the AWS
// sample's, without a log); stretch with the log: steps + 1 (the first action builds the saga's state: no state before it).
import '../test/harness/polyfill';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { GlobalTableStore, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, Saga, SagaTask } from '../src';
import { renderDefinition, runLocally, testApp } from '../test/harness';
import { asFunction } from '../test/saga/lambda-integration';

async function transitions(steps: number, withLog: boolean): Promise<number> {
  const topology = new MultiRegionTopology(testApp(), 'Bench', { account: '123456789012', primaryRegion: 'us-east-1', regions: ['us-east-1', 'us-west-2'] });
  const fn = new ReplicatedFunction(topology, 'Step', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('x') });
  const log = withLog ? new GlobalTableStore(topology, 'Log', { partitionKey: { name: 'id', type: AttributeType.STRING }, backup: { enabled: false } }) : undefined;
  const saga = new Saga(topology.primaryCell, 'Saga', {
    log,
    steps: Array.from({ length: steps }, (_, i) => ({
      name: `Step${i + 1}`, action: SagaTask.replicatedFunction(fn), compensation: SagaTask.replicatedFunction(fn),
    })),
  });
  const definition = renderDefinition(saga.replicas[0].stateMachine);
  const handlers = Object.fromEntries(Object.entries<any>(definition.States).filter(([, s]) => s.Type === 'Task')
    .map(([name, state]) => [name, asFunction(state, () => ({}))]));
  const execution = await runLocally(definition, {}, { handlers });
  if (execution.status !== 'SUCCEEDED') throw new Error(`happy path of ${steps} steps ended ${execution.status}`);
  return execution.stateTransitions;
}

async function main(): Promise<void> {
  console.log('\nSaga happy-path state transitions (counted from local execution events)\n');
  console.log('| steps | transitions | goal (steps + 2) | with saga log | goal (steps + 2) | stretch (steps + 1) |');
  console.log('|---|---|---|---|---|---|');
  for (let steps = 1; steps <= 10; steps++) {
    const plain = await transitions(steps, false);
    const logged = await transitions(steps, true);
    const verdict = (n: number, goal: number) => `${goal}: ${n <= goal ? 'met' : 'MISSED'}`;
    console.log(`| ${steps} | ${plain} | ${verdict(plain, steps + 2)} | ${logged} | ${verdict(logged, steps + 2)} | ${verdict(logged, steps + 1)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
