import { Duration } from 'aws-cdk-lib';
import { Alarm, IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Operation } from 'aws-cdk-lib/aws-dynamodb';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  Choice, Condition, CustomerManagedEncryptionConfiguration, DefinitionBody, Errors, Fail, IChainable, INextable, JitterType,
  JsonPath, LogLevel, Pass, RetryProps, StateMachine, StateMachineType, TaskInput, TaskStateBase, Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { DynamoAttributeValue, DynamoUpdateItem, SqsSendMessage } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { RetryPolicy } from './defaults';
import { SagaTask } from './saga-task';
import { SagaStepSettings, ValidatedSagaSettings } from './validation';
import { acknowledge, acknowledgeInlinePolicy } from '../private/acknowledge';
import { notifyingAlarm } from '../private/alarm';
import { declareInteractions } from '../private/interactions';
import { encryptedLogGroup } from '../private/log-group';
import { SAGA_OUTCOME_ATTRIBUTE, SAGA_OUTCOMES, SAGA_STATES, STEP_OUTCOMES } from '../private/saga-states';
import { RegionalCell } from '../topology/regional-cell';

/** What the saga's log writes call: every write is a DynamoUpdateItem state (`logWrite`). */
const LOG_WRITE_OPERATIONS = [Operation.UPDATE_ITEM];

type Chainable = IChainable & INextable;

/**
 * A replica's settings: the saga's, and its state machine's name in this cell.
 * @internal
 */
export interface ReplicaSettings extends ValidatedSagaSettings {
  readonly stateMachineName: string;
}

/**
 * A saga's state machine in one cell, with its dead-letter queue for parked compensations and its alarms.
 */
export class SagaReplica extends Construct {
  /** @internal */
  public static _create(scope: Construct, id: string, cell: RegionalCell, settings: ReplicaSettings): SagaReplica {
    return new SagaReplica(scope, id, cell, settings);
  }

  /** The region of this replica. */
  public readonly region: string;
  /** The Standard state machine. */
  public readonly stateMachine: StateMachine;
  /**
   * Where compensations that keep failing are parked, with their full context.
   *
   * @default - none when no step has a compensation (nothing is ever parked)
   */
  public readonly deadLetterQueue?: Queue;
  /** Any failed execution. */
  public readonly failedAlarm: Alarm;
  /** Any timed-out execution. */
  public readonly timedOutAlarm: Alarm;
  /**
   * Any parked compensation waiting in the dead-letter queue.
   *
   * @default - none when no step has a compensation
   */
  public readonly deadLetterAlarm?: Alarm;

  private readonly definitionScope: Construct;
  private readonly roleFindings = new Map<string, string>();
  private readonly settings: ReplicaSettings;
  private readonly logWrites = new Map<INextable, DynamoUpdateItem>();
  private readonly invoked: IFunction[] = [];

  private constructor(scope: Construct, id: string, cell: RegionalCell, settings: ReplicaSettings) {
    super(scope, id);
    this.region = cell.region;
    this.settings = settings;
    this.definitionScope = new Construct(this, 'Definition');

    // Only a compensation's park state sends to the queue: a saga without compensations has none to park.
    const deadLetterQueue = settings.steps.some((step) => step.compensation) ? new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: settings.deadLetterRetention,
    }) : undefined;
    this.deadLetterQueue = deadLetterQueue;
    if (deadLetterQueue) {
      acknowledge(deadLetterQueue, ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy', 'cdk-validator-cfnguard::sqs_dlq_check'],
        'This queue is itself the dead-letter queue: parked compensations wait here, with their context, for an operator');
    }

    const logs = encryptedLogGroup(this, 'Logs', cell.encryptionKey);
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: settings.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(this.definition(settings.steps)),
      timeout: settings.timeout,
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
      encryptionConfiguration: settings.encryption ? new CustomerManagedEncryptionConfiguration(cell.encryptionKey) : undefined,
    });
    for (const [finding, reason] of this.roleFindings) acknowledge(this.stateMachine.role, [finding], reason);
    // The saga log: the state machine writes this region's replica (and its key, when customer-managed). Every log write
    // is an UpdateItem state (logWrite), so the replica's system-errors alarm watches UpdateItem for it.
    settings.log?._grantWriteDataIn(this.region, this.stateMachine.role, LOG_WRITE_OPERATIONS);
    this.declareRoleInteractions(cell);
    acknowledgeInlinePolicy(this.stateMachine.role);
    acknowledge(this.stateMachine.role, ['AwsSolutions-IAM5[Resource::*]'],
      'Step Functions logging (logs:*Delivery*, DescribeLogGroups/ResourcePolicies) and X-Ray tracing have no resource-level permissions');

    const alarm = (alarmId: string, description: string, metric: IMetric) =>
      notifyingAlarm(this, alarmId, cell.alarmTopic, { alarmDescription: description, metric, threshold: 1, evaluationPeriods: 1 });
    const minute = { period: Duration.minutes(1), statistic: 'Sum' };
    this.failedAlarm = alarm('FailedAlarm', `${this.node.path}: executions failed`, this.stateMachine.metricFailed(minute));
    this.timedOutAlarm = alarm('TimedOutAlarm', `${this.node.path}: executions timed out`, this.stateMachine.metricTimedOut(minute));
    this.deadLetterAlarm = deadLetterQueue && alarm('DeadLetterAlarm', `${this.node.path}: compensations parked for an operator`,
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }));
  }

  /**
   * Step 1 → ... → step n → Succeeded. A failure at step k runs compensations k, k-1, ..., 1; each compensation that
   * keeps failing is parked and the rest still run; the saga then ends FAILED.
   *
   * The happy path is n + 1 transitions, with or without the saga log: the first action builds the saga's state
   * `{ input, results, compensations, acceptance }` itself (its ResultSelector), so no state runs before it, and the
   * log costs one state, the last: one write of every step's DONE and the saga's SUCCEEDED. A failure at step k
   * writes steps 1..k-1 DONE, step k FAILED and the saga COMPENSATING before compensating, each compensation its
   * COMPENSATED or PARKED, and the end the saga's outcome. While a saga runs, its progress is in the execution history
   * (runtime `readSagaProgress`).
   */
  private definition(steps: SagaStepSettings[]): IChainable {
    const s = this.definitionScope;
    // A Lambda first action builds the state itself; a Step Functions task of the user's writes below a state that
    // must exist already, so the saga builds it first (n + 2 transitions).
    const firstBuildsState = steps[0].action._buildsState();
    const start = firstBuildsState ? undefined : new Pass(s, SAGA_STATES.start, {
      parameters: { 'input.$': '$', ...EMPTY_STATE },
      comment: 'Keeps the saga input apart from the step results',
    });
    const end = new Choice(s, SAGA_STATES.failed)
      .when(Condition.isPresent('$.parked'), this.thenLog(SAGA_STATES.logParked, { saga: SAGA_OUTCOMES.parked }, new Fail(s, SAGA_STATES.parked, {
        error: 'Saga.CompensationParked',
        cause: 'A step failed and at least one compensation kept failing: it was parked in the dead-letter queue with its context',
      })))
      .otherwise(this.thenLog(SAGA_STATES.logCompensated, { saga: SAGA_OUTCOMES.compensated }, new Fail(s, SAGA_STATES.compensated, {
        error: 'Saga.Compensated',
        cause: 'A step failed; the compensations of that step and of every completed step ran in reverse order',
      })));

    // compensationEntry[k] undoes steps k, k-1, ..., 1: built from the first step up, each continuing with the one before.
    const compensationEntry: IChainable[] = [];
    let previous: IChainable = end;
    for (const [k, step] of steps.entries()) {
      if (step.compensation) {
        const compensate = this.task(step.compensation, `${step.name}${SAGA_STATES.compensateSuffix}`,
          this.payload(step, true), `$.compensations.${step.name}`, step.timeout);
        compensate.addRetry(retryProps(step.compensationRetry));
        const park = new SqsSendMessage(s, `${step.name}${SAGA_STATES.parkSuffix}`, {
          queue: this.deadLetterQueue!,
          messageBody: TaskInput.fromObject({
            executionId: JsonPath.executionId,
            step: step.name,
            error: JsonPath.objectAt('$.compensationError'),
            failure: JsonPath.objectAt('$.failure'),
            input: JsonPath.objectAt('$.input'),
          }),
          resultSelector: { 'messageId.$': '$.MessageId' },
          resultPath: '$.parked',
        });
        compensate.addCatch(park, { errors: [Errors.ALL], resultPath: '$.compensationError' });
        park.addRetry(retryProps(this.settings.parkRetry));
        const afterPark = this.thenLog(stepLogState(step.name, STEP_OUTCOMES.parked), { step: [step.name, STEP_OUTCOMES.parked] }, previous);
        // Even a failed park ends the saga as parked: the error is in `$.parked` and in the execution history.
        park.addCatch(afterPark, { errors: [Errors.ALL], resultPath: '$.parked' });
        park.next(afterPark);
        compensate.next(this.thenLog(stepLogState(step.name, STEP_OUTCOMES.compensated), { step: [step.name, STEP_OUTCOMES.compensated] }, previous));
        previous = compensate;
      }
      compensationEntry[k] = previous;
    }

    // The steps, forwards. A failure at step k enters its compensations through the log's record of where it stands.
    let head: IChainable | undefined = start;
    let tail: INextable | undefined = start;
    for (const [k, step] of steps.entries()) {
      const failed = this.thenLog(stepLogState(step.name, STEP_OUTCOMES.failed), {
        done: steps.slice(0, k).map((earlier) => earlier.name), step: [step.name, STEP_OUTCOMES.failed], saga: SAGA_OUTCOMES.compensating,
      }, compensationEntry[k]);
      const buildsState = k === 0 && firstBuildsState;
      const action = this.task(step.action, step.name, this.payload(step, false, buildsState), `$.results.${step.name}`, step.timeout,
        buildsState ? (resultAt) => ({ 'input.$': '$$.Execution.Input', ...EMPTY_STATE, 'results': { [`${step.name}.$`]: resultAt } }) : undefined);
      action.addRetry(retryProps(step.retry));
      if (tail) this.link(tail, action);
      head = head ?? action;
      tail = step.alternate ? this.recoveryBlock(step, action, failed, buildsState) : action;
      if (step.alternate) continue;
      if (buildsState) {
        // The state the action's Catch receives is still the execution input (any JSON): the error replaces it whole
        // (a Catch's ResultPath defaults to `$`), and a Pass builds the saga's state around it.
        action.addCatch(this.stateWith(SAGA_STATES.firstStepFailed, 'failure', failed), { errors: [Errors.ALL] });
      } else {
        action.addCatch(failed, { errors: [Errors.ALL], resultPath: '$.failure' });
      }
    }
    const succeeded = new Pass(s, SAGA_STATES.succeeded, { outputPath: '$.results' });
    const logSucceeded = this.logWrite(SAGA_STATES.logSucceeded,
      { done: steps.map((step) => step.name), saga: SAGA_OUTCOMES.succeeded }, { outputPath: '$.results' });
    if (logSucceeded) {
      // The last state: its output is the saga's; a write that keeps failing still ends the saga SUCCEEDED.
      tail!.next(logSucceeded);
      logSucceeded.addCatch(succeeded, { errors: [Errors.ALL], resultPath: '$.logError' });
    } else {
      tail!.next(succeeded);
    }
    return head!;
  }

  /**
   * A Pass, on a failure path only, that builds the saga's state from the execution input (the context object's
   * `Execution.Input`) with the error it receives under `key`.
   * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
   */
  private stateWith(stateName: string, key: string, then: IChainable): IChainable {
    return new Pass(this.definitionScope, stateName, {
      parameters: { 'input.$': '$$.Execution.Input', ...EMPTY_STATE, [`${key}.$`]: '$' },
      comment: 'Builds the saga state around the error of the first action',
    }).next(then);
  }

  /**
   * Recovery block: primary → (acceptance check →) done; a failed or rejected primary runs the alternate, whose
   * failure fails the step. Returns the block's last state.
   */
  private recoveryBlock(step: SagaStepSettings, primary: TaskStateBase, onFailure: IChainable, primaryBuildsState: boolean): Chainable {
    const s = this.definitionScope;
    const alternate = this.task(step.alternate!, `${step.name}${SAGA_STATES.alternateSuffix}`, this.payload(step, false),
      `$.results.${step.name}`, step.timeout);
    alternate.addRetry(retryProps(step.retry));
    alternate.addCatch(onFailure, { errors: [Errors.ALL], resultPath: '$.failure' });
    if (primaryBuildsState) {
      primary.addCatch(this.stateWith(SAGA_STATES.firstPrimaryFailed, 'primaryFailure', alternate), { errors: [Errors.ALL] });
    } else {
      primary.addCatch(alternate, { errors: [Errors.ALL], resultPath: '$.primaryFailure' });
    }
    const done = new Pass(s, `${step.name}${SAGA_STATES.doneSuffix}`);
    alternate.next(done);
    if (step.acceptance) {
      const accept = this.task(step.acceptance, `${step.name}${SAGA_STATES.acceptSuffix}`, this.payload(step, false),
        `$.acceptance.${step.name}`, step.timeout);
      accept.addRetry(retryProps(step.retry));
      accept.addCatch(alternate, { errors: [Errors.ALL], resultPath: '$.primaryFailure' });
      primary.next(accept);
      accept.next(new Choice(s, `${step.name}${SAGA_STATES.acceptedSuffix}`)
        .when(Condition.booleanEquals(`$.acceptance.${step.name}`, true), done)
        .otherwise(alternate));
    } else {
      primary.next(done);
    }
    return done;
  }

  /**
   * `{ input, results, [failure,] idempotencyKey }`: the key is the execution name and the step (and `compensate`).
   * The first action, when it builds the state, reads the execution input from the context object (its state is that
   * input, any JSON, but the context object's path finds even a null or 0), and no step has a result yet.
   */
  private payload(step: SagaStepSettings, compensation: boolean, first = false): TaskInput {
    return TaskInput.fromObject({
      input: JsonPath.objectAt(first ? '$$.Execution.Input' : '$.input'),
      results: first ? {} : JsonPath.objectAt('$.results'),
      ...(compensation ? { failure: JsonPath.objectAt('$.failure') } : {}),
      idempotencyKey: JsonPath.format(compensation ? '{}:{}:compensate' : '{}:{}', JsonPath.stringAt('$$.Execution.Name'), step.name),
    });
  }

  private task(task: SagaTask, stateName: string, payload: TaskInput, resultPath: string, timeout?: Duration,
    buildState?: (resultAt: string) => Record<string, any>): TaskStateBase {
    return task._bind({
      scope: this.definitionScope,
      stateName,
      region: this.region,
      replicated: this.settings.replicated,
      payload,
      resultPath,
      buildState,
      timeout: timeout ? Timeout.duration(timeout) : undefined,
      acknowledgeOnRole: (id, reason) => this.roleFindings.set(id, reason),
      invokes: (fn) => this.invoked.push(fn),
    });
  }

  /** What the state machine's role does at run time: invoke the tasks' functions, park compensations, use the key. */
  private declareRoleInteractions(cell: RegionalCell): void {
    const principal = this.stateMachine.role;
    declareInteractions(this, ...this.invoked.map((fn) => ({
      principal, actions: ['lambda:InvokeFunction'], resource: fn.functionArn, purpose: 'a step invokes its function',
    })), ...(this.deadLetterQueue ? [{
      principal, actions: ['sqs:SendMessage'], resource: this.deadLetterQueue.queueArn, purpose: 'a compensation that keeps failing is parked',
    }] : []), ...(this.settings.encryption ? [{
      principal,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resource: cell.encryptionKey.keyArn,
      context: { 'kms:EncryptionContext:aws:states:stateMachineArn': this.stateMachine.stateMachineArn },
      purpose: 'executions of the encrypted state machine use the cell key',
    }] : []));
  }

  /** The saga-log write `record` in a state `stateName`, followed by `then`; `then` itself without a saga log. */
  private thenLog(stateName: string, record: LogRecord, then: IChainable): IChainable {
    const log = this.logWrite(stateName, record);
    if (!log) return then;
    this.link(log, then);
    return log;
  }

  /**
   * `from.next(to)`; a saga-log write also catches to `to`: the log is for operators, and a write that keeps failing
   * must never stop a step or a compensation.
   */
  private link(from: INextable, to: IChainable): void {
    from.next(to);
    if (this.logWrites.has(from)) this.logWrites.get(from)!.addCatch(to, { errors: [Errors.ALL], resultPath: '$.logError' });
  }

  /** One write of `record` into this execution's saga-log item, when the saga has a log. */
  private logWrite(stateName: string, record: LogRecord, options: { outputPath?: string } = {}): DynamoUpdateItem | undefined {
    const log = this.settings.log;
    if (!log) return undefined;
    const done = record.done ?? [];
    const names: Record<string, string> = {};
    const values: Record<string, DynamoAttributeValue> = {};
    const sets: string[] = [];
    done.forEach((step, i) => {
      names[`#done${i}`] = step;
      sets.push(`#done${i} = :done`);
    });
    if (done.length > 0) values[':done'] = DynamoAttributeValue.fromString(STEP_OUTCOMES.done);
    if (record.step) {
      names['#step'] = record.step[0];
      values[':outcome'] = DynamoAttributeValue.fromString(record.step[1]);
      sets.push('#step = :outcome');
    }
    if (record.saga) {
      names['#saga'] = SAGA_OUTCOME_ATTRIBUTE;
      values[':saga'] = DynamoAttributeValue.fromString(record.saga);
      sets.push('#saga = :saga');
    }
    const write = new DynamoUpdateItem(this.definitionScope, stateName, {
      table: log.replicaIn(this.region),
      key: { [log.partitionKeyName]: DynamoAttributeValue.fromString(JsonPath.stringAt('$$.Execution.Name')) },
      updateExpression: `SET ${sets.join(', ')}`,
      expressionAttributeNames: names,
      expressionAttributeValues: values,
      resultPath: JsonPath.DISCARD,
      outputPath: options.outputPath,
    });
    write.addRetry(retryProps(this.settings.logWriteRetry));
    this.logWrites.set(write, write);
    return write;
  }
}

/**
 * The saga's state before any step has a result (beside `input`). A ResultSelector may read the context object, as
 * Parameters may (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html: JSONPath states
 * refer to the context with `$$.` in Parameters and ResultSelector).
 */
const EMPTY_STATE = { results: {}, compensations: {}, acceptance: {} };

/** What one saga-log write sets: steps that are DONE, one step's outcome, the saga's outcome. */
interface LogRecord {
  readonly done?: string[];
  readonly step?: [name: string, outcome: string];
  readonly saga?: string;
}

/** The state of a step's own saga-log write: `<step>-Log-<outcome>`. */
function stepLogState(stepName: string, outcome: string): string {
  return `${stepName}${SAGA_STATES.logSuffix}-${outcome}`;
}

/** A complete retry policy as a Retry of the state machine, with full jitter. */
function retryProps(policy: RetryPolicy): RetryProps {
  return { ...policy, jitterStrategy: JitterType.FULL };
}
