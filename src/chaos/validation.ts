import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { EXTENSION_METRICS, LOG_RETENTION, POLL_MAX_WAIT } from './defaults';
import { DrillFault } from './drill-fault';
import { MAX_STOP_CONDITIONS, trippedAlarms } from './guardrails';
import { DrillTargetKind, KNOWN_ACTIONS, ValidatedFault } from './known-actions';
import type { ChaosExperimentsProps, FisLambdaExtensionOptions } from './options';
import type { HealthCheckedFailover } from '../health-checked-failover/health-checked-failover';
import { configError, renderValue } from '../private/errors';
import { checkLogRetention } from '../private/log-group';
import { checkIgnored, checkInstance, checkList, checkName } from '../private/validate';
import { DrillTargetPart, IDrillTarget } from '../topology/drill-target';
import { requireSameTopology, validateRegionSubset } from '../topology/membership';
import { MultiRegionTopology } from '../topology/multi-region-topology';

/** The FIS Lambda extension's settings, every default applied. */
export interface ExtensionSettings {
  readonly pollMaxWait: Duration;
  /** Undefined leaves the extension's own default. */
  readonly slowPollInterval?: Duration;
  readonly extensionMetrics: boolean;
}

/** The props of a drill, checked and complete: the regional drills read these and never the props. */
export interface ValidatedChaosSettings {
  readonly name: string;
  readonly regions: string[];
  readonly faults: ValidatedFault[];
  /** The drilled functions, as drill targets. */
  readonly functions: IDrillTarget[];
  /** The drilled global tables, as drill targets. */
  readonly stores: IDrillTarget[];
  readonly lambdaExtension?: ExtensionSettings;
  /** The failover whose health handlers the Lambda faults also target. */
  readonly failover?: IDrillTarget;
  /** The user's stop alarms, by region. */
  readonly stopAlarms: Map<string, IAlarm[]>;
  readonly logRetention: RetentionDays;
}

/**
 * `id` is the drill's construct id as given; `replicaId` the id the topology gives its replicas (`id` itself for a direct
 * child of the topology, else its path below the topology joined with '-'), which the drill's name derives from.
 */
export function validateChaosProps(scope: IConstruct, id: string, replicaId: string, topology: MultiRegionTopology,
  props: ChaosExperimentsProps): ValidatedChaosSettings {
  const functions = props.functions ?? [];
  const stores = props.stores ?? [];
  const wording = {
    who: 'a drill',
    allowed: 'replicated functions and stores of the drill\'s own topology',
    fix: 'create the drill in the same topology as what it targets',
  };
  functions.forEach((fn, i) => requireSameTopology(scope, topology, `functions[${i}]`, fn, fn.topology, wording));
  stores.forEach((store, i) => requireSameTopology(scope, topology, `stores[${i}]`, store, store.topology, wording));
  // A target listed twice would be faulted twice by one experiment and wired twice by one drill.
  checkList(scope, 'functions', functions, { unique: true, key: (fn) => fn.node.path, why: 'a drill targets each function once' });
  checkList(scope, 'stores', stores, { unique: true, key: (store) => store.node.path, why: 'a drill targets each table once' });
  if (props.failover) {
    requireSameTopology(scope, topology, 'failover', props.failover, MultiRegionTopology.of(props.failover), {
      who: 'a drill',
      allowed: 'a HealthCheckedFailover of the drill\'s own topology',
      fix: 'create the drill in the same topology as the failover',
    });
  }

  // A warm standby or pilot light serves from the primary alone: a fault in an idle standby moves no traffic, so drills
  // default to the cells that serve, whose failure is what sends traffic to the standby.
  const regions = props.regions ?? topology._strategy.drillRegions;
  regions.forEach((region) => topology.cell(region));
  validateRegionSubset(scope, topology, 'regions', regions, 1, 'a drill needs at least one region');

  const defaults = [
    ...(props.lambdaExtension && functions.length > 0 ? [DrillFault.lambdaInvocationError(), DrillFault.lambdaInvocationDelay()] : []),
    ...(stores.length > 0 ? [DrillFault.pauseReplication()] : []),
  ];
  const requested = props.faults ?? defaults;
  if (requested.length === 0) {
    throw configError(scope, {
      setting: 'faults',
      value: props.faults ?? [],
      problem: props.faults ? 'the list is empty' : 'nothing to drill: no stores, and no functions with the FIS Lambda extension wired',
      allowed: 'at least one DrillFault, with the functions or stores it targets',
      fix: 'pass `stores` (replication pause), or `functions` with `lambdaExtension` (Lambda faults), or explicit `faults`',
    });
  }
  const faults = requested.map((fault, i) => {
    const made = checkInstance(scope, `faults[${i}]`, fault, DrillFault, 'a DrillFault (DrillFault.lambdaInvocationError(), ..., DrillFault.fromActionId(...))');
    return made._bind(scope, `faults[${i}]`);
  });
  faults.forEach((fault, i) => {
    const setting = `faults[${i}]`;
    if (faults.findIndex((other) => other.action === fault.action) !== i) {
      throw configError(scope, {
        setting: `${setting}.actionId`,
        value: fault.action.actionId,
        problem: 'another fault of the drill uses this action, and a drill has one experiment per action and region',
        allowed: 'each action once per drill',
        fix: 'keep one of them, or create a second ChaosExperiments for the other',
      });
    }
    const lambda = fault.action.targetKind === DrillTargetKind.FUNCTIONS;
    if (lambda ? functions.length === 0 : stores.length === 0) {
      throw configError(scope, {
        setting,
        value: fault.action.actionId,
        problem: `the fault targets ${lambda ? 'replicated functions, and `functions` is empty' : 'global tables, and `stores` is empty'}`,
        allowed: lambda ? 'Lambda faults with at least one function' : 'a replication pause with at least one store',
        fix: lambda ? 'pass the functions to drill in `functions`' : 'pass the global tables to drill in `stores`',
      });
    }
    if (lambda && !props.lambdaExtension) {
      throw configError(scope, {
        setting,
        value: fault.action.actionId,
        problem: 'Lambda faults work through the AWS FIS Lambda extension, and `lambdaExtension` is not set: without it ' +
          'the experiment would run and inject nothing',
        allowed: 'Lambda faults with `lambdaExtension` set',
        fix: 'set `lambdaExtension: {}` to wire the extension into the drilled replicas (it publishes a new version of each)',
      });
    }
  });
  if (props.lambdaExtension) validateExtension(scope, props.lambdaExtension, functions.length);
  if (props.failover) validateFailover(scope, props.failover, regions, faults);
  if (!faults.some((fault) => fault.action.targetKind === DrillTargetKind.FUNCTIONS)) {
    checkIgnored(scope, 'lambdaExtension', props.lambdaExtension, {
      because: 'no fault of the drill is a Lambda fault, and only those use the extension (yet every drilled replica would publish a new version with it)',
      allowed: '`lambdaExtension` together with a Lambda fault',
      fix: 'remove `lambdaExtension`, or add a Lambda fault such as DrillFault.lambdaInvocationError() to `faults`',
    });
  }

  const stopAlarms = stopAlarmsByRegion(scope, props.stopAlarms ?? [], regions);
  refuseTrippedStopAlarms(scope, props.stopAlarms ?? [], regions, faults, functions, stores);

  return {
    name: drillName(scope, topology, id, replicaId),
    regions,
    faults,
    functions,
    stores,
    lambdaExtension: props.lambdaExtension ? {
      pollMaxWait: props.lambdaExtension.pollMaxWait ?? POLL_MAX_WAIT,
      slowPollInterval: props.lambdaExtension.slowPollInterval,
      extensionMetrics: props.lambdaExtension.extensionMetrics ?? EXTENSION_METRICS,
    } : undefined,
    failover: props.failover,
    stopAlarms,
    logRetention: checkLogRetention(scope, 'logRetention', props.logRetention ?? LOG_RETENTION),
  };
}

/**
 * A stop alarm the fault trips on purpose (the errors alarm of a function it fails, ...) would stop the experiment as
 * soon as the fault took hold: the drill would never run.
 */
function refuseTrippedStopAlarms(scope: IConstruct, alarms: IAlarm[], regions: string[], faults: ValidatedFault[],
  functions: IDrillTarget[], stores: IDrillTarget[]): void {
  if (alarms.length === 0) return;
  for (const region of regions) {
    const parts = (targets: IDrillTarget[]) =>
      targets.map((t) => t._drillTargetIn(region)).filter((p): p is DrillTargetPart => p !== undefined);
    const functionParts = parts(functions);
    const storeParts = parts(stores);
    for (const fault of faults) {
      const tripped = trippedAlarms({
        action: fault.action,
        parameters: fault.parameters,
        functions: functionParts,
        stores: storeParts,
        strongConsistency: storeParts.some((s) => s.table?.strongConsistency),
      });
      alarms.forEach((alarm, i) => {
        const found = tripped.find((t) => t.alarm === alarm);
        if (!found) return;
        throw configError(scope, {
          setting: `stopAlarms[${i}]`,
          value: alarm.node.path,
          problem: `the ${fault.action.actionId} fault trips this alarm on purpose (${found.reason}), so the experiment ` +
            'would stop itself as soon as the fault took hold',
          allowed: 'alarms the drill\'s faults do not trip: throttles, the health of components the fault must not reach',
          fix: `remove stopAlarms[${i}]: the drill already chooses its guardrails among the alarms its faults do not trip`,
        });
      });
    }
  }
}

/**
 * A failover must give the drill something to fail in a drilled cell: a health handler (HTTPS health checks), a
 * Lambda fault to fail it with, and a drilled region it routes to. Otherwise the prop would add nothing, and the
 * drill could not move DNS while its author expects it to.
 */
function validateFailover(scope: IConstruct, failover: HealthCheckedFailover, regions: string[], faults: ValidatedFault[]): void {
  if (!failover.cells.some((cell) => cell.healthFunction)) {
    throw configError(scope, {
      setting: 'failover',
      value: failover.node.path,
      problem: `its health checks are ${failover.healthCheckKind.name} checks: Route 53 watches each replica's probe ` +
        'alarm, there is no health handler to fail, and the drill would not touch the failover',
      allowed: 'a HealthCheckedFailover with HTTPS health checks (FailoverHealthCheck.https(), the default)',
      fix: 'remove `failover` and put the failover\'s service in `functions`: its probe invokes the faulted alias, so the ' +
        'probe alarm, and with it Route 53, sees the fault (within the probe-alarm failover time); or use HTTPS health checks',
    });
  }
  const routed = regions.filter((region) => failover.regions.includes(region));
  if (routed.length === 0) {
    throw configError(scope, {
      setting: 'failover',
      value: failover.node.path,
      problem: `it routes to ${renderValue(failover.regions)}, none of which the drill covers, so no health handler would fail`,
      allowed: `a failover that routes to at least one drilled region of ${renderValue(regions)}`,
      fix: 'add one of the failover\'s regions to `regions`, or leave `regions` unset to drill every cell',
    });
  }
  if (!faults.some((fault) => fault.action.targetKind === DrillTargetKind.FUNCTIONS)) {
    throw configError(scope, {
      setting: 'failover',
      value: failover.node.path,
      problem: `the drill has no Lambda fault (only ${faults.map((f) => f.action.actionId).join(', ')}), so the health ` +
        'handlers would be wired but never failed, and DNS would not move',
      allowed: 'a failover together with a Lambda fault (and `lambdaExtension`)',
      fix: 'add DrillFault.lambdaInvocationError() to `faults` (with `functions` and `lambdaExtension: {}`), or remove `failover`',
    });
  }
}

function validateExtension(scope: IConstruct, options: FisLambdaExtensionOptions, functionCount: number): void {
  if (functionCount === 0) {
    throw configError(scope, {
      setting: 'lambdaExtension',
      value: options,
      problem: 'there is no function to wire the FIS Lambda extension into',
      allowed: '`lambdaExtension` together with `functions`',
      fix: 'pass the functions to drill in `functions`, or remove `lambdaExtension`',
    });
  }
  const wait = options.pollMaxWait?.toMilliseconds({ integral: false });
  if (wait !== undefined && (!Number.isInteger(wait) || wait < 0)) {
    throw configError(scope, {
      setting: 'lambdaExtension.pollMaxWait',
      // As the user would read it; a NaN or infinite duration has no such form, so it shows as given.
      value: Number.isFinite(options.pollMaxWait!.toMilliseconds({ integral: false })) ? options.pollMaxWait!.toHumanString() : options.pollMaxWait,
      problem: 'AWS_FIS_POLL_MAX_WAIT_MILLISECONDS takes whole milliseconds',
      allowed: 'a whole number of milliseconds, 0 or more',
      fix: 'round the wait to whole milliseconds',
    });
  }
  const interval = options.slowPollInterval?.toSeconds({ integral: false });
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 1)) {
    throw configError(scope, {
      setting: 'lambdaExtension.slowPollInterval',
      // As the user would read it; a NaN or infinite duration has no such form, so it shows as given.
      value: Number.isFinite(options.slowPollInterval!.toMilliseconds({ integral: false }))
        ? options.slowPollInterval!.toHumanString() : options.slowPollInterval,
      problem: 'AWS_FIS_SLOW_POLL_INTERVAL_SECONDS takes whole seconds',
      allowed: 'a whole number of seconds, at least 1',
      fix: 'round the interval to whole seconds',
    });
  }
}

/** The stop alarms by region: an experiment can only be stopped by an alarm of its own region. */
function stopAlarmsByRegion(scope: IConstruct, alarms: IAlarm[], regions: string[]): Map<string, IAlarm[]> {
  const result = new Map<string, IAlarm[]>(regions.map((region) => [region, []]));
  alarms.forEach((alarm, i) => {
    const region = alarmRegion(alarm);
    const list = region === undefined ? undefined : result.get(region);
    if (!list) {
      throw configError(scope, {
        setting: `stopAlarms[${i}]`,
        value: alarm.alarmName && !Token.isUnresolved(alarm.alarmName) ? alarm.alarmName : alarm.node.path,
        problem: region === undefined
          ? 'its region is unknown at synth (a region-agnostic stack or a token ARN)'
          : `it is in ${region}, where the drill has no experiment; FIS documents stop conditions as alarm ARNs with no ` +
            'cross-region use, so an experiment is stopped by alarms of its own region only',
        allowed: `alarms in the drill's regions ${renderValue(regions)}`,
        fix: 'create the alarm in the cell of the region it should stop (topology.cell(region)), or drill that region too',
      });
    }
    list.push(alarm);
    if (list.length > MAX_STOP_CONDITIONS) {
      throw configError(scope, {
        setting: 'stopAlarms',
        value: list.map((a) => a.node.path),
        problem: `FIS accepts at most ${MAX_STOP_CONDITIONS} stop conditions per experiment template, and ${list.length} alarms are in ${region}`,
        allowed: `at most ${MAX_STOP_CONDITIONS} alarms per region`,
        fix: 'combine alarms of one region into fewer (a metric math alarm), or pass only the most telling',
      });
    }
  });
  return result;
}

function alarmRegion(alarm: IAlarm): string | undefined {
  const region = Token.isUnresolved(alarm.alarmArn)
    ? Stack.of(alarm).region
    : Stack.of(alarm).splitArn(alarm.alarmArn, ArnFormat.COLON_RESOURCE_NAME).region;
  return Token.isUnresolved(region) ? undefined : region;
}

/** CloudWatch Logs' log group names (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html). */
const LOG_GROUP_NAME = /^[A-Za-z0-9._\/#-]+$/;
/** FIS tag values (https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html): 256 characters. */
const MAX_TAG_VALUE = 256;

/**
 * The drill's name, `<serviceName>-<replicaId>`: it names the experiments' log group in every cell
 * (`/aws/vendedlogs/fis/<name>`) and each template's Name tag (`<name>-<action>-<region>`), which CloudWatch Logs and
 * FIS check only at deploy time. The id is checked as given, with the parents' part of the replica id in every name
 * derived from it, so the limits it reports are those of the id.
 */
function drillName(scope: IConstruct, topology: MultiRegionTopology, id: string, replicaId: string): string {
  const prefix = `${topology.serviceName}-${replicaId.slice(0, replicaId.length - id.length)}`;
  const longest = (names: string[]) => names.reduce((a, b) => (b.length > a.length ? b : a));
  const longestSuffix = `-${longest(Object.values(KNOWN_ACTIONS).map((a) => a.name))}-${longest(topology.regions)}`;
  checkName(scope, 'id', id, {
    maxLength: 512,
    pattern: /^[A-Za-z0-9._#-]+$/,
    characters: 'letters, digits, periods, hyphens, underscores and #',
    hint: replicaId === id ? undefined
      : `the name begins with the ids of its parents below the topology ('${replicaId.slice(0, replicaId.length - id.length - 1)}'), so shorter or plainer parent ids also fix it`,
    derived: [
      {
        what: 'the experiments\' log group name',
        derive: (name) => `/aws/vendedlogs/fis/${prefix}${name}`,
        maxLength: 512,
        pattern: LOG_GROUP_NAME,
        characters: 'letters, digits and ._/#-',
      },
      {
        what: 'the longest experiment template\'s Name tag',
        derive: (name) => `${prefix}${name}${longestSuffix}`,
        maxLength: MAX_TAG_VALUE,
        pattern: /^.*$/s,
        characters: 'any characters',
      },
    ],
  });
  return `${prefix}${id}`;
}
