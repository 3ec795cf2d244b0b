import { Duration, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { DefinitionBody, Errors, Fail, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { renderDefinition, runLocally, testApp, validateDefinition } from '.';

/** Reserve -> Charge; a failed Charge is caught, Release runs, and the execution fails. */
function orderMachine(): StateMachine {
  const stack = new Stack(testApp(), 'Fixture', { env: { account: '123456789012', region: 'eu-west-1' } });
  const fn = (name: string) => LambdaFunction.fromFunctionArn(stack, name, `arn:aws:lambda:eu-west-1:123456789012:function:${name}`);
  const reserve = new LambdaInvoke(stack, 'Reserve', { lambdaFunction: fn('reserve'), payloadResponseOnly: true, resultPath: '$.reservation' });
  const charge = new LambdaInvoke(stack, 'Charge', { lambdaFunction: fn('charge'), payloadResponseOnly: true, resultPath: '$.payment' });
  charge.addRetry({ errors: ['Transient'], maxAttempts: 2, interval: Duration.seconds(30) });
  const release = new LambdaInvoke(stack, 'Release', { lambdaFunction: fn('release'), payloadResponseOnly: true, resultPath: '$.released' });
  charge.addCatch(release.next(new Fail(stack, 'OrderFailed', { error: 'OrderFailed', cause: 'payment declined' })), {
    errors: [Errors.ALL],
    resultPath: '$.error',
  });
  return new StateMachine(stack, 'Orders', { definitionBody: DefinitionBody.fromChainable(reserve.next(charge)) });
}

const ok = (value: string) => () => value;
const fail = (name: string) => () => {
  const error = new Error(`${name} failed`);
  error.name = name;
  throw error;
};

describe('state machine harness', () => {
  test('renders the synthesized definition with placeholder ARNs, and asl-validator accepts it', () => {
    const definition = renderDefinition(orderMachine());

    expect(Object.keys(definition.States).sort()).toEqual(['Charge', 'OrderFailed', 'Release', 'Reserve']);
    expect(definition.States.Reserve.Resource).toBe('arn:aws:lambda:eu-west-1:123456789012:function:reserve');
    expect(validateDefinition(definition)).toEqual({ isValid: true, errors: expect.any(String) });
  });

  test('runs the happy path to SUCCEEDED: the runner really executes Task states', async () => {
    const execution = await runLocally(renderDefinition(orderMachine()), { orderId: 'o-1' }, {
      handlers: { Reserve: ok('r-1'), Charge: ok('p-1'), Release: ok('never') },
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ orderId: 'o-1', reservation: 'r-1', payment: 'p-1' });
    expect(execution.taskCalls).toEqual(['Reserve', 'Charge']);
    expect(execution.stateTransitions).toBe(2);
  });

  test('runs the catch path when a handler fails, and reports the Fail state\'s error', async () => {
    const execution = await runLocally(renderDefinition(orderMachine()), { orderId: 'o-2' }, {
      handlers: { Reserve: ok('r-2'), Charge: fail('Declined'), Release: ok('released') },
    });

    expect(execution).toMatchObject({ status: 'FAILED', error: 'OrderFailed', cause: 'payment declined' });
    expect(execution.taskCalls).toEqual(['Reserve', 'Charge', 'Release']);
  });

  test('retries without waiting the configured interval', async () => {
    let attempts = 0;
    const execution = await runLocally(renderDefinition(orderMachine()), {}, {
      handlers: {
        Reserve: ok('r-3'),
        Charge: () => {
          if (++attempts === 1) fail('Transient')();
          return 'p-3';
        },
        Release: ok('never'),
      },
    });

    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.taskCalls).toEqual(['Reserve', 'Charge', 'Charge']);
  });

  test('refuses a Task failure its handler did not raise: a broken runner cannot pass for a caught failure', async () => {
    // GIVEN the runner broken the way Node 20 breaks it without the polyfill
    const withResolvers = (Promise as any).withResolvers;
    delete (Promise as any).withResolvers;
    try {
      // THEN the Catch that would hide it does not
      await expect(runLocally(renderDefinition(orderMachine()), {}, {
        handlers: { Reserve: ok('r'), Charge: ok('p'), Release: ok('x') },
      })).rejects.toThrow(/Task state Reserve failed without its handler throwing .*the local runner is broken/);
    } finally {
      (Promise as any).withResolvers = withResolvers;
    }
  });

  test('refuses to run a Task state without a local handler, and a handler for no state', async () => {
    const definition = renderDefinition(orderMachine());
    await expect(runLocally(definition, {}, { handlers: { Reserve: ok('r'), Charge: ok('p') } }))
      .rejects.toThrow(/no local handler for Task state\(s\) Release: the runner would call AWS/);
    await expect(runLocally(definition, {}, { handlers: { Reserve: ok('r'), Charge: ok('p'), Release: ok('x'), Refund: ok('y') } }))
      .rejects.toThrow(/handlers for Refund match no Task state/);
  });
});
