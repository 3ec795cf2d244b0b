/**
 * The internal contract between `DisasterRecoveryStrategy` and the constructs' validation. Not exported from index.ts.
 */

/**
 * The topology's defaults for the strategies' options (topology/defaults.ts).
 */
export interface StrategyDefaults {
  readonly standbyCapacity: number;
  readonly peakConcurrency: number;
}

/**
 * What a strategy sets in each cell, settled: read by each construct's validation, never by its replicas.
 */
export interface StrategySettings {
  /** `active-active`, `hot-standby`, `warm-standby` or `pilot-light`. */
  readonly name: string;
  /** The regions that serve in normal operation (every region, or the primary alone). */
  readonly activeRegions: string[];
  /** The other regions: they serve only after a failover. */
  readonly standbyRegions: string[];
  /** The `FailoverRouting` names the strategy works with; the first is the default. */
  readonly routings: string[];
  /** The share of the provisioned concurrency floor a standby cell keeps: 1 in full, 0 none. */
  readonly standbyCapacity: number;
  /** The concurrency a standby must reach to carry the whole load (the recovery-time model's input). */
  readonly peakConcurrency: number;
  /** Where drills go by default: the regions that serve (a fault in an idle standby moves no traffic). */
  readonly drillRegions: string[];
  /**
   * Each of the four strategies as it would apply to this topology, for the report's side-by-side comparison: the
   * warm standby keeps this strategy's `standbyCapacity` when it is one, else the default share; `peakConcurrency` is
   * this strategy's.
   */
  readonly alternatives: StrategyAlternative[];
}

/** One strategy as it would apply to the topology. */
export interface StrategyAlternative {
  /** `active-active`, `hot-standby`, `warm-standby` or `pilot-light`. */
  readonly name: string;
  /** The regions that would serve only after a failover. */
  readonly standbyRegions: string[];
  /** The share of the provisioned concurrency floor each standby would keep: 1 in full, 0 none. */
  readonly standbyCapacity: number;
  /** The `FailoverRouting` names the strategy works with. */
  readonly routings: string[];
}
