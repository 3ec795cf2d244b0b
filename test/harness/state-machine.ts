import aslValidator from 'asl-validator';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { CfnStateMachine, StateMachine as CdkStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { renderDefinitionText } from '../../src/private/asl-definition';

// aws-local-stepfunctions publishes ESM typings; jest loads its CommonJS build. Type it as the ESM module it is.
type LocalStepFunctions = typeof import('aws-local-stepfunctions', { with: { 'resolution-mode': 'import' } });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ExecutionError, StateMachine: LocalStateMachine }: LocalStepFunctions = require('aws-local-stepfunctions');

/**
 * Render a synthesized state machine and execute it locally with aws-local-stepfunctions.
 *
 * The local runner cannot call AWS (no account here) and does not run `arn:aws:states:::lambda:invoke`
 * or JSONata, so every Task state is replaced by a local handler, by state name. The harness refuses to
 * run when a Task state has no handler (the runner would try the network), and refuses a result in which
 * a Task failed without its handler having thrown: that is the runner breaking (as on Node 20 without the
 * `Promise.withResolvers` polyfill), which a `States.ALL` Catch would otherwise disguise as a handled failure.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type TaskHandler = (input: any) => Json | Promise<Json>;

/** Placeholder values for the CloudFormation intrinsics a definition may contain. */
const ACCOUNT = '123456789012';

/**
 * The Amazon States Language definition of `stateMachine`, as CloudFormation would receive it, with
 * Ref/GetAtt/Join resolved to placeholder ARNs.
 */
export function renderDefinition(stateMachine: CdkStateMachine): any {
  const stack = Stack.of(stateMachine);
  const cfn = stateMachine.node.defaultChild as CfnStateMachine;
  const resolved = stack.resolve((cfn as any)._toCloudFormation());
  const logicalId = stack.resolve((cfn as CfnElement).logicalId);
  const properties = resolved.Resources[logicalId].Properties;
  // The library's own renderer (the one its rule pack reads definitions with); tokens become placeholder ARNs here.
  return JSON.parse(renderDefinitionText(properties.DefinitionString, properties.DefinitionSubstitutions ?? {},
    (token) => renderIntrinsic(token, stack.region)));
}

function renderIntrinsic(value: any, region: string): string {
  if (value && typeof value === 'object') {
    if ('Ref' in value) return pseudo(value.Ref, region) ?? placeholderArn(region, value.Ref);
    if ('Fn::GetAtt' in value) {
      const [id, attribute] = value['Fn::GetAtt'];
      return placeholderArn(region, `${id}.${attribute}`);
    }
  }
  throw new Error(`renderDefinition: cannot render ${JSON.stringify(value)}`);
}

function pseudo(ref: string, region: string): string | undefined {
  return ({
    'AWS::Partition': 'aws',
    'AWS::Region': region,
    'AWS::AccountId': ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
  } as Record<string, string>)[ref];
}

function placeholderArn(region: string, name: string): string {
  return `arn:aws:lambda:${region}:${ACCOUNT}:function:${name.replace(/[^A-Za-z0-9-_]/g, '-')}`;
}

/** The verdict of asl-validator on a definition. */
export function validateDefinition(definition: any): { isValid: boolean; errors: string } {
  const result = aslValidator(JSON.parse(JSON.stringify(definition)));
  return { isValid: result.isValid, errors: result.errorsText?.('\n') ?? JSON.stringify(result.errors) };
}

/** How a local execution ended. */
export interface LocalExecution {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: any;
  readonly error?: string;
  readonly cause?: string;
  /** Task states in the order their handlers ran (a retried task appears once per attempt). */
  readonly taskCalls: string[];
  /** Every event the runner emitted. */
  readonly events: any[];
  /** State transitions, as Step Functions Standard bills them: one per state entered. */
  readonly stateTransitions: number;
}

export interface RunOptions {
  /** A local handler for every Task state, by state name. */
  readonly handlers: Record<string, TaskHandler>;
  /** Context object values (for example `Execution.Name`) over the defaults (`local-execution`). */
  readonly context?: any;
}

/**
 * Executes `definition` with `input` in aws-local-stepfunctions. Retry intervals and Wait states are
 * shortened to zero, so backoff policies run their full attempt count without waiting.
 */
export async function runLocally(definition: any, input: Json, options: RunOptions): Promise<LocalExecution> {
  const taskStates = collectStates(definition).filter(([, s]) => s.Type === 'Task').map(([name]) => name);
  const missing = taskStates.filter((name) => !(name in options.handlers));
  if (missing.length > 0) {
    throw new Error(`runLocally: no local handler for Task state(s) ${missing.join(', ')}: the runner would call AWS`);
  }
  const unknown = Object.keys(options.handlers).filter((name) => !taskStates.includes(name));
  if (unknown.length > 0) {
    throw new Error(`runLocally: handlers for ${unknown.join(', ')} match no Task state (states: ${taskStates.join(', ')})`);
  }

  const taskCalls: string[] = [];
  const thrownBy = new Set<string>();
  const taskResourceLocalHandlers: Record<string, (input: any) => Promise<any>> = {};
  for (const [name, handler] of Object.entries(options.handlers)) {
    taskResourceLocalHandlers[name] = async (taskInput: any) => {
      taskCalls.push(name);
      try {
        return await handler(taskInput);
      } catch (e) {
        thrownBy.add(name);
        throw e;
      }
    };
  }
  const retryIntervalOverrides: Record<string, number> = {};
  const waitTimeOverrides: Record<string, number> = {};
  for (const [name, state] of collectStates(definition)) {
    if (state.Retry) retryIntervalOverrides[name] = 0;
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
  }

  const machine = new LocalStateMachine(definition, { validationOptions: { checkArn: false } });
  const execution = machine.run(input as any, {
    overrides: { taskResourceLocalHandlers, retryIntervalOverrides, waitTimeOverrides },
    // Step Functions always provides the context object; the local runner only has what it is given.
    context: {
      ...options.context,
      Execution: {
        Id: `arn:aws:states:us-east-1:${ACCOUNT}:execution:local:local-execution`,
        Name: 'local-execution',
        StartTime: new Date(0).toISOString(),
        Input: input,
        ...options.context?.Execution,
      },
    },
  });

  const events: any[] = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) events.push(event);
  })();

  let result: LocalExecution;
  try {
    const output = await execution.result;
    await collecting;
    result = { status: 'SUCCEEDED', output, taskCalls, events, stateTransitions: countTransitions(events) };
  } catch (e) {
    await collecting.catch(() => undefined);
    if (!(e instanceof ExecutionError)) throw e;
    const failed = events.find((ev) => ev.type === 'ExecutionFailed');
    result = {
      status: 'FAILED',
      error: failed?.Error ?? (e as any).name,
      cause: failed?.Cause ?? e.message,
      taskCalls,
      events,
      stateTransitions: countTransitions(events),
    };
  }

  // A Task failure that no handler raised comes from the runner itself: never let a Catch hide it.
  for (const event of events) {
    if (event.type === 'StateFailed' && taskStates.includes(event.state?.name) && !thrownBy.has(event.state.name)) {
      throw new Error(`runLocally: Task state ${event.state.name} failed without its handler throwing ` +
        `(${event.Error}: ${event.Cause}); the local runner is broken, or the handler's result does not fit the state's ResultSelector or ResultPath`);
    }
  }
  return result;
}

function countTransitions(events: any[]): number {
  return events.filter((e) => e.type === 'StateEntered').length;
}

/** Every state of the definition, nested Parallel branches and Map iterators included. */
function collectStates(definition: any): [string, any][] {
  const result: [string, any][] = [];
  for (const [name, state] of Object.entries<any>(definition.States ?? {})) {
    result.push([name, state]);
    for (const branch of state.Branches ?? []) result.push(...collectStates(branch));
    if (state.Iterator) result.push(...collectStates(state.Iterator));
    if (state.ItemProcessor) result.push(...collectStates(state.ItemProcessor));
  }
  return result;
}
