import { CfnParameter, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { check, findingsOf, idsAndLevels, newStack } from './fixtures';

const RETRY = 'Resilience-SFNTaskRetry';
const COMPENSATION = 'Resilience-SFNCompensationRetryCatch';
const STANDARD = 'Resilience-SFNSagaStandard';

/** Findings of the Step Functions rules only (the Lambda functions of the fixtures have their own). */
function sfnFindings(stack: Stack): string[] {
  return idsAndLevels(stack).filter((f) => f.startsWith('Resilience-SFN'));
}

function handler(stack: Stack): lambda.IFunction {
  return new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
}

/** A LambdaInvoke task; `retry: false` leaves out the Retry that LambdaInvoke adds by default. */
function invoke(stack: Stack, id: string, fn: lambda.IFunction, retry = true): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(stack, id, { lambdaFunction: fn, retryOnServiceExceptions: retry });
}

function machine(stack: Stack, definition: sfn.IChainable, type?: sfn.StateMachineType): sfn.StateMachine {
  return new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(definition), stateMachineType: type });
}

/** Reserve then Charge; a failed Charge runs UndoReserve. */
function saga(stack: Stack, undoCatches: boolean, type?: sfn.StateMachineType): void {
  const fn = handler(stack);
  const undo = invoke(stack, 'UndoReserve', fn);
  if (undoCatches) undo.addCatch(new sfn.Fail(stack, 'Parked', { error: 'CompensationFailed' }));
  undo.next(new sfn.Fail(stack, 'SagaFailed', { error: 'SagaFailed' }));
  const charge = invoke(stack, 'Charge', fn).addCatch(undo);
  machine(stack, invoke(stack, 'Reserve', fn).next(charge), type);
}

describe('Step Functions task retries', () => {
  test('passes LambdaInvoke tasks, which retry service exceptions by default', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    machine(stack, invoke(stack, 'A', fn).next(invoke(stack, 'B', fn)));
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails (warning) when a Task has no Retry', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    machine(stack, invoke(stack, 'A', fn).next(invoke(stack, 'B', fn, false)));
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${RETRY}[State::B]:warning`]);
    expect(findingsOf(stack, `${RETRY}[State::B]`)[0].paths).toEqual(['Stack/Machine/Resource']);
  });

  test('fails (warning) when a Task inside a Parallel branch has no Retry', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    const parallel = new sfn.Parallel(stack, 'Fan').branch(invoke(stack, 'A', fn)).branch(invoke(stack, 'B', fn, false));
    machine(stack, parallel);
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${RETRY}[State::Fan/Branch1/B]:warning`]);
  });

  test('fails (warning) when a Task inside a Map item processor has no Retry', () => {
    // GIVEN
    const stack = newStack();
    const map = new sfn.Map(stack, 'Each', { itemsPath: '$.items' });
    map.itemProcessor(invoke(stack, 'Item', handler(stack), false));
    machine(stack, map);
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${RETRY}[State::Each/ItemProcessor/Item]:warning`]);
  });

  test('fails (warning) when the only retrier has MaxAttempts 0', () => {
    // GIVEN
    const stack = newStack();
    machine(stack, invoke(stack, 'A', handler(stack), false).addRetry({ maxAttempts: 0 }));
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${RETRY}[State::A]:warning`]);
  });
});

describe('Step Functions compensations', () => {
  test('passes a Standard saga whose compensation retries and catches', () => {
    // GIVEN
    const stack = newStack();
    saga(stack, true);
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails when a compensation does not catch', () => {
    // GIVEN
    const stack = newStack();
    saga(stack, false);
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${COMPENSATION}[State::UndoReserve]:error`]);
  });

  test('fails when a compensation inside a Parallel branch neither retries nor catches', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    const undo = invoke(stack, 'Undo', fn, false);
    const branch = invoke(stack, 'Charge', fn).addCatch(undo);
    machine(stack, new sfn.Parallel(stack, 'Fan').branch(branch).branch(new sfn.Pass(stack, 'Other')));
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${COMPENSATION}[State::Fan/Branch0/Undo]:error`, `${RETRY}[State::Fan/Branch0/Undo]:warning`]);
  });

  test('passes a Task on both the happy path and an error path: it is not a compensation', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    const notify = invoke(stack, 'Notify', fn);
    machine(stack, invoke(stack, 'Work', fn).addCatch(notify).next(notify));
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([]);
  });
});

describe('Step Functions sagas run as Standard workflows', () => {
  test('fails when a saga is an EXPRESS workflow', () => {
    // GIVEN
    const stack = newStack();
    saga(stack, true, sfn.StateMachineType.EXPRESS);
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${STANDARD}:error`]);
  });

  test('passes an EXPRESS workflow without compensations', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    machine(stack, invoke(stack, 'A', fn).addCatch(new sfn.Fail(stack, 'Failed')), sfn.StateMachineType.EXPRESS);
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([]);
  });
});

describe('Step Functions definitions written as raw L1s', () => {
  /** A DefinitionString the way hand-written L1s and CDK both produce it: Fn::Join with a Lambda GetAtt inside. */
  function joined(fnArn: string, retry: boolean): string {
    const retrier = retry ? ',"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}]' : '';
    return ['{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"', fnArn, `","End":true${retrier}}}}`].join('');
  }

  test('fails (warning) when the Task of an Fn::Join DefinitionString with a Lambda GetAtt has no Retry', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    const raw = new sfn.CfnStateMachine(stack, 'Raw', { roleArn: 'arn:aws:iam::123456789012:role/sfn', definitionString: joined(fn.functionArn, false) });
    // WHEN
    const rendered = stack.resolve(raw.definitionString);
    const findings = sfnFindings(stack);
    // THEN
    expect(rendered['Fn::Join'][1]).toContainEqual({ 'Fn::GetAtt': [stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction), 'Arn'] });
    expect(findings).toEqual([`${RETRY}[State::Call]:warning`]);
  });

  test('fails (warning) when a raw CfnResource spells out Fn::Join and Fn::GetAtt by hand and its Task has no Retry', () => {
    // GIVEN
    const stack = newStack();
    const fnId = stack.getLogicalId(handler(stack).node.defaultChild as lambda.CfnFunction);
    new CfnResource(stack, 'Raw', {
      type: 'AWS::StepFunctions::StateMachine',
      properties: {
        RoleArn: 'arn:aws:iam::123456789012:role/sfn',
        DefinitionString: {
          'Fn::Join': ['', [
            '{"StartAt":"Par","States":{"Par":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"',
            { 'Fn::GetAtt': [fnId, 'Arn'] },
            '","End":true}}}]}}}',
          ]],
        },
      },
    });
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${RETRY}[State::Par/Branch0/Call]:warning`]);
  });

  test('passes an Fn::Join DefinitionString whose Task retries', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    new sfn.CfnStateMachine(stack, 'Raw', { roleArn: 'arn:aws:iam::123456789012:role/sfn', definitionString: joined(fn.functionArn, true) });
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails when an EXPRESS L1 with a Definition object and DefinitionSubstitutions has an uncaught compensation', () => {
    // GIVEN
    const stack = newStack();
    new sfn.CfnStateMachine(stack, 'Raw', {
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
      stateMachineType: 'EXPRESS',
      definition: {
        StartAt: 'Charge',
        States: {
          Charge: {
            Type: 'Task',
            Resource: '${ChargeArn}',
            End: true,
            Retry: [{ ErrorEquals: ['States.ALL'] }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Refund' }],
          },
          Refund: { Type: 'Task', Resource: '${RefundArn}', Retry: [{ ErrorEquals: ['States.ALL'] }], Next: 'Failed' },
          Failed: { Type: 'Fail' },
        },
      },
      definitionSubstitutions: { ChargeArn: 'arn:aws:lambda:us-east-1:123456789012:function:charge' },
    });
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${COMPENSATION}[State::Refund]:error`, `${STANDARD}:error`]);
  });

  test('fails (warning) when the Task of an Fn::Sub DefinitionString has no Retry', () => {
    // GIVEN
    const stack = newStack();
    const fn = handler(stack);
    const id = stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
    new sfn.CfnStateMachine(stack, 'Raw', {
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
      definitionString: Fn.sub(`{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"\${${id}.Arn}","End":true}}}`),
    });
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([`${RETRY}[State::Call]:warning`]);
  });

  test('passes a definition kept in S3, which synth cannot read', () => {
    // GIVEN
    const stack = newStack();
    new sfn.CfnStateMachine(stack, 'Raw', {
      roleArn: 'arn:aws:iam::123456789012:role/sfn', definitionS3Location: { bucket: 'definitions', key: 'machine.asl.json' },
    });
    // WHEN
    const findings = sfnFindings(stack);
    // THEN
    expect(findings).toEqual([]);
  });

  test('fails every Step Functions rule, with the reason, when the DefinitionString is not JSON', () => {
    // GIVEN
    const stack = newStack();
    new sfn.CfnStateMachine(stack, 'Raw', { roleArn: 'arn:aws:iam::123456789012:role/sfn', definitionString: '{"StartAt": ' });
    // WHEN
    const findings = check(stack, { verbose: true }).filter((f) => f.id.startsWith('Resilience-SFN'));
    // THEN
    expect(findings.map((f) => `${f.id}:${f.level}`).sort()).toEqual([`${COMPENSATION}:error`, `${STANDARD}:error`, `${RETRY}:warning`]);
    expect(findings[0].description).toMatch(/^Rule threw an error during validation\. .*DefinitionString is not valid JSON/);
  });

  test('parses tokens and DefinitionSubstitutions that stand outside JSON strings', () => {
    // GIVEN
    const stack = newStack();
    const timeout = new CfnParameter(stack, 'Timeout', { type: 'Number' });
    new sfn.CfnStateMachine(stack, 'Raw', {
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
      definitionString: Fn.join('', [
        '{"StartAt":"Call","TimeoutSeconds":', timeout.valueAsString,
        ',"States":{"Call":{"Type":"Task","Resource":"${Arn}","HeartbeatSeconds":${Heartbeat},"End":true}}}',
      ]),
      definitionSubstitutions: { Arn: Fn.importValue('CallArn'), Heartbeat: '30' },
    });
    // WHEN
    const findings = sfnFindings(stack);
    // THEN: parsed (a parse failure would fail all three rules), and the Task lacks a Retry
    expect(findings).toEqual([`${RETRY}[State::Call]:warning`]);
  });
});
