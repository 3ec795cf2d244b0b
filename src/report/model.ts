/**
 * The resilience report's data: what `<serviceName>.resilience.json` holds. Plain data, so it serializes as is.
 */
export interface ReportModel {
  readonly service: string;
  readonly account: string;
  readonly primaryRegion: string;
  readonly regions: string[];
  readonly cells: CellEntry[];
  readonly routing: RoutingEntry[];
  readonly stores: StoreEntry[];
  readonly singlePointsOfFailure: SpofEntry[];
  readonly checks: ChecksEntry;
}

/** What runs in one region. */
export interface CellEntry {
  readonly region: string;
  readonly stackName: string;
  readonly primary: boolean;
  readonly functions: { name: string; alias: string; endpoint: boolean; probe: boolean }[];
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

/** A global table and what a region's loss costs it. */
export interface StoreEntry {
  readonly tableName: string;
  readonly consistency: string;
  readonly recoveryPointObjective: string;
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
