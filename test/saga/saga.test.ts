import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Pass } from 'aws-cdk-lib/aws-stepfunctions';
import { CallAwsService } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  GlobalTableStore, MultiRegionTopology, ReplicatedCode, ReplicatedFunction, Saga, SagaProps, SagaStep, SagaTask,
} from '../../src';
import {
  Json, TEST_ACCOUNT, TaskHandler, expectNoUnacknowledgedFindings, renderDefinition, runCheckers, runLocally, snapshotOf, testApp,
  validateDefinition,
} from '../harness';
import { asFunction } from './lambda-integration';

const STEP_NAMES = ['Reserve', 'Charge', 'Ship', 'Notify', 'Invoice'];

function topology(app: App = testApp()): MultiRegionTopology {
  return new MultiRegionTopology(app, 'Shop', { account: TEST_ACCOUNT, primaryRegion: 'us-east-1', regions: ['us-east-1', 'eu-west-1'] });
}

function replicated(t: MultiRegionTopology, id: string): SagaTask {
  return SagaTask.replicatedFunction(new ReplicatedFunction(t, id, {
    runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: ReplicatedCode.fromInline('exports.handler = async () => ({});'),
  }));
}

/** A saga of `n` steps (each with a compensation) in the topology's primary cell. */
function saga(n: number, props: Partial<SagaProps> = {}, t: MultiRegionTopology = topology(), extra: Partial<SagaStep> = {}): Saga {
  const steps = STEP_NAMES.slice(0, n).map((name) => ({
    name,
    action: replicated(t, name),
    compensation: replicated(t, `Undo${name}`),
    ...extra,
  }));
  return new Saga(t.primaryCell, 'Checkout', { steps, ...props });
}

/** A Step Functions task of the user's own (an SNS publish) for a saga step, writing its result where a step's goes. */
function notifyTask(t: MultiRegionTopology): CallAwsService {
  return new CallAwsService(t.primaryCell, 'NotifyCustomer', {
    service: 'sns',
    action: 'publish',
    iamResources: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT}:orders`],
    parameters: { TopicArn: `arn:aws:sns:us-east-1:${TEST_ACCOUNT}:orders`, Message: 'reserved' },
    resultPath: '$.results.Notify',
  });
}

/** Local handlers that record every call and fail as told. */
class Calls {
  public readonly calls: { state: string; input: any }[] = [];
  public readonly parked: any[] = [];
  /** The saga-log item as the successful writes left it, and a copy after each write, by state. */
  public readonly logItem: Record<string, string> = {};
  public readonly logItemAfter: Record<string, Record<string, string>> = {};

  constructor(private readonly failures: Record<string, number | 'always'> = {}) {}

  public handlers(definition: any): Record<string, TaskHandler> {
    const handlers: Record<string, TaskHandler> = {};
    for (const [name, state] of Object.entries<any>(definition.States)) {
      if (state.Type !== 'Task') continue;
      handlers[name] = asFunction(state, (input: any): Json => {
        this.calls.push({ state: name, input });
        const failures = this.failures[name];
        const attempt = this.calls.filter((c) => c.state === name).length;
        if (failures === 'always' || (typeof failures === 'number' && attempt <= failures)) {
          const error = new Error(`${name} failed (attempt ${attempt})`);
          error.name = `${name}Failed`;
          throw error;
        }
        if (name.endsWith('-Park')) {
          this.parked.push(input);
          return { MessageId: `message-${this.parked.length}` };
        }
        if (state.Resource.endsWith(':dynamodb:updateItem')) {
          applyUpdate(this.logItem, input);
          this.logItemAfter[name] = { ...this.logItem };
          return {};
        }
        return name.endsWith('-Accept') ? this.failures[`${name}:accepted`] !== 0 : `${name}-result`;
      });
    }
    return handlers;
  }

  /** The distinct states called, in order (retries collapsed). */
  public sequence(): string[] {
    return this.calls.map((c) => c.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);
  }
}

/** What DynamoDB UpdateItem does with the saga log's writes (`SET #a = :v, ...`, nothing else), on a plain item. */
function applyUpdate(item: Record<string, string>, request: any): void {
  const match = /^SET (.+)$/.exec(request.UpdateExpression);
  if (!match) throw new Error(`unexpected update expression ${request.UpdateExpression}`);
  for (const assignment of match[1].split(', ')) {
    const [name, value] = assignment.split(' = ');
    item[request.ExpressionAttributeNames[name]] = request.ExpressionAttributeValues[value].S;
  }
}

async function run(s: Saga, failures: Record<string, number | 'always'> = {}, input: any = { orderId: 'o-1' }) {
  const definition = renderDefinition(s.replicas[0].stateMachine);
  const calls = new Calls(failures);
  const execution = await runLocally(definition, input, {
    handlers: calls.handlers(definition),
    context: { Execution: { Name: 'exec-1', Id: `arn:aws:states:us-east-1:${TEST_ACCOUNT}:execution:Checkout:exec-1` } },
  });
  return { execution, calls };
}

describe('Saga execution (the synthesized definition, run in aws-local-stepfunctions)', () => {
  test.each([1, 2, 3, 4, 5])('happy path of %i steps: every action once, in order, results returned', async (n) => {
    const { execution, calls } = await run(saga(n));

    expect(execution.status).toBe('SUCCEEDED');
    expect(calls.sequence()).toEqual(STEP_NAMES.slice(0, n));
    expect(execution.output).toEqual(Object.fromEntries(STEP_NAMES.slice(0, n).map((name) => [name, `${name}-result`])));
    expect(calls.calls.map((c) => c.input.idempotencyKey)).toEqual(STEP_NAMES.slice(0, n).map((name) => `exec-1:${name}`));
    expect(calls.calls[0].input.input).toEqual({ orderId: 'o-1' });
    // The first action is the first state: the n actions and SagaSucceeded.
    expect(execution.stateTransitions).toBeLessThanOrEqual(n + 1);
  });

  // The first action receives the execution input as its state (no state before it builds the saga's), so any JSON
  // must work there: objects whose keys are the saga's own, and values that are no object at all.
  const INPUTS: Array<[string, Json]> = [
    ['an object with the saga\'s own keys', { results: 'mine', failure: 1, input: [1], compensations: null, acceptance: true, parked: 'no' }],
    ['a string', 'o-1'],
    ['an array', [1, 'two', { three: 3 }]],
    ['a number', 0],
    ['null', null],
    ['an empty object', {}],
  ];
  test.each(INPUTS)('accepts %s as input: every call receives it, the results are the saga\'s own, n + 1 transitions', async (_, input) => {
    const { execution, calls } = await run(saga(3), {}, input);

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ Reserve: 'Reserve-result', Charge: 'Charge-result', Ship: 'Ship-result' });
    expect(calls.calls.map((c) => c.input.input)).toEqual([input, input, input]);
    expect(calls.calls.map((c) => c.input.results)).toEqual([{}, { Reserve: 'Reserve-result' }, { Reserve: 'Reserve-result', Charge: 'Charge-result' }]);
    expect(execution.stateTransitions).toBe(3 + 1);
  });

  test.each(INPUTS)('accepts %s as input when the first step fails: its compensation and the parked message carry it', async (_, input) => {
    const { execution, calls } = await run(saga(2), { 'Reserve': 'always', 'Reserve-Compensate': 'always' }, input);

    expect(execution).toMatchObject({ status: 'FAILED', error: 'Saga.CompensationParked' });
    expect(calls.sequence()).toEqual(['Reserve', 'Reserve-Compensate', 'Reserve-Park']);
    const compensation = calls.calls.find((c) => c.state === 'Reserve-Compensate')!.input;
    expect(compensation).toEqual({
      input, results: {}, failure: expect.objectContaining({ Error: 'ReserveFailed' }), idempotencyKey: 'exec-1:Reserve:compensate',
    });
    expect(calls.parked[0].MessageBody).toMatchObject({ step: 'Reserve', input, failure: { Error: 'ReserveFailed' }, error: { Error: 'Reserve-CompensateFailed' } });
  });

  test.each<[string, Json]>([['null (it returns nothing)', null], ['false', false], ['0', 0], ['an empty string', '']])(
    'accepts a first action whose result is %s: it is the step\'s result, the next step sees it', async (_, result) => {
      const s = saga(2);
      const definition = renderDefinition(s.replicas[0].stateMachine);
      const calls = new Calls();
      const handlers = calls.handlers(definition);
      handlers.Reserve = asFunction(definition.States.Reserve, () => result);
      const execution = await runLocally(definition, { orderId: 'o-1' }, { handlers });

      expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { Reserve: result, Charge: 'Charge-result' } });
      expect(calls.calls.find((c) => c.state === 'Charge')!.input.results).toEqual({ Reserve: result });
    });

  test('a first action that fails transiently is retried with the same input and key, for no extra transition', async () => {
    const { execution, calls } = await run(saga(2), { Reserve: 2 });

    expect(execution.status).toBe('SUCCEEDED');
    const attempts = calls.calls.filter((c) => c.state === 'Reserve');
    expect(attempts).toHaveLength(3);
    expect(attempts.map((c) => c.input)).toEqual(Array(3).fill({ input: { orderId: 'o-1' }, results: {}, idempotencyKey: 'exec-1:Reserve' }));
    expect(execution.stateTransitions).toBe(2 + 1);
  });

  test('a Step Functions task of its own as the first step: the saga builds its state first (SagaStart), n + 2 transitions', async () => {
    const t = topology();
    const notify = notifyTask(t);
    const s = new Saga(t.primaryCell, 'Checkout', {
      steps: [{ name: 'Notify', action: SagaTask.fromTask(notify) }, { name: 'Charge', action: replicated(t, 'C'), compensation: replicated(t, 'UC') }],
    });

    const ok = await run(s);
    expect(renderDefinition(s.replicas[0].stateMachine).StartAt).toBe('SagaStart');
    expect(ok.execution).toMatchObject({ status: 'SUCCEEDED', output: { Notify: 'NotifyCustomer-result', Charge: 'Charge-result' } });
    expect(ok.calls.calls.find((c) => c.state === 'Charge')!.input).toMatchObject({ input: { orderId: 'o-1' }, results: { Notify: 'NotifyCustomer-result' } });
    expect(ok.execution.stateTransitions).toBe(2 + 2);

    const failed = await run(s, { Charge: 'always' });
    expect(failed.execution).toMatchObject({ status: 'FAILED', error: 'Saga.Compensated' });
    expect(failed.calls.sequence()).toEqual(['NotifyCustomer', 'Charge', 'Charge-Compensate']);
  });

  const FAILURE_CASES = [1, 2, 3, 4, 5].flatMap((n) => Array.from({ length: n }, (_, k) => [n, k + 1]));
  test.each(FAILURE_CASES)('saga of %i steps, permanent failure at step %i: compensations of that step and every earlier one, in reverse order',
    async (n, k) => {
      const failing = STEP_NAMES[k - 1];
      const { execution, calls } = await run(saga(n), { [failing]: 'always' });

      expect(execution).toMatchObject({ status: 'FAILED', error: 'Saga.Compensated' });
      const compensations = STEP_NAMES.slice(0, k).reverse().map((name) => `${name}-Compensate`);
      expect(calls.sequence()).toEqual([...STEP_NAMES.slice(0, k), ...compensations]);
      // 1 attempt + 3 retries of the failing step; its error reaches every compensation.
      expect(calls.calls.filter((c) => c.state === failing)).toHaveLength(4);
      const first = calls.calls.find((c) => c.state === `${failing}-Compensate`)!;
      expect(first.input.failure).toMatchObject({ Error: `${failing}Failed` });
      expect(first.input.idempotencyKey).toBe(`exec-1:${failing}:compensate`);
    });

  test('a compensation that fails transiently succeeds on retry and nothing is parked', async () => {
    const { execution, calls } = await run(saga(3), { 'Ship': 'always', 'Charge-Compensate': 2 });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'Saga.Compensated' });
    expect(calls.calls.filter((c) => c.state === 'Charge-Compensate')).toHaveLength(3);
    expect(calls.sequence()).toEqual(['Reserve', 'Charge', 'Ship', 'Ship-Compensate', 'Charge-Compensate', 'Reserve-Compensate']);
    expect(calls.parked).toEqual([]);
  });

  test('a compensation that keeps failing is parked with its full context, the others still run, and the saga says so', async () => {
    const { execution, calls } = await run(saga(3), { 'Ship': 'always', 'Charge-Compensate': 'always' }, { orderId: 'o-9', total: 42 });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'Saga.CompensationParked' });
    expect(execution.cause).toMatch(/parked in the dead-letter queue/);
    // 1 attempt + 6 retries, then the park, then the earlier compensation.
    expect(calls.calls.filter((c) => c.state === 'Charge-Compensate')).toHaveLength(7);
    expect(calls.sequence()).toEqual(['Reserve', 'Charge', 'Ship', 'Ship-Compensate', 'Charge-Compensate', 'Charge-Park', 'Reserve-Compensate']);
    expect(calls.parked).toHaveLength(1);
    const message = calls.parked[0].MessageBody;
    expect(message).toMatchObject({
      executionId: `arn:aws:states:us-east-1:${TEST_ACCOUNT}:execution:Checkout:exec-1`,
      step: 'Charge',
      input: { orderId: 'o-9', total: 42 },
      failure: { Error: 'ShipFailed' },
      error: { Error: 'Charge-CompensateFailed' },
    });
  });

  test('a step without compensation is skipped when compensating', async () => {
    const t = topology();
    const s = new Saga(t.primaryCell, 'Checkout', {
      steps: [
        { name: 'Reserve', action: replicated(t, 'R'), compensation: replicated(t, 'UR') },
        { name: 'Validate', action: replicated(t, 'V') },
        { name: 'Charge', action: replicated(t, 'C'), compensation: replicated(t, 'UC') },
      ],
    });
    const { calls } = await run(s, { Charge: 'always' });

    expect(calls.sequence()).toEqual(['Reserve', 'Validate', 'Charge', 'Charge-Compensate', 'Reserve-Compensate']);
  });

  test('recovery block: a failed or rejected primary runs the alternate; an accepted one does not', async () => {
    const t = topology();
    const s = new Saga(t.primaryCell, 'Checkout', {
      steps: [
        { name: 'Reserve', action: replicated(t, 'R'), compensation: replicated(t, 'UR') },
        {
          name: 'Charge',
          action: replicated(t, 'C'),
          acceptance: replicated(t, 'CheckCharge'),
          alternate: replicated(t, 'ChargeBackupProvider'),
          compensation: replicated(t, 'UC'),
        },
      ],
    });

    const accepted = await run(s);
    expect(accepted.execution.status).toBe('SUCCEEDED');
    expect(accepted.calls.sequence()).toEqual(['Reserve', 'Charge', 'Charge-Accept']);

    const rejected = await run(s, { 'Charge-Accept:accepted': 0 });
    expect(rejected.execution.status).toBe('SUCCEEDED');
    expect(rejected.calls.sequence()).toEqual(['Reserve', 'Charge', 'Charge-Accept', 'Charge-Alternate']);

    const failedPrimary = await run(s, { Charge: 'always' });
    expect(failedPrimary.execution.status).toBe('SUCCEEDED');
    expect(failedPrimary.calls.sequence()).toEqual(['Reserve', 'Charge', 'Charge-Alternate']);

    const bothFail = await run(s, { 'Charge': 'always', 'Charge-Alternate': 'always' });
    expect(bothFail.execution).toMatchObject({ status: 'FAILED', error: 'Saga.Compensated' });
    expect(bothFail.calls.sequence()).toEqual(['Reserve', 'Charge', 'Charge-Alternate', 'Charge-Compensate', 'Reserve-Compensate']);
  });

  test('recovery block at the first step: the primary builds the state, a failed or rejected one runs the alternate', async () => {
    const t = topology();
    const s = new Saga(t.primaryCell, 'Checkout', {
      steps: [
        { name: 'Charge', action: replicated(t, 'C'), acceptance: replicated(t, 'CheckCharge'), alternate: replicated(t, 'Backup'), compensation: replicated(t, 'UC') },
        { name: 'Ship', action: replicated(t, 'S'), compensation: replicated(t, 'US') },
      ],
    });
    const input = ['not', 'an', 'object'];

    const accepted = await run(s, {}, input);
    expect(accepted.execution).toMatchObject({ status: 'SUCCEEDED', output: { Charge: 'Charge-result', Ship: 'Ship-result' } });
    expect(accepted.calls.sequence()).toEqual(['Charge', 'Charge-Accept', 'Ship']);
    expect(accepted.calls.calls.find((c) => c.state === 'Charge-Accept')!.input).toMatchObject({ input, results: { Charge: 'Charge-result' } });

    const rejected = await run(s, { 'Charge-Accept:accepted': 0 }, input);
    expect(rejected.execution).toMatchObject({ status: 'SUCCEEDED', output: { Charge: 'Charge-Alternate-result', Ship: 'Ship-result' } });
    expect(rejected.calls.sequence()).toEqual(['Charge', 'Charge-Accept', 'Charge-Alternate', 'Ship']);

    const failedPrimary = await run(s, { Charge: 'always' }, input);
    expect(failedPrimary.execution).toMatchObject({ status: 'SUCCEEDED', output: { Charge: 'Charge-Alternate-result', Ship: 'Ship-result' } });
    expect(failedPrimary.calls.sequence()).toEqual(['Charge', 'Charge-Alternate', 'Ship']);
    expect(failedPrimary.calls.calls.find((c) => c.state === 'Charge-Alternate')!.input).toEqual({ input, results: {}, idempotencyKey: 'exec-1:Charge' });

    const bothFail = await run(s, { 'Charge': 'always', 'Charge-Alternate': 'always' }, input);
    expect(bothFail.execution).toMatchObject({ status: 'FAILED', error: 'Saga.Compensated' });
    expect(bothFail.calls.sequence()).toEqual(['Charge', 'Charge-Alternate', 'Charge-Compensate']);
    expect(bothFail.calls.calls.find((c) => c.state === 'Charge-Compensate')!.input).toMatchObject({ input, failure: { Error: 'Charge-AlternateFailed' } });
  });

  test('any Step Functions task can be a step of a saga in one cell, used under its own state name', async () => {
    const t = topology();
    const notify = notifyTask(t);
    const s = new Saga(t.primaryCell, 'Checkout', {
      steps: [
        { name: 'Reserve', action: replicated(t, 'R'), compensation: replicated(t, 'UR') },
        { name: 'Notify', action: SagaTask.fromTask(notify) },
        { name: 'Charge', action: replicated(t, 'C') },
      ],
    });

    const { execution, calls } = await run(s, { Charge: 'always' });
    expect(execution.status).toBe('FAILED');
    expect(calls.sequence()).toEqual(['Reserve', 'NotifyCustomer', 'Charge', 'Reserve-Compensate']);
  });

  test('the saga log records each step\'s outcome in the local replica of a global table', async () => {
    const t = topology();
    const log = new GlobalTableStore(t, 'SagaLog', { partitionKey: { name: 'executionId', type: AttributeType.STRING }, backup: { enabled: false } });
    const s = saga(3, { log }, t);

    // The happy path writes once, last: every step DONE and the saga SUCCEEDED, for no more transitions than without a log.
    const ok = await run(s);
    expect(ok.execution.status).toBe('SUCCEEDED');
    expect(ok.calls.sequence()).toEqual(['Reserve', 'Charge', 'Ship', 'SagaLogSucceeded']);
    expect(ok.execution.stateTransitions).toBeLessThanOrEqual(3 + 1);
    expect(ok.calls.logItem).toEqual({ 'Reserve': 'DONE', 'Charge': 'DONE', 'Ship': 'DONE', 'saga:outcome': 'SUCCEEDED' });
    expect(ok.execution.output).toEqual({ Reserve: 'Reserve-result', Charge: 'Charge-result', Ship: 'Ship-result' });

    // A failure writes where the saga stands before compensating, then each compensation's outcome, then the saga's.
    const failed = await run(s, { 'Ship': 'always', 'Reserve-Compensate': 'always' });
    expect(failed.calls.sequence()).toEqual([
      'Reserve', 'Charge', 'Ship', 'Ship-Log-FAILED',
      'Ship-Compensate', 'Ship-Log-COMPENSATED', 'Charge-Compensate', 'Charge-Log-COMPENSATED', 'Reserve-Compensate', 'Reserve-Park', 'Reserve-Log-PARKED',
      'SagaLogParked',
    ]);
    expect(failed.calls.logItemAfter['Ship-Log-FAILED']).toEqual({ 'Reserve': 'DONE', 'Charge': 'DONE', 'Ship': 'FAILED', 'saga:outcome': 'COMPENSATING' });
    expect(failed.calls.logItem).toEqual({ 'Reserve': 'PARKED', 'Charge': 'COMPENSATED', 'Ship': 'COMPENSATED', 'saga:outcome': 'PARKED' });

    // A failure at the first step: the state is built around its error before the log's write (SagaFirstStepFailed).
    const first = await run(s, { Reserve: 'always' }, 'o-7');
    expect(first.execution).toMatchObject({ status: 'FAILED', error: 'Saga.Compensated' });
    expect(first.calls.sequence()).toEqual(['Reserve', 'Reserve-Log-FAILED', 'Reserve-Compensate', 'Reserve-Log-COMPENSATED', 'SagaLogCompensated']);
    expect(first.calls.logItemAfter['Reserve-Log-FAILED']).toEqual({ 'Reserve': 'FAILED', 'saga:outcome': 'COMPENSATING' });
    expect(first.calls.calls.find((c) => c.state === 'Reserve-Compensate')!.input).toMatchObject({ input: 'o-7', failure: { Error: 'ReserveFailed' } });

    const compensated = await run(s, { Charge: 'always' });
    expect(compensated.execution).toMatchObject({ status: 'FAILED', error: 'Saga.Compensated' });
    expect(compensated.calls.logItem).toEqual({ 'Reserve': 'COMPENSATED', 'Charge': 'COMPENSATED', 'saga:outcome': 'COMPENSATED' });

    const definition = renderDefinition(s.replicas[0].stateMachine);
    expect(definition.States['Charge-Log-COMPENSATED'].Parameters).toMatchObject({
      TableName: 'Shop-SagaLog',
      Key: { executionId: { 'S.$': '$$.Execution.Name' } },
      ExpressionAttributeNames: { '#step': 'Charge' },
      ExpressionAttributeValues: { ':outcome': { S: 'COMPENSATED' } },
    });
    expect(definition.States.SagaLogSucceeded).toMatchObject({
      End: true,
      OutputPath: '$.results',
      Parameters: {
        TableName: 'Shop-SagaLog',
        Key: { executionId: { 'S.$': '$$.Execution.Name' } },
        UpdateExpression: 'SET #done0 = :done, #done1 = :done, #done2 = :done, #saga = :saga',
        ExpressionAttributeNames: { '#done0': 'Reserve', '#done1': 'Charge', '#done2': 'Ship', '#saga': 'saga:outcome' },
        ExpressionAttributeValues: { ':done': { S: 'DONE' }, ':saga': { S: 'SUCCEEDED' } },
      },
    });
  });

  test.each(Array.from({ length: 10 }, (_, i) => i + 1))('happy path of %i steps with the saga log: at most steps + 1 state transitions', async (n) => {
    // GIVEN a saga of n steps with a log, each step with a compensation
    const t = topology();
    const log = new GlobalTableStore(t, 'SagaLog', { partitionKey: { name: 'executionId', type: AttributeType.STRING }, backup: { enabled: false } });
    const fn = replicated(t, 'Step');
    const names = Array.from({ length: n }, (_, i) => `Step${i + 1}`);
    const s = new Saga(t.primaryCell, 'Checkout', { log, steps: names.map((name) => ({ name, action: fn, compensation: fn })) });

    // WHEN it runs without a fault
    const { execution, calls } = await run(s);

    // THEN every step ran once, the log holds the outcome, and Step Functions bills n + 1 transitions (the n actions and
    // the log's one write; the AWS sample takes n + 2 without a log)
    expect(execution.status).toBe('SUCCEEDED');
    expect(calls.sequence()).toEqual([...names, 'SagaLogSucceeded']);
    expect(calls.logItem).toEqual({ ...Object.fromEntries(names.map((name) => [name, 'DONE'])), 'saga:outcome': 'SUCCEEDED' });
    expect(execution.stateTransitions).toBeLessThanOrEqual(n + 1);
  });

  test('a saga-log write or a park that keeps failing is retried, then caught: the saga still runs to its end', async () => {
    const t = topology();
    const log = new GlobalTableStore(t, 'SagaLog', { partitionKey: { name: 'executionId', type: AttributeType.STRING }, backup: { enabled: false } });
    const s = saga(3, { log }, t);

    const { execution, calls } = await run(s, {
      'Ship-Log-FAILED': 'always', 'Ship': 'always', 'Ship-Log-COMPENSATED': 'always', 'Reserve-Compensate': 'always', 'Reserve-Park': 'always', 'SagaLogParked': 'always',
    });

    expect(calls.sequence()).toEqual([
      'Reserve', 'Charge', 'Ship', 'Ship-Log-FAILED',
      'Ship-Compensate', 'Ship-Log-COMPENSATED', 'Charge-Compensate', 'Charge-Log-COMPENSATED', 'Reserve-Compensate', 'Reserve-Park', 'Reserve-Log-PARKED',
      'SagaLogParked',
    ]);
    expect(calls.calls.filter((c) => c.state === 'Ship-Log-FAILED')).toHaveLength(4);
    expect(calls.calls.filter((c) => c.state === 'SagaLogParked')).toHaveLength(4);
    expect(calls.calls.filter((c) => c.state === 'Reserve-Park')).toHaveLength(7);
    // The park failed, yet the saga reports the compensation it could not finish.
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Saga.CompensationParked' });

    // The happy path's one write failing still ends the saga SUCCEEDED, with its results.
    const ok = await run(s, { SagaLogSucceeded: 'always' });
    expect(ok.execution).toMatchObject({ status: 'SUCCEEDED', output: { Reserve: 'Reserve-result', Charge: 'Charge-result', Ship: 'Ship-result' } });
    expect(ok.calls.calls.filter((c) => c.state === 'SagaLogSucceeded')).toHaveLength(4);
  });

  test('asl-validator accepts the definitions', () => {
    for (const n of [1, 3, 5]) expect(validateDefinition(renderDefinition(saga(n).replicas[0].stateMachine))).toMatchObject({ isValid: true });
  });
});

describe('Saga resources', () => {
  test('a Standard workflow with full logging, tracing, retries with jitter and alarms to the cell topic', () => {
    const s = saga(2, { encryption: true, timeout: Duration.minutes(30) });
    const template = Template.fromStack(s.replicas[0].stateMachine.stack);
    const topic = [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }];

    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      EncryptionConfiguration: Match.objectLike({ Type: 'CUSTOMER_MANAGED_KMS_KEY' }),
    });
    const definition = renderDefinition(s.replicas[0].stateMachine);
    expect(definition.TimeoutSeconds).toBe(1800);
    expect(definition.States.Charge.Retry).toEqual([{ ErrorEquals: ['States.ALL'], MaxAttempts: 3, IntervalSeconds: 1, BackoffRate: 2, MaxDelaySeconds: 30, JitterStrategy: 'FULL' }]);
    expect(definition.States['Charge-Compensate'].Retry).toEqual([{ ErrorEquals: ['States.ALL'], MaxAttempts: 6, IntervalSeconds: 1, BackoffRate: 2, MaxDelaySeconds: 120, JitterStrategy: 'FULL' }]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed', AlarmActions: topic });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsTimedOut', AlarmActions: topic });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', AlarmActions: topic });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  test('with a customer-managed key, the role may use the key for its own state machine: a deterministic name', () => {
    // GIVEN / WHEN
    const s = saga(1, { encryption: true });
    const template = Template.fromStack(s.replicas[0].stateMachine.stack);

    // THEN: the key condition names the state machine the template creates (an unnamed one rendered '...:stateMachine:')
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'Shop-Checkout-us-east-1' });
    const conditions = Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .map((st: any) => st.Condition?.StringEquals?.['kms:EncryptionContext:aws:states:stateMachineArn'])
      .filter((c: any) => c !== undefined);
    expect(conditions).toHaveLength(1);
    expect(JSON.stringify(conditions[0])).toContain(`:${TEST_ACCOUNT}:stateMachine:Shop-Checkout-us-east-1`);
  });

  test('fails when the state machine name would pass 80 characters', () => {
    const t = topology();
    expect(() => new Saga(t.primaryCell, 'C'.repeat(70), { steps: [{ name: 'A', action: replicated(t, 'A') }] }))
      .toThrow(/invalid id 'C+': it names the state machine in each cell .* at most 80 characters/);
  });

  test('replicated across the topology: one state machine per cell, each calling its local replicas', () => {
    const t = topology();
    const s = new Saga(t, 'Checkout', { steps: [{ name: 'Reserve', action: replicated(t, 'R'), compensation: replicated(t, 'UR') }] });

    expect(s.replicas.map((r) => r.region)).toEqual(['us-east-1', 'eu-west-1']);
    for (const replica of s.replicas) {
      const cell = t.cell(replica.region);
      expect(Stack.of(replica.stateMachine)).toBe(cell);
      const template = Template.fromStack(cell);
      // The state machine invokes the alias of its own cell (a Ref, so the same template), and imports nothing.
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Resource: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^RAlias') }]) })]) },
      });
      expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
    }
  });

  test('passes cdk-nag, the Control Tower guard rules and aws-cdk-lib validation', () => {
    const app = testApp();
    const t = topology(app);
    const log = new GlobalTableStore(t, 'SagaLog', { partitionKey: { name: 'executionId', type: AttributeType.STRING }, backup: { enabled: false } });
    saga(3, { log, encryption: true }, t);

    expectNoUnacknowledgedFindings(app);
  });

  test('a saga without compensations has no dead-letter queue (nothing would park there) and passes the checkers and the wiring proof', () => {
    const app = testApp();
    const t = topology(app);
    const s = saga(2, {}, t, { compensation: undefined });

    expectNoUnacknowledgedFindings(app);
    expect(s.replicas.map((r) => [r.deadLetterQueue, r.deadLetterAlarm])).toEqual([[undefined, undefined]]);
    Template.fromStack(t.primaryCell).resourceCountIs('AWS::SQS::Queue', 1); // the cell's shared function dead-letter queue
  });

  test('acknowledges, on its own role, the version wildcard of invoking a plain function', () => {
    const app = testApp();
    const t = topology(app);
    const plain = new LambdaFunction(t.primaryCell, 'Plain', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('x') });
    new Saga(t.primaryCell, 'WithPlainFunction', { steps: [{ name: 'Only', action: SagaTask.lambda(plain) }] });

    const report = runCheckers(app);
    expect(report.findings).toContainEqual(expect.objectContaining({
      id: 'AwsSolutions-IAM5[Resource::<Plain295EB121.Arn>:*]', path: 'Shop/us-east-1/WithPlainFunction/Resource/StateMachine/Role/DefaultPolicy/Resource',
    }));
    // What remains is about the fixture function itself, not the saga.
    expect(report.unacknowledged.filter((f) => f.path.includes('WithPlainFunction'))).toEqual([]);
  });

  test('matches the snapshot', () => {
    const app = testApp();
    saga(2, {}, topology(app));

    expect(snapshotOf(app)).toMatchSnapshot();
  });
});

describe('Saga bad input', () => {
  const step = (t: MultiRegionTopology, name: string): SagaStep => ({ name, action: replicated(t, `${name}Fn`) });

  test('fails when there are no steps', () => {
    expect(() => new Saga(topology().primaryCell, 'Checkout', { steps: [] })).toThrow(
      /\[Shop\/us-east-1\/Checkout\] invalid steps \[\]: a saga needs at least one step/,
    );
  });

  test('fails when two steps share a name', () => {
    const t = topology();
    expect(() => new Saga(t.primaryCell, 'Checkout', { steps: [step(t, 'Pay'), { ...step(t, 'Pay2'), name: 'Pay' }] })).toThrow(
      /invalid steps \['Pay', 'Pay'\]: the step name 'Pay' is used twice/,
    );
  });

  test('fails when a step name collides with the saga\'s own states', () => {
    const t = topology();
    expect(() => new Saga(t.primaryCell, 'A', { steps: [step(t, 'SagaStart')] })).toThrow(
      /invalid steps\[0\]\.name 'SagaStart': 'SagaStart' collides with a state the saga creates itself/,
    );
    expect(() => new Saga(t.primaryCell, 'B', { steps: [step(t, 'Pay'), step(t, 'Pay-Compensate')] })).toThrow(
      /invalid steps\[0\]\.name 'Pay-Compensate': 'Pay-Compensate' collides with a state the saga creates itself/,
    );
    expect(() => new Saga(t.primaryCell, 'C', { steps: [{ ...step(t, 'Other'), name: 'has space' }] })).toThrow(/invalid steps\[0\]\.name 'has space'/);
  });

  test('fails when retry settings are out of range', () => {
    const t = topology();
    expect(() => saga(1, {}, t, { retry: { maxAttempts: 100 } })).toThrow(/invalid steps\[0\]\.retry\.maxAttempts 100: Step Functions would reject this retrier\. Allowed: a whole number from 0 to 99/);
    expect(() => saga(1, {}, topology(), { compensationRetry: { backoffRate: 0.5 } })).toThrow(/invalid steps\[0\]\.compensationRetry\.backoffRate 0\.5/);
    expect(() => saga(1, {}, topology(), { retry: { interval: Duration.seconds(10), maxDelay: Duration.seconds(5) } })).toThrow(
      /invalid steps\[0\]\.retry\.maxDelay '5 seconds': the longest wait is shorter than the first wait/,
    );
  });

  test('fails when an acceptance check has no alternate', () => {
    const t = topology();
    expect(() => new Saga(t.primaryCell, 'Checkout', { steps: [{ ...step(t, 'Pay'), acceptance: replicated(t, 'Check') }] })).toThrow(
      /invalid steps\[0\]\.acceptance 'Pay': an acceptance check needs an alternate/,
    );
  });

  test('fails when a replicated saga is given a function or a task of one region', () => {
    const t = topology();
    const plain = new LambdaFunction(t.primaryCell, 'Plain', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('x') });
    expect(() => new Saga(t, 'A', { steps: [{ name: 'Pay', action: SagaTask.lambda(plain) }] })).toThrow(
      /\[Shop\/us-east-1\/A\/Definition\] invalid task of Pay 'SagaTask\.lambda\(\.\.\.\)': the saga is replicated in every cell, but a plain function lives in one region/,
    );
    const task = new Pass(t.primaryCell, 'NotATask') as any;
    expect(() => new Saga(t, 'B', { steps: [{ name: 'Pay', action: SagaTask.fromTask(task) }] })).toThrow(/invalid task of Pay .*a Step Functions task belongs to one stack/);
  });

  test('fails when a task of its own would replace the saga\'s state', () => {
    const t = topology();
    const notify = new CallAwsService(t.primaryCell, 'Notify', { service: 'sns', action: 'publish', iamResources: ['*'], parameters: {} });
    expect(() => new Saga(t.primaryCell, 'A', { steps: [{ name: 'Notify', action: SagaTask.fromTask(notify) }] })).toThrow(
      /invalid task of Notify 'SagaTask\.fromTask\(Shop\/us-east-1\/Notify\)': the task's result would replace the saga's whole state.*Fix: create the task with resultPath: '\$\.results\.Notify'/,
    );
  });

  test('fails when asked for a region it does not live in', () => {
    expect(() => saga(1).replica('eu-west-1')).toThrow(/\[Shop\/us-east-1\/Checkout\] invalid region 'eu-west-1': the saga has no replica in this region/);
  });

  test('fails when it is not inside a topology', () => {
    const scope = new Construct(new Stack(testApp(), 'Plain', { env: { account: TEST_ACCOUNT, region: 'us-east-1' } }), 'X');
    expect(() => new Saga(scope, 'Checkout', { steps: [] })).toThrow(/invalid scope 'Plain\/X\/Checkout': this construct is not inside a MultiRegionTopology/);
  });
});
