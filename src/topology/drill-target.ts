import { Duration } from 'aws-cdk-lib';
import { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * What a region-failure drill (`ChaosExperiments`) may do to a construct, and nothing more: in each region, what
 * to fault (a function behind its alias, or a global table's replica) and which of the construct's alarms guard
 * it; and, for functions, accepting the FIS Lambda extension's wiring. Constructs implement it with internal
 * methods, so the drill never reaches into their replicas; which drill wired a function is the construct's own
 * state. Private to the library: never exported from its index.
 */
export interface IDrillTarget extends IConstruct {
  /**
   * What the drill faults in `region`, or undefined when the construct has nothing to fault there.
   * @internal
   */
  _drillTargetIn(region: string): DrillTargetPart | undefined;

  /**
   * Wires the FIS Lambda extension into the function of `region` (targets with functions only), once: returns undefined once wired, or the path of
   * the drill that already wired it (and changes nothing), so two drills never stack two extensions.
   * @internal
   */
  _acceptDrillExtension?(region: string, wiring: DrillExtensionWiring): string | undefined;
}

/** What a drill faults in one region, and the alarms that watch it. */
export interface DrillTargetPart {
  /** The construct's id, for the reasons a drill gives its stop conditions. */
  readonly name: string;
  /** The construct's region. */
  readonly region: string;
  /** The function a Lambda fault targets, when the target is a function. */
  readonly function?: DrillFunction;
  /** The table replica a replication pause targets, when the target is a global table. */
  readonly table?: DrillTable;
  /** The alarms watching it: a drill chooses its stop conditions among those its fault does not trip on purpose. */
  readonly alarms: DrillAlarms;
}

/** A function that a drill's Lambda faults target through the FIS Lambda extension. */
export interface DrillFunction {
  /** The function's ARN (unqualified): FIS targets it, qualified by `aliasName`. */
  readonly functionArn: string;
  /** The function's L1 resource, for the logical id cdk-nag names in its findings. */
  readonly resource: IConstruct;
  /** The construct path of the function, for error messages. */
  readonly path: string;
  /** The alias FIS qualifies the target with: what callers (and Route 53's checkers) reach. */
  readonly aliasName: string;
  /** The function's role: the extension reads the fault configuration with it. */
  readonly role: IRole;
  /** The function's architecture: the extension's layer is published per architecture. */
  readonly architecture: Architecture;
  /** The function's timeout: a startup delay this long turns every invocation into a timeout. */
  readonly timeout?: Duration;
  /**
   * Whether it answers a Route 53 health check: invoked every few seconds, it needs no wait for an in-flight poll,
   * and a wait would eat into Route 53's 2-second response limit.
   */
  readonly healthCheck: boolean;
}

/** A global table's replica that a drill cuts off. */
export interface DrillTable {
  readonly tableArn: string;
  readonly tableName: string;
  /** Whether the table is a multi-Region strongly consistent global table. */
  readonly strongConsistency: boolean;
}

/** The alarms of a drill target in one region, by what they watch. */
export interface DrillAlarms {
  readonly errors?: IAlarm;
  readonly throttles?: IAlarm;
  readonly duration?: IAlarm;
  readonly deadLetter?: IAlarm;
  readonly probe?: IAlarm;
  readonly systemErrors?: IAlarm;
  readonly replicationLatency?: IAlarm[];
}

/** What the FIS Lambda extension needs in a function. */
export interface DrillExtensionWiring {
  /** The path of the drill that wires it. */
  readonly drillPath: string;
  /** The extension's layer, for the function's architecture. */
  readonly layer: ILayerVersion;
  readonly environment: Record<string, string>;
  /** What the extension may do with the function's role (read its fault). */
  readonly statements: PolicyStatement[];
}

/** What the wiring changes on a function (a `lambda.Function`). */
export interface WirableFunction {
  addLayers(...layers: ILayerVersion[]): void;
  addEnvironment(key: string, value: string): unknown;
  addToRolePolicy(statement: PolicyStatement): void;
}

/**
 * Applies `wiring` to a function once per target and region, remembering the drill in `wired` (the target's own
 * registry): the shared half of `_acceptDrillExtension`.
 */
export function acceptDrillExtension(wired: Map<string, string>, region: string, wiring: DrillExtensionWiring,
  fn: WirableFunction): string | undefined {
  const owner = wired.get(region);
  if (owner !== undefined) return owner;
  wired.set(region, wiring.drillPath);
  fn.addLayers(wiring.layer);
  for (const [name, value] of Object.entries(wiring.environment)) fn.addEnvironment(name, value);
  for (const statement of wiring.statements) fn.addToRolePolicy(statement);
  return undefined;
}
