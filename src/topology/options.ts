import type { DisasterRecoveryStrategy } from './strategy';

/**
 * Properties of a `MultiRegionTopology`.
 */
export interface MultiRegionTopologyProps {
  /**
   * The AWS account that every regional cell deploys to.
   *
   * Required and literal: a topology decides at synth time what runs where, so an account taken from
   * the environment at deploy time (`Aws.ACCOUNT_ID`) or a missing `CDK_DEFAULT_ACCOUNT` is an error.
   */
  readonly account: string;

  /**
   * Every region of the topology, the primary included, in failover preference order:
   * when the primary fails, traffic and callers prefer the next region in this list.
   *
   * At least two distinct regions, all in the same AWS partition.
   */
  readonly regions: string[];

  /**
   * The region that holds the topology's global resources (for example the global table) and serves
   * first when every region is healthy. Must be one of `regions`.
   */
  readonly primaryRegion: string;

  /**
   * The service name: the prefix of every cell's stack name (`<serviceName>-<region>`) and of the
   * deterministic names cells use to find each other without cross-region references.
   *
   * Letters, digits and hyphens, starting with a letter, short enough for every name the library derives
   * from it (at most 62 characters: a function's default name `<serviceName>-<id>` has at most 64).
   * Unique per account across the whole app, stages included: two topologies of one account with one
   * service name would write the same stacks and parameters.
   *
   * @default - the construct id
   */
  readonly serviceName?: string;

  /**
   * Whether CloudFormation termination protection is enabled on every cell's stack.
   *
   * A cell is only useful if it exists when another region fails; an accidental `cdk destroy`
   * of one cell silently removes the failover target.
   *
   * @default true
   */
  readonly terminationProtection?: boolean;

  /**
   * Whether the topology creates CloudWatch dashboards: one per cell (`<serviceName>-<region>`: each function's
   * invocations, errors, throttles and p99 duration, each table's throttles and replication latency, each state machine's
   * executions, the health checks, with the thresholds of the alarms that watch them) and one in the primary cell
   * (`<serviceName>-regions`) with every region side by side. Dashboards only read metrics: no deploy-time dependency
   * between regions. CloudWatch bills $3 a month per dashboard after 3 free per account
   * (https://aws.amazon.com/cloudwatch/pricing/): a topology of N regions has N + 1.
   *
   * @default true (DEFAULT_DASHBOARDS)
   */
  readonly dashboards?: boolean;

  /**
   * The disaster-recovery strategy: how much of each standby cell (every cell but the primary) runs before it is
   * needed, which DNS routing a `HealthCheckedFailover` uses by default and accepts, and what the recovery time adds
   * for scaling a standby up. See the README's "Disaster-recovery strategies" table.
   *
   * @default DisasterRecoveryStrategy.hotStandby() (DEFAULT_STRATEGY) - every cell at full capacity, active-passive routing by default
   */
  readonly strategy?: DisasterRecoveryStrategy;
}
