import { IRole } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FailoverCell } from '../health-checked-failover/health-checked-failover-replica';
import { FunctionReplica } from '../replicated-function/replicated-function-replica';

/**
 * A function that a drill's Lambda faults target in one cell, through the FIS Lambda extension: a replica of one of
 * the drill's `functions`, or the deep health handler of the drill's `failover`. Not exported from the library.
 */
export interface LambdaTarget {
  /** The function: FIS targets it, and the extension is wired into it. */
  readonly function: LambdaFunction;
  /** The alias that FIS qualifies the target with: what callers (and Route 53's checkers) reach. */
  readonly aliasName: string;
  /** The function's role: the extension reads the configuration bucket with it. */
  readonly role: IRole;
  /** The prop that brought the function into the drill, for error messages. */
  readonly setting: string;
  /**
   * Whether the function answers a Route 53 health check: it is invoked every few seconds by many checkers, so it
   * needs no wait for an in-flight poll, and a wait would eat into Route 53's 2-second response limit.
   */
  readonly healthCheck: boolean;
}

/** A replica of one of the drill's replicated functions, qualified by its alias. */
export function replicaTarget(replica: FunctionReplica): LambdaTarget {
  return { function: replica.function, aliasName: replica.alias.aliasName, role: replica.role, setting: 'functions', healthCheck: false };
}

/**
 * The deep health handler of a failover cell, qualified by its alias (named like the service's), or undefined when
 * the failover's health checks have no handler (probe-alarm checks).
 */
export function healthTarget(cell: FailoverCell): LambdaTarget | undefined {
  const fn = cell.healthFunction;
  if (!fn || !cell.healthAlias || !fn.role) return undefined;
  return { function: fn, aliasName: cell.healthAlias.aliasName, role: fn.role, setting: 'failover', healthCheck: true };
}
