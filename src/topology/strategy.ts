import { IConstruct } from 'constructs';
import type { StrategyAlternative, StrategyDefaults, StrategySettings } from './strategy-settings';
import { configError } from '../private/errors';
import { checkNumber } from '../private/validate';

/**
 * Options of a warm standby: the standby cells run, at a reduced provisioned-concurrency floor.
 */
export interface WarmStandbyOptions {
  /**
   * The share of each function's provisioned concurrency floor (`provisionedConcurrency.minCapacity`) kept warm in
   * each standby cell, above 0 and below 1: a standby floor is `ceil(minCapacity × standbyCapacity)`, at least 1.
   * Autoscaling keeps the function's `maxCapacity`, so a standby that takes the traffic scales up on utilization.
   *
   * @default 0.25 (DEFAULT_STANDBY_CAPACITY)
   */
  readonly standbyCapacity?: number;

  /**
   * The concurrency a standby cell must reach to carry the primary's whole load, per function: the recovery-time model
   * counts how long Lambda takes to add what the standby lacks (1,000 execution environments per function every 10 s).
   *
   * @default 1000 (DEFAULT_PEAK_CONCURRENCY) - Lambda's default concurrency quota of a region
   */
  readonly peakConcurrency?: number;
}

/**
 * Options of a pilot light: the standby cells are deployed and wired, with nothing kept warm.
 */
export interface PilotLightOptions {
  /**
   * The concurrency a standby cell must reach to carry the primary's whole load, per function: the recovery-time model
   * counts how long Lambda takes to scale from zero to it (1,000 execution environments per function every 10 s), plus
   * a cold start.
   *
   * @default 1000 (DEFAULT_PEAK_CONCURRENCY) - Lambda's default concurrency quota of a region
   */
  readonly peakConcurrency?: number;
}

/** The strategies, by the name the report gives them. */
enum StrategyKind {
  ACTIVE_ACTIVE = 'active-active',
  HOT_STANDBY = 'hot-standby',
  WARM_STANDBY = 'warm-standby',
  PILOT_LIGHT = 'pilot-light',
}

/** The routings (`FailoverRouting.name`) each strategy works with; the first is a failover's default. */
const ROUTINGS: Record<StrategyKind, string[]> = {
  [StrategyKind.ACTIVE_ACTIVE]: ['latency', 'weighted'],
  [StrategyKind.HOT_STANDBY]: ['active-passive', 'latency', 'weighted'],
  [StrategyKind.WARM_STANDBY]: ['active-passive'],
  [StrategyKind.PILOT_LIGHT]: ['active-passive'],
};

/**
 * The disaster-recovery strategy of a topology: how much of each standby cell runs before it is needed, and how DNS
 * spreads traffic. The four answers of AWS's disaster-recovery guidance, for a serverless topology (backup and restore
 * is what `GlobalTableStore`'s backups already give, with any of them).
 */
export class DisasterRecoveryStrategy {
  /**
   * Every cell serves all the time, at full capacity: a failover's routing defaults to latency (weighted also works),
   * and active-passive routing is refused (it would leave cells idle).
   */
  public static activeActive(): DisasterRecoveryStrategy {
    return new DisasterRecoveryStrategy(StrategyKind.ACTIVE_ACTIVE, {});
  }

  /**
   * Every cell at full capacity, traffic on the primary until it fails (the default, and the library's behaviour
   * before strategies existed): a failover's routing defaults to active-passive; latency and weighted routing also
   * work, since every cell is sized to serve.
   */
  public static hotStandby(): DisasterRecoveryStrategy {
    return new DisasterRecoveryStrategy(StrategyKind.HOT_STANDBY, {});
  }

  /**
   * The standby cells run at a reduced provisioned-concurrency floor (`standbyCapacity`) and scale up when they take
   * the traffic. Routing is active-passive (a failover chain): the standby cells are not sized to share the load.
   */
  public static warmStandby(options: WarmStandbyOptions = {}): DisasterRecoveryStrategy {
    return new DisasterRecoveryStrategy(StrategyKind.WARM_STANDBY, options);
  }

  /**
   * The standby cells are deployed and wired (functions, endpoints, table replicas, health checks, probes) with no
   * provisioned concurrency: nothing is warm, so the first requests after a failover start cold, and Lambda scales the
   * standby from zero. Routing is active-passive (a failover chain).
   */
  public static pilotLight(options: PilotLightOptions = {}): DisasterRecoveryStrategy {
    return new DisasterRecoveryStrategy(StrategyKind.PILOT_LIGHT, options);
  }

  private constructor(private readonly kind: StrategyKind, private readonly options: WarmStandbyOptions) {}

  /** `active-active`, `hot-standby`, `warm-standby` or `pilot-light`. */
  public get name(): string {
    return this.kind;
  }

  /**
   * The strategy's settings for a topology of `regions` (primary first), checked, `defaults` applied.
   * @internal
   */
  public _bind(scope: IConstruct, regions: string[], defaults: StrategyDefaults): StrategySettings {
    const standbyCapacity = this.kind === StrategyKind.PILOT_LIGHT ? 0
      : this.kind === StrategyKind.WARM_STANDBY ? this.warmCapacity(scope, this.options.standbyCapacity ?? defaults.standbyCapacity)
        : 1;
    const peakConcurrency = checkNumber(scope, 'strategy.peakConcurrency', this.options.peakConcurrency ?? defaults.peakConcurrency, {
      min: 1, unit: 'concurrent executions', why: 'the concurrency a standby must reach to carry the whole load',
    });
    const standby = this.kind === StrategyKind.ACTIVE_ACTIVE ? [] : regions.slice(1);
    const active = regions.filter((r) => !standby.includes(r));
    const idle = this.kind === StrategyKind.WARM_STANDBY || this.kind === StrategyKind.PILOT_LIGHT;
    return {
      name: this.kind,
      activeRegions: active,
      standbyRegions: standby,
      routings: ROUTINGS[this.kind],
      standbyCapacity,
      peakConcurrency,
      drillRegions: idle ? active : regions,
      alternatives: alternatives(regions, this.kind === StrategyKind.WARM_STANDBY ? standbyCapacity : defaults.standbyCapacity),
    };
  }

  private warmCapacity(scope: IConstruct, capacity: number): number {
    if (typeof capacity === 'number' && capacity > 0 && capacity < 1) return capacity;
    throw configError(scope, {
      setting: 'strategy.standbyCapacity',
      value: capacity,
      problem: capacity === 1 ? 'a standby at full capacity is a hot standby' : capacity === 0
        ? 'a standby with nothing warm is a pilot light' : 'it is the share of the provisioned concurrency floor a standby keeps',
      allowed: 'a number above 0 and below 1, such as 0.25',
      fix: capacity === 1 ? 'use DisasterRecoveryStrategy.hotStandby()' : capacity === 0
        ? 'use DisasterRecoveryStrategy.pilotLight()' : 'pass the share, e.g. standbyCapacity: 0.25',
    });
  }
}

/** The four strategies over `regions` (primary first), a warm standby keeping `warmCapacity` of the floor. */
function alternatives(regions: string[], warmCapacity: number): StrategyAlternative[] {
  const capacity: Record<StrategyKind, number> = {
    [StrategyKind.ACTIVE_ACTIVE]: 1,
    [StrategyKind.HOT_STANDBY]: 1,
    [StrategyKind.WARM_STANDBY]: warmCapacity,
    [StrategyKind.PILOT_LIGHT]: 0,
  };
  return Object.values(StrategyKind).map((kind) => ({
    name: kind,
    standbyRegions: kind === StrategyKind.ACTIVE_ACTIVE ? [] : regions.slice(1),
    standbyCapacity: capacity[kind],
    routings: [...ROUTINGS[kind]],
  }));
}
