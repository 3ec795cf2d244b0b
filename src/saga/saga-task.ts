import { Stack } from 'aws-cdk-lib';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { TaskInput, TaskStateBase, Timeout } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { configError } from '../private/errors';
import { ReplicatedFunction } from '../replicated-function/replicated-function';

/** @internal */
export interface SagaTaskBinding {
  readonly scope: Construct;
  readonly stateName: string;
  readonly region: string;
  readonly replicated: boolean;
  readonly payload: TaskInput;
  readonly resultPath: string;
  /**
   * Set for the saga's first action when `_buildsState` is true: the ResultSelector that builds the saga's whole
   * state around the task's result at `resultAt`. The task then leaves ResultPath at its default (`$`) and
   * `resultPath` unused.
   */
  readonly buildState?: (resultAt: string) => { [key: string]: any };
  readonly timeout?: Timeout;
  /** Records a checker finding the task's grant causes on the state machine's role, to be acknowledged there. */
  readonly acknowledgeOnRole: (findingId: string, reason: string) => void;
  /** Records a function the task invokes with the state machine's role. */
  readonly invokes: (fn: IFunction) => void;
}

/**
 * What a saga step (or its compensation, acceptance check or alternate) runs.
 */
export abstract class SagaTask {
  /**
   * A Lambda function. It lives in one region, so a saga replicated across a topology cannot use it:
   * use `SagaTask.replicatedFunction` there.
   */
  public static lambda(fn: IFunction): SagaTask {
    return new LambdaSagaTask(() => fn, false);
  }

  /**
   * The replica of a `ReplicatedFunction` (its alias) in the saga's own cell: each cell's saga calls its local replica.
   */
  public static replicatedFunction(fn: ReplicatedFunction): SagaTask {
    return new LambdaSagaTask((region) => fn.replica(region).alias, true);
  }

  /**
   * Any Step Functions task, used as it is: its construct id is its state name. It belongs to one stack, so only a
   * saga in one cell can use it. The saga adds its retries and catches. It receives the saga's whole state
   * (`$.input`, `$.results`); give it a `resultPath` below the state, such as `$.results.<step>`. As the first
   * step's action, the saga builds that state in a Pass before it (`SagaStart`: one state transition more than a
   * saga whose first action is a function, which builds the state itself).
   */
  public static fromTask(task: TaskStateBase): SagaTask {
    return new CustomSagaTask(task);
  }

  /**
   * Whether, as the saga's first action, the task can build the saga's state itself (`SagaTaskBinding.buildState`),
   * so that the saga needs no state of its own before it.
   * @internal
   */
  public abstract _buildsState(): boolean;

  /**
   * The state that runs the task.
   * @internal
   */
  public abstract _bind(binding: SagaTaskBinding): TaskStateBase;
}

class LambdaSagaTask extends SagaTask {
  constructor(private readonly fnIn: (region: string) => IFunction, private readonly replicates: boolean) {
    super();
  }

  /** @internal */
  public _buildsState(): boolean {
    return true;
  }

  /** @internal */
  public _bind(binding: SagaTaskBinding): TaskStateBase {
    if (binding.replicated && !this.replicates) {
      throw configError(binding.scope, {
        setting: `task of ${binding.stateName}`,
        value: 'SagaTask.lambda(...)',
        problem: 'the saga is replicated in every cell, but a plain function lives in one region',
        allowed: 'SagaTask.replicatedFunction(fn) in a replicated saga',
        fix: 'make the function a ReplicatedFunction, or create the saga in one cell (topology.cell(region))',
      });
    }
    const fn = this.fnIn(binding.region);
    // LambdaInvoke grants lambda:InvokeFunction on the function and `<arn>:*` (its versions and aliases).
    const arn = Stack.of(binding.scope).resolve(fn.functionArn);
    const rendered = typeof arn === 'string' ? arn : arn?.['Fn::GetAtt'] ? `<${arn['Fn::GetAtt'][0]}.${arn['Fn::GetAtt'][1]}>` : undefined;
    if (rendered) {
      binding.acknowledgeOnRole(`AwsSolutions-IAM5[Resource::${rendered}:*]`,
        'aws-cdk-lib\'s LambdaInvoke grants the function and its versions/aliases (`<arn>:*`); the saga invokes nothing else');
    }
    binding.invokes(fn);
    if (binding.buildState) {
      // The optimized integration (arn:aws:states:::lambda:invoke): its raw result is always an object, the function's
      // response in `Payload` (null when it returns nothing), so the ResultSelector's path always finds a value;
      // a path applied to the bare response would have none to find when the function returns null.
      // https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
      return new LambdaInvoke(binding.scope, binding.stateName, {
        lambdaFunction: fn,
        payload: binding.payload,
        resultSelector: binding.buildState('$.Payload'),
        taskTimeout: binding.timeout,
        retryOnServiceExceptions: false,
      });
    }
    return new LambdaInvoke(binding.scope, binding.stateName, {
      lambdaFunction: fn,
      payload: binding.payload,
      payloadResponseOnly: true,
      resultPath: binding.resultPath,
      taskTimeout: binding.timeout,
      // The saga's own retry policy applies; LambdaInvoke's default service-exception retry would add a second one.
      retryOnServiceExceptions: false,
    });
  }
}

class CustomSagaTask extends SagaTask {
  constructor(private readonly task: TaskStateBase) {
    super();
  }

  /** @internal */
  public _buildsState(): boolean {
    // The task is the user's, with its own ResultPath below the state: the saga builds its state before it.
    return false;
  }

  /** @internal */
  public _bind(binding: SagaTaskBinding): TaskStateBase {
    if (binding.replicated) {
      throw configError(binding.scope, {
        setting: `task of ${binding.stateName}`,
        value: `SagaTask.fromTask(${this.task.node.path})`,
        problem: 'the saga is replicated in every cell, but a Step Functions task belongs to one stack',
        allowed: 'SagaTask.replicatedFunction(fn) in a replicated saga',
        fix: 'create the saga in one cell (topology.cell(region)), or use a replicated function',
      });
    }
    // The task's result must not replace the saga's state ({ input, results, ... }), or every later state loses it.
    const resultPath = (this.task.toStateJson() as { ResultPath?: string | null }).ResultPath;
    if (resultPath === undefined || resultPath === '$') {
      throw configError(binding.scope, {
        setting: `task of ${binding.stateName}`,
        value: `SagaTask.fromTask(${this.task.node.path})`,
        problem: 'the task\'s result would replace the saga\'s whole state (its resultPath is \'$\')',
        allowed: 'a task whose resultPath writes below the state, such as \'$.results.<step>\', or JsonPath.DISCARD',
        fix: `create the task with resultPath: '$.results.${binding.stateName}'`,
      });
    }
    return this.task;
  }
}
