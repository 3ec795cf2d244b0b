import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SagaReplica } from './saga-replica';
import { SagaTask } from './saga-task';
import { stateMachineNames, validateSagaProps } from './validation';
import { GlobalTableStore } from '../global-table-store/global-table-store';
import { partInRegion } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';
import { RegionalCell } from '../topology/regional-cell';

/**
 * Retries of a saga task: exponential backoff with full jitter, capped.
 */
export interface StepRetry {
  /**
   * Attempts after the first.
   *
   * @default 3 for actions, 6 for compensations
   */
  readonly maxAttempts?: number;

  /**
   * The wait before the first retry.
   *
   * @default Duration.seconds(1)
   */
  readonly interval?: Duration;

  /**
   * The multiplier of the wait from one retry to the next.
   *
   * @default 2
   */
  readonly backoffRate?: number;

  /**
   * The longest wait between two attempts.
   *
   * @default Duration.seconds(30) for actions, Duration.minutes(2) for compensations
   */
  readonly maxDelay?: Duration;

  /**
   * The errors that are retried.
   *
   * @default ['States.ALL'] - every error, timeouts included
   */
  readonly errors?: string[];
}

/**
 * One step of a saga: an action and how to undo it.
 */
export interface SagaStep {
  /**
   * The step's name: its state name and the key of its result (`$.results.<name>`) and log entry.
   * Letters, digits, hyphens and underscores, at most 60 characters.
   */
  readonly name: string;

  /**
   * What the step does. It receives `{ input, results, idempotencyKey }`.
   */
  readonly action: SagaTask;

  /**
   * What undoes the step. It receives `{ input, results, failure, idempotencyKey }` and must be idempotent and
   * succeed when there is nothing to undo (it also runs when the step itself failed: see README).
   *
   * @default - nothing to undo
   */
  readonly compensation?: SagaTask;

  /**
   * Retries of the action.
   *
   * @default - 3 retries from 1 s, doubling, at most 30 s apart, full jitter
   */
  readonly retry?: StepRetry;

  /**
   * Retries of the compensation: harder than the action's, because a compensation that gives up is parked for a human.
   *
   * @default - 6 retries from 1 s, doubling, at most 2 minutes apart, full jitter
   */
  readonly compensationRetry?: StepRetry;

  /**
   * How long one attempt of the action (and of its compensation) may take.
   *
   * @default - the task's own limit (a Lambda function's timeout)
   */
  readonly timeout?: Duration;

  /**
   * Recovery block: a check run on the action's result. It returns `true` to accept it; otherwise (or when the
   * action fails) `alternate` runs instead, and its failure fails the step.
   *
   * @default - no acceptance check
   */
  readonly acceptance?: SagaTask;

  /**
   * Recovery block: the alternate action, run when the action fails or its result is not accepted.
   *
   * @default - no alternate
   */
  readonly alternate?: SagaTask;
}

/**
 * Properties of a `Saga`.
 */
export interface SagaProps {
  /**
   * The steps, in order.
   */
  readonly steps: SagaStep[];

  /**
   * A store that keeps the saga log: one item per execution (key: the execution name, in the store's partition key
   * attribute, which must be a string), one attribute per step with its outcome (`DONE`, `COMPENSATED`, `PARKED`).
   *
   * @default - no saga log (the execution history still has every step)
   */
  readonly log?: GlobalTableStore;

  /**
   * The longest an execution may run.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;

  /**
   * Whether the state machine's definition and execution data are encrypted with the cell's KMS key.
   *
   * @default false - Step Functions' own encryption
   */
  readonly encryption?: boolean;
}

/**
 * A Standard Step Functions workflow that runs steps in order and, when one fails, runs the compensations of the
 * failed step and of every completed step in reverse order. A compensation that keeps failing is parked (a message
 * with its full context in an encrypted dead-letter queue, and an alarm) and the saga ends FAILED saying so.
 *
 * Create it in a cell (`topology.cell(region)`) for one state machine, or in the topology for one per cell, each
 * calling its local replicas (`SagaTask.replicatedFunction`).
 */
export class Saga extends Construct {
  /** One replica per cell it lives in: one for a saga in a cell, one per region for a replicated saga. */
  public readonly replicas: SagaReplica[];

  /** The step names, in order. */
  public readonly stepNames: string[];

  constructor(scope: Construct, id: string, props: SagaProps) {
    super(scope, id);
    const topology = MultiRegionTopology.of(this);
    const cell = this.node.scopes.find((s): s is RegionalCell => s instanceof RegionalCell);
    const settings = validateSagaProps(this, props);
    this.stepNames = props.steps.map((s) => s.name);
    const cells = cell ? [cell] : topology.cells;
    const names = stateMachineNames(this, topology.serviceName, id, cells.map((c) => c.region));
    names.forEach((name, region) => topology._claimPhysicalName('state machine name', name, this, [region]));
    this.replicas = cells.map((c) => SagaReplica._create(cell ? this : c, cell ? 'Resource' : topology._replicaId(this), c, !cell, props,
      { ...settings, stateMachineName: names.get(c.region)! }));
    topology._contributeToReport(() => ({ cells: this.replicas.map((r) => ({ region: r.region, sagas: [this.node.id] })) }));
  }

  /**
   * The replica in `regionName`.
   *
   * @throws if the saga has no replica there
   */
  public replica(regionName: string): SagaReplica {
    return partInRegion(this, MultiRegionTopology.of(this), this.replicas, regionName, {
      problem: 'the saga has no replica in this region',
      fix: 'use a region the saga lives in, or create the saga in the topology to replicate it in every cell',
    });
  }
}
