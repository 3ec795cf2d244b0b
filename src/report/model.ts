import type { IConstruct } from 'constructs';

/**
 * The resilience report's data: what `<serviceName>.resilience.json` holds. Plain data, so it serializes as is.
 */
export interface ReportModel {
  readonly service: string;
  readonly account: string;
  readonly primaryRegion: string;
  readonly regions: string[];
  readonly strategy: StrategyEntry;
  readonly cells: CellEntry[];
  readonly routing: RoutingEntry[];
  /** The ARC Region switch plans that switch the routed names; present only when the topology has one. */
  readonly regionSwitchPlans?: RegionSwitchPlanEntry[];
  readonly stores: StoreEntry[];
  readonly singlePointsOfFailure: SpofEntry[];
  readonly checks: ChecksEntry;
  /** What the topology costs a month with no traffic, at list prices. */
  readonly cost: CostEntry;
  /** Each disaster-recovery strategy side by side for this topology: its standing monthly cost and recovery times. */
  readonly strategyComparison: StrategyComparisonEntry[];
}

/**
 * What the report is made from: the topology's facts and what each of its constructs contributes. Plain values and
 * constructs only, so the report depends on no construct module and every construct on nothing of the report's.
 */
export interface ReportInput {
  readonly service: string;
  readonly account: string;
  readonly primaryRegion: string;
  readonly regions: string[];
  /** The topology's disaster-recovery strategy. */
  readonly strategy: {
    name: string;
    standbyRegions: string[];
    standbyCapacity: number;
    /** The concurrency a standby must reach to carry the whole load (the recovery-time model's input). */
    peakConcurrency: number;
    /** Each of the four strategies as it would apply to the topology. */
    alternatives: { name: string; standbyRegions: string[]; standbyCapacity: number; routings: string[] }[];
  };
  /** The cells, in region order: their stacks are scanned for single points of failure. */
  readonly cells: { region: string; stackName: string; primary: boolean; stack: IConstruct }[];
  /** What the topology's constructs say of themselves, in the order they were created. */
  readonly contributions: ReportContribution[];
  /** The scope the rule pack checks. */
  readonly scope: IConstruct;
  /** Whether to print the short summary on stderr. */
  readonly printSummary: boolean;
}

/**
 * What one construct adds to the report: its part in each cell, the names it routes, the tables it keeps. A construct
 * hands the topology a function returning this, called once at synthesis, when every construct is complete.
 */
export interface ReportContribution {
  readonly cells?: CellContribution[];
  readonly routing?: RoutingEntry[];
  readonly regionSwitchPlans?: RegionSwitchPlanEntry[];
  readonly stores?: StoreEntry[];
  readonly recovery?: RecoveryEntry[];
  /** The health endpoints Route 53's checkers call: what their requests cost. */
  readonly healthLoads?: HealthLoadEntry[];
  /** A name's recovery time under each of the strategies (the comparison). */
  readonly strategyRecoveries?: StrategyRecoveryEntry[];
}

/** A construct's part in one cell. */
export interface CellContribution {
  readonly region: string;
  readonly functions?: FunctionEntry[];
  readonly stores?: string[];
  readonly sagas?: string[];
  readonly drills?: DrillEntry[];
}

/** A replicated function in one cell. */
export interface FunctionEntry {
  readonly name: string;
  readonly alias: string;
  readonly endpoint: boolean;
  readonly probe: boolean;
}

/** What runs in one region. */
export interface CellEntry {
  readonly region: string;
  readonly stackName: string;
  readonly primary: boolean;
  readonly functions: FunctionEntry[];
  readonly stores: string[];
  readonly sagas: string[];
  readonly drills: DrillEntry[];
}

/** A FIS experiment template of a ChaosExperiments drill in one cell. */
export interface DrillEntry {
  readonly action: string;
  readonly stopConditions: string[];
  /** Guardrails past FIS's 5 stop conditions: watch them while the drill runs. */
  readonly alsoWatch: string[];
}

/** A name that DNS fails over, and how fast. */
export interface RoutingEntry {
  readonly recordName: string;
  /** The function whose regional endpoints serve the name. */
  readonly service: string;
  readonly routing: string;
  readonly healthCheck: string;
  readonly regions: string[];
  readonly failoverTime: { detectionSeconds: number; dnsCacheSeconds: number; totalSeconds: number; formula: string };
  readonly recoveryTimeObjectiveSeconds: number | null;
}

/** An ARC Region switch plan: what an operator (or a trigger) runs to switch a routed name between its two regions. */
export interface RegionSwitchPlanEntry {
  readonly planName: string;
  /** The routed name whose records the plan's health checks gate. */
  readonly recordName: string;
  /** The plan's two regions, the primary first. */
  readonly regions: string[];
  /** `activePassive` or `activeActive`. */
  readonly approach: string;
  /** The workflow's steps in order, the traffic step last, e.g. `approve (manual approval)`. */
  readonly steps: string[];
  /** What starts the plan by itself, e.g. `activate us-west-2 when us-east-1-trigger is red`; empty: operators only. */
  readonly triggers: string[];
  /** The regions whose records the plan's health checks gate. */
  readonly gatedRegions: string[];
  readonly recoveryTimeObjectiveMinutes: number;
}

/** A global table and what a region's loss costs it. */
export interface StoreEntry {
  readonly tableName: string;
  readonly consistency: string;
  /** What the configuration gives. */
  readonly recoveryPointObjective: string;
  /** The objective the store was declared to meet (checked at synth against the configuration), null when none. */
  readonly declaredRecoveryPointObjectiveSeconds: number | null;
  readonly regions: string[];
}

/** Something on a runtime path that exists in one region only (or in fewer than all). */
export interface SpofEntry {
  readonly path: string;
  readonly type: string;
  readonly regions: string[];
  readonly reason: string;
}

/** The ResilienceChecks findings on the topology. */
export interface ChecksEntry {
  readonly pack: string;
  readonly errors: number;
  readonly warnings: number;
  readonly findings: { id: string; level: string; path: string }[];
}

/** The disaster-recovery strategy and the recovery time of each name under it. */
export interface StrategyEntry {
  readonly name: string;
  /** The cells that serve only after a failover. */
  readonly standbyRegions: string[];
  /** The share of the provisioned concurrency floor each standby keeps (1 in full, 0 none). */
  readonly standbyCapacity: number;
  readonly recovery: RecoveryEntry[];
}

/** A name's recovery time: its DNS failover plus what the strategy adds until the standby carries the load. */
export interface RecoveryEntry {
  readonly recordName: string;
  readonly failoverSeconds: number;
  readonly strategySeconds: number;
  readonly totalSeconds: number;
  readonly formula: string;
  readonly recoveryTimeObjectiveSeconds: number | null;
}

/** A failover's HTTPS health checks: what decides the load Route 53's checkers put on each cell's health endpoint. */
export interface HealthLoadEntry {
  readonly recordName: string;
  /** The cells whose endpoints are checked. */
  readonly regions: string[];
  /** How many of Route 53's checker regions check (8: all). */
  readonly checkerRegions: number;
  readonly intervalSeconds: number;
  /** How long one deep check answers for. */
  readonly cacheMs: number;
  readonly handlerMemoryMb: number;
  /** The tables each deep check reads. */
  readonly dependencies: number;
  /** The service's memory when each deep check invokes it; undefined when it does not. */
  readonly serviceMemoryMb?: number;
}

/** One line of the monthly cost. */
export interface CostLine {
  readonly kind: 'health-checks' | 'alarms' | 'keys' | 'dashboards' | 'probes' | 'provisioned-concurrency' | 'health-check-requests';
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly monthlyUsd: number;
  /** How it was computed. */
  readonly detail: string;
}

/** The topology's fixed monthly cost and the prices it assumed. */
export interface CostEntry {
  readonly currency: string;
  /** The region whose list prices are assumed. */
  readonly region: string;
  /** When the prices were read. */
  readonly pricesRead: string;
  readonly lines: CostLine[];
  /** Health checks, alarms and keys: the fees that do not depend on any request. */
  readonly fixedFeesUsd: number;
  /** Every line: the fees, dashboards, probes, provisioned concurrency and the health-check request load. */
  readonly monthlyUsd: number;
  readonly prices: { name: string; usd: number; unit: string; source: string }[];
}

/** A name's recovery time if the topology had another strategy. */
export interface StrategyRecoveryEntry {
  readonly recordName: string;
  readonly strategy: string;
  readonly failoverSeconds: number;
  readonly strategySeconds: number;
  readonly totalSeconds: number;
}

/** Provisioned concurrency of one function in one cell under a strategy. */
export interface StrategyFloorEntry {
  readonly functionName: string;
  readonly region: string;
  readonly concurrentExecutions: number;
  readonly monthlyUsd: number;
}

/**
 * One strategy for the topology as configured: what it would cost a month with no traffic, and how long each name
 * would take to recover. Only provisioned concurrency differs between strategies: every cell keeps its health
 * checks, alarms, keys, probes and health endpoint under each of them.
 */
export interface StrategyComparisonEntry {
  readonly strategy: string;
  /** Whether it is the topology's own strategy (its cost is then the report's `cost.monthlyUsd`). */
  readonly current: boolean;
  readonly standbyRegions: string[];
  readonly standbyCapacity: number;
  /** The routings it works with; a failover whose routing is not among them would have to change it. */
  readonly routings: string[];
  /** The failovers whose routing it refuses, with the routing they have. */
  readonly routingChanges: { recordName: string; routing: string }[];
  /** Provisioned concurrency in every cell under it. */
  readonly provisionedConcurrency: StrategyFloorEntry[];
  readonly provisionedConcurrencyUsd: number;
  /** The whole no-traffic cost: the report's total with this strategy's provisioned concurrency in place of the current. */
  readonly monthlyUsd: number;
  /** `monthlyUsd` less the current strategy's. */
  readonly differenceUsd: number;
  readonly recovery: StrategyRecoveryEntry[];
}