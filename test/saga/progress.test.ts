import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { CallAwsService } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import {
  GlobalTableStore, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, Saga, SagaProps, SagaTask,
} from '../../src';
import { readSagaProgress, SagaHistoryEvent, SagaHistoryReader, sagaProgress } from '../../src/runtime';
import { Json, TEST_ACCOUNT, TaskHandler, renderDefinition, runLocally, testApp } from '../harness';
import { asFunction } from './lambda-integration';

// Where a saga stands, read from the history of real local executions of the synthesized definition: the runner's
// events in the shape GetExecutionHistory returns them (`<Type>StateEntered` with the state's name, the execution's end).

const NAMES = ['Reserve', 'Charge', 'Ship'];

function topology(): MultiRegionTopology {
  return new MultiRegionTopology(testApp(), 'Shop', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1'] });
}

function checkout(props: Partial<SagaProps> = {}, t = topology()): Saga {
  const fn = SagaTask.replicatedFunction(new ReplicatedFunction(t, 'Fn', {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'),
  }));
  return new Saga(t.primaryCell, 'Checkout', { steps: NAMES.map((name) => ({ name, action: fn, compensation: fn })), ...props });
}

/** Runs the saga locally, failing the named states always, and returns its history as Step Functions records it. */
async function history(s: Saga, failing: string[] = []): Promise<SagaHistoryEvent[]> {
  const definition = renderDefinition(s.replicas[0].stateMachine);
  const handlers: Record<string, TaskHandler> = {};
  for (const [name, state] of Object.entries<any>(definition.States)) {
    if (state.Type !== 'Task') continue;
    handlers[name] = asFunction(state, (): Json => {
      if (failing.includes(name)) throw Object.assign(new Error(`${name} failed`), { name: `${name}Failed` });
      return name.endsWith('-Park') ? { MessageId: 'm-1' } : {};
    });
  }
  const execution = await runLocally(definition, { orderId: 'o-1' }, { handlers });
  return execution.events.flatMap((e): SagaHistoryEvent[] => {
    if (e.type === 'StateEntered') return [{ type: `${e.state.type}StateEntered`, stateEnteredEventDetails: { name: e.state.name } }];
    if (e.type === 'ExecutionFailed') return [{ type: 'ExecutionFailed', executionFailedEventDetails: { error: e.Error } }];
    return e.type.startsWith('Execution') ? [{ type: e.type }] : [];
  });
}

/** The history up to (and including) the entry of `state`: the execution as it stood then. */
function until(events: SagaHistoryEvent[], state: string): SagaHistoryEvent[] {
  return events.slice(0, events.findIndex((e) => e.stateEnteredEventDetails?.name === state) + 1);
}

/** The history before the execution entered any state. */
function beforeFirstState(events: SagaHistoryEvent[]): SagaHistoryEvent[] {
  return events.slice(0, events.findIndex((e) => e.type?.endsWith('StateEntered')));
}

const statuses = (progress: ReturnType<typeof sagaProgress>) => progress.steps.map((step) => step.status);

describe.each([['without', false], ['with', true]])('sagaProgress, %s a saga log', (_, logged) => {
  let saga: Saga;
  beforeAll(() => {
    const t = topology();
    const log = logged ? new GlobalTableStore(t, 'SagaLog', { partitionKey: { name: 'execution', type: AttributeType.STRING }, backup: { enabled: false } }) : undefined;
    saga = checkout({ log }, t);
  });

  test('a saga that succeeded: every step DONE; while it ran, the steps before the running one DONE', async () => {
    const events = await history(saga);
    const shape = { steps: saga.stepNames };

    expect(sagaProgress(events, shape)).toEqual({
      status: 'SUCCEEDED', steps: NAMES.map((name) => ({ name, status: 'DONE' })), lastState: logged ? 'SagaLogSucceeded' : 'SagaSucceeded',
    });
    // Before any state (the first action is the first state: no SagaStart before it), then while the first step runs.
    expect(sagaProgress(beforeFirstState(events), shape)).toMatchObject({ status: 'RUNNING', lastState: undefined });
    expect(statuses(sagaProgress(beforeFirstState(events), shape))).toEqual(['PENDING', 'PENDING', 'PENDING']);
    expect(sagaProgress(until(events, 'Reserve'), shape)).toMatchObject({ status: 'RUNNING', lastState: 'Reserve' });
    expect(statuses(sagaProgress(until(events, 'Reserve'), shape))).toEqual(['RUNNING', 'PENDING', 'PENDING']);
    expect(statuses(sagaProgress(until(events, 'Charge'), shape))).toEqual(['DONE', 'RUNNING', 'PENDING']);
  });

  test.each([1, 2, 3])('a permanent failure at step %i: it and every earlier step end COMPENSATED, the saga COMPENSATED', async (k) => {
    const failing = NAMES[k - 1];
    const events = await history(saga, [failing]);
    const shape = { steps: saga.stepNames };

    expect(sagaProgress(events, shape)).toMatchObject({ status: 'COMPENSATED', lastState: 'SagaCompensated' });
    expect(statuses(sagaProgress(events, shape))).toEqual(NAMES.map((__, i) => (i < k ? 'COMPENSATED' : 'PENDING')));
    // While the failed step's compensation runs: it is COMPENSATING, the steps before it still DONE.
    const compensating = sagaProgress(until(events, `${failing}-Compensate`), shape);
    expect(compensating.status).toBe('COMPENSATING');
    expect(statuses(compensating)).toEqual(NAMES.map((__, i) => (i < k - 1 ? 'DONE' : i === k - 1 ? 'COMPENSATING' : 'PENDING')));
  });

  test('a compensation that keeps failing is PARKED, the others COMPENSATED, the saga PARKED', async () => {
    const events = await history(saga, ['Ship', 'Charge-Compensate']);

    const progress = sagaProgress(events, { steps: saga.stepNames });
    expect(progress.status).toBe('PARKED');
    expect(statuses(progress)).toEqual(['COMPENSATED', 'PARKED', 'COMPENSATED']);
    expect(statuses(sagaProgress(until(events, 'Charge-Park'), { steps: saga.stepNames }))).toEqual(['DONE', 'PARKING', 'COMPENSATED']);
  });
});

describe('sagaProgress with a Step Functions task of its own', () => {
  test('its state is named after the task: listed in taskStates, or taken for the next step on the way forwards', async () => {
    const t = topology();
    const fn = SagaTask.replicatedFunction(new ReplicatedFunction(t, 'Fn', {
      runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'),
    }));
    const notify = (id: string) => SagaTask.fromTask(new CallAwsService(t.primaryCell, id, {
      service: 'sns',
      action: 'publish',
      iamResources: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:orders`],
      parameters: { TopicArn: `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:orders`, Message: 'x' },
      resultPath: '$.results.Notify',
    }));
    const s = new Saga(t.primaryCell, 'Checkout', {
      steps: [
        { name: 'Reserve', action: fn, compensation: fn },
        { name: 'Notify', action: notify('NotifyCustomer'), compensation: notify('RetractNotice') },
        { name: 'Charge', action: fn },
      ],
    });
    const events = await history(s, ['Charge']);
    const shape = { steps: s.stepNames, taskStates: { NotifyCustomer: 'Notify', RetractNotice: 'Notify' } };

    expect(statuses(sagaProgress(until(events, 'NotifyCustomer'), { steps: s.stepNames }))).toEqual(['DONE', 'RUNNING', 'PENDING']);
    expect(statuses(sagaProgress(until(events, 'RetractNotice'), shape))).toEqual(['DONE', 'COMPENSATING', 'FAILED']);
    expect(sagaProgress(events, shape)).toMatchObject({ status: 'COMPENSATED' });
    expect(statuses(sagaProgress(events, shape))).toEqual(['COMPENSATED', 'COMPENSATED', 'FAILED']);
  });

  test('as the first step, after SagaStart (the saga builds its state before a task of the user\'s): PENDING until it runs', async () => {
    const t = topology();
    const fn = SagaTask.replicatedFunction(new ReplicatedFunction(t, 'Fn', {
      runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'),
    }));
    const notify = SagaTask.fromTask(new CallAwsService(t.primaryCell, 'NotifyCustomer', {
      service: 'sns',
      action: 'publish',
      iamResources: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:orders`],
      parameters: { TopicArn: `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:orders`, Message: 'x' },
      resultPath: '$.results.Notify',
    }));
    const s = new Saga(t.primaryCell, 'Checkout', { steps: [{ name: 'Notify', action: notify }, { name: 'Charge', action: fn, compensation: fn }] });
    const events = await history(s, ['Charge']);
    const shape = { steps: s.stepNames, taskStates: { NotifyCustomer: 'Notify' } };

    expect(sagaProgress(until(events, 'SagaStart'), shape)).toMatchObject({ status: 'RUNNING', lastState: 'SagaStart' });
    expect(statuses(sagaProgress(until(events, 'SagaStart'), shape))).toEqual(['PENDING', 'PENDING']);
    expect(statuses(sagaProgress(until(events, 'NotifyCustomer'), shape))).toEqual(['RUNNING', 'PENDING']);
    expect(statuses(sagaProgress(events, shape))).toEqual(['DONE', 'COMPENSATED']);
  });
});

describe('sagaProgress with a recovery block at the first step', () => {
  let saga: Saga;
  beforeAll(() => {
    const t = topology();
    const fn = SagaTask.replicatedFunction(new ReplicatedFunction(t, 'Fn', {
      runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'),
    }));
    saga = new Saga(t.primaryCell, 'Checkout', {
      steps: [{ name: 'Reserve', action: fn, alternate: fn, compensation: fn }, { name: 'Charge', action: fn, compensation: fn }],
    });
  });

  test('a failed primary is no failed step: the step RUNNING while its alternate runs, then DONE', async () => {
    const events = await history(saga, ['Reserve']);
    const shape = { steps: saga.stepNames };

    expect(sagaProgress(until(events, 'Reserve-Alternate'), shape)).toMatchObject({ status: 'RUNNING', lastState: 'Reserve-Alternate' });
    expect(statuses(sagaProgress(until(events, 'Reserve-Alternate'), shape))).toEqual(['RUNNING', 'PENDING']);
    expect(sagaProgress(events, shape)).toMatchObject({ status: 'SUCCEEDED' });
    expect(statuses(sagaProgress(events, shape))).toEqual(['DONE', 'DONE']);
  });

  test('a failed alternate fails the step: COMPENSATING, then COMPENSATED', async () => {
    const events = await history(saga, ['Reserve', 'Reserve-Alternate']);
    const shape = { steps: saga.stepNames };

    expect(statuses(sagaProgress(until(events, 'Reserve-Compensate'), shape))).toEqual(['COMPENSATING', 'PENDING']);
    expect(sagaProgress(events, shape)).toMatchObject({ status: 'COMPENSATED' });
    expect(statuses(sagaProgress(events, shape))).toEqual(['COMPENSATED', 'PENDING']);
  });
});

describe('readSagaProgress', () => {
  test('reads every page of the history, without execution data', async () => {
    const saga = checkout();
    const events = await history(saga, ['Charge']);
    const requests: any[] = [];
    // Any object with GetExecutionHistory's shape reads: here the history, served in pages of two events.
    const sfn: SagaHistoryReader = {
      getExecutionHistory: async (input) => {
        requests.push(input);
        const from = Number(input.nextToken ?? 0);
        return { events: events.slice(from, from + 2), nextToken: from + 2 < events.length ? String(from + 2) : undefined };
      },
    };

    const progress = await readSagaProgress(sfn, 'arn:aws:states:us-east-1:123456789012:execution:Shop-Checkout-us-east-1:exec-1', { steps: saga.stepNames });

    expect(progress).toEqual(sagaProgress(events, { steps: saga.stepNames }));
    expect(statuses(progress)).toEqual(['COMPENSATED', 'COMPENSATED', 'PENDING']);
    expect(requests).toHaveLength(Math.ceil(events.length / 2));
    expect(requests.every((r) => r.includeExecutionData === false && r.executionArn.endsWith(':exec-1'))).toBe(true);
  });

  test.each<[string, any, RegExp]>([
    ['no steps are given', { steps: [] }, /^\[sagaProgress\] invalid steps \[\]: a saga has at least one step\. Allowed: .+\. Fix: .+\.$/],
    ['a step name is empty', { steps: ['Reserve', ''] }, /^\[sagaProgress\] invalid steps \['Reserve', ''\]: every step name is a non-empty string\./],
    ['two steps share a name', { steps: ['Reserve', 'Reserve'] }, /^\[sagaProgress\] invalid steps \['Reserve', 'Reserve'\]: step names are distinct\./],
    ['a task state names no step', { steps: ['Reserve'], taskStates: { Notify: 'Nope' } },
      /^\[sagaProgress\] invalid taskStates \{ Notify: 'Nope' \}: every task state names one of the steps\./],
  ])('fails when %s', async (_, shape, message) => {
    expect(() => sagaProgress([], shape)).toThrow(message);
    await expect(readSagaProgress({ getExecutionHistory: async () => ({}) }, 'arn', shape)).rejects.toThrow(message);
  });

  test('accepts a one-step saga with no history yet: the step PENDING, the saga RUNNING', () => {
    expect(sagaProgress([], { steps: ['Only'] })).toEqual({ status: 'RUNNING', steps: [{ name: 'Only', status: 'PENDING' }], lastState: undefined });
  });
});
