import { Duration, Token } from 'aws-cdk-lib';
import { IHostedZone } from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { FailoverHealthCheckConfig, FailoverRecordSpec, chainLinkName, regionalName } from './binding';
import {
  DEFAULT_CHECK_SERVICE, DEFAULT_DEPENDENCY_TIMEOUT, DEFAULT_FAILURE_THRESHOLD, DEFAULT_HEALTH_CHECK, DEFAULT_HEALTH_PATH,
  DEFAULT_INTERVAL, DEFAULT_ROUTING, DEFAULT_SEARCH_STRING, DEFAULT_TTL, HEALTH_FUNCTION_TIMEOUT, DEFAULT_CACHE_DURATION,
  MAX_CACHE_DURATION,
} from './defaults';
import { recoveryTime as strategyRecoveryTime, strategyRecovery, failoverTime as worstCase, httpsDetection } from './failover-time';
import type { HealthCheckedFailoverProps } from './health-checked-failover';
import { healthPathToken } from './health-route';
import { defaultServiceEvent } from './health-source';
import { FailoverHealthCheck, FailoverRouting, FailoverTimeEstimate, HttpsHealthCheckOptions, RecoveryTimeEstimate } from './options';
import { recordsToDeploy, validateReplacedRouting } from './routing-migration';
import { GlobalTableStore } from '../global-table-store/global-table-store';
import { configError } from '../private/errors';
import {
  DurationRule, checkDomainName, checkIgnored, checkInstance, checkKnownDuration, checkList, checkName, checkNumber,
} from '../private/validate';
import { probeAlarmName } from '../replicated-function/probe';
import { ReplicatedFunction } from '../replicated-function/replicated-function';
import { requireSameTopology, validateRegionSubset } from '../topology/membership';
import type { MultiRegionTopology } from '../topology/multi-region-topology';

/**
 * Route 53's checker regions; a health check names at least three of them, or checks from all by default
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html, `Regions`: a minimum of 3 items,
 * from the valid values listed there).
 */
export const CHECKER_REGIONS = ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'];
/** Route 53 waits 2 s for a response; the handler must answer 503 before that, with room for its own work. */
const MAX_DEPENDENCY_TIMEOUT_MS = 1500;
const MAX_TTL_SECONDS = 60;
/** Route 53 requests a resource path of at most 255 characters; the token takes 33 (`/` and 32 hex digits). */
const MAX_PATH_LENGTH = 255 - 33;
/** Lambda's environment holds 4 KB in all; the service event is one variable of it. */
const MAX_SERVICE_EVENT_LENGTH = 1024;
/** ACM limits a certificate's first domain name (its CN), here the record name, to 64 characters. */
const MAX_CERTIFICATE_NAME_LENGTH = 64;
/** DNS's limit for a whole name, which the cells' own names and the chain's links must keep. */
const MAX_DNS_NAME_LENGTH = 253;
const LAMBDA_NAME = { maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/, characters: 'letters, digits, hyphens and underscores' };

/** The HTTPS health check, validated, with every default applied. */
export interface HttpsSettings {
  /** The base path, without the token. */
  readonly path: string;
  /** What Route 53 requests and the health route serves: `<path>/<token>`. */
  readonly resourcePath: string;
  /** The path of the previous salt, still served while a rotation moves the health checks. */
  readonly previousResourcePath?: string;
  /** The event the health handler invokes the service with; absent when it does not invoke the service. */
  readonly serviceEvent?: string;
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
  readonly searchString?: string;
  readonly checkerRegions?: string[];
  readonly dependencyTimeoutMs: number;
  /** How long one deep check answers for (0: every request checks). */
  readonly cacheMs: number;
  /** What the cache adds to detection: its excess over the dependency timeout, in whole seconds (rounded up). */
  readonly cacheBeyondTimeoutSeconds: number;
}

/** Everything the construct and its replicas need, validated, with every default applied: they never see props. */
export interface FailoverSettings {
  readonly service: ReplicatedFunction;
  /** The tables the deep health endpoint reads (none with probe-alarm health checks). */
  readonly dependencies: GlobalTableStore[];
  readonly hostedZoneId: string;
  /** In lower case, without a trailing dot. */
  readonly zoneName: string;
  /** In lower case, without a trailing dot. */
  readonly recordName: string;
  /** In failover order. */
  readonly regions: string[];
  readonly ttlSeconds: number;
  readonly routing: FailoverRouting;
  /** The record sets of the routing stack: none while a routing change deletes the deployed ones (`replacedRouting`). */
  readonly records: FailoverRecordSpec[];
  /** The deployed routing whose records this deployment deletes (step 1 of a routing change); undefined otherwise. */
  readonly replacedRouting?: string;
  readonly healthCheck: FailoverHealthCheck;
  /** The health check, rendered: its HTTPS settings (the deep health endpoint), detection and Route 53 health checks. */
  readonly check: FailoverHealthCheckConfig;
  /** The name of each cell's health handler. */
  readonly healthFunctionName: string;
  readonly failoverTime: FailoverTimeEstimate;
  /** The failover time plus what the topology's strategy adds. */
  readonly recoveryTime: RecoveryTimeEstimate;
  readonly recoveryTimeObjective?: Duration;
  /** Undefined: no hold-down. */
  readonly failbackHoldDownMinutes?: number;
}

/** The failover of each service and of each name already declared: a second one would collide at deploy time. */
const FAILOVER_OF_SERVICE = new WeakMap<ReplicatedFunction, string>();
const FAILOVER_OF_NAME = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Claims `service` and `recordName` for the failover at `scope`: one failover per service (its health route and
 * custom domains would be created twice on the same endpoint) and one per name in a topology (two record sets).
 */
export function claimFailover(scope: IConstruct, service: ReplicatedFunction, recordName: string): void {
  const owner = FAILOVER_OF_SERVICE.get(service);
  if (owner) {
    throw configError(scope, {
      setting: 'service',
      value: service.node.path,
      problem: `the service already fails over through ${owner}; its endpoints can carry one health route and one set of custom domains`,
      allowed: 'one HealthCheckedFailover per ReplicatedFunction',
      fix: `use ${owner}, or route this name to another ReplicatedFunction`,
    });
  }
  const names = FAILOVER_OF_NAME.get(service.topology) ?? new Map<string, string>();
  const nameOwner = names.get(recordName);
  if (nameOwner) {
    throw configError(scope, {
      setting: 'recordName',
      value: recordName,
      problem: `${nameOwner} already routes this name; two failovers would write the same record sets`,
      allowed: 'a name no other HealthCheckedFailover of the topology routes',
      fix: 'choose another recordName',
    });
  }
  names.set(recordName, scope.node.path);
  FAILOVER_OF_NAME.set(service.topology, names);
  FAILOVER_OF_SERVICE.set(service, scope.node.path);
}

/**
 * Checks the props against what Route 53, ACM, API Gateway, Lambda and the topology accept, and the computed failover
 * time against the declared objective, and returns the complete settings (every default applied here, once). Throws
 * a configuration error naming the setting and its fix.
 */
export function validateFailoverProps(scope: IConstruct, topology: MultiRegionTopology, props: HealthCheckedFailoverProps): FailoverSettings {
  const wording = {
    who: 'a failover',
    allowed: 'a service and dependencies of the failover\'s own topology',
    fix: 'create the HealthCheckedFailover in the topology of its service',
  };
  const service = props.service;
  requireSameTopology(scope, topology, 'service', service, service.topology, wording);
  const dependencies = [...checkList(scope, 'dependencies', props.dependencies, {
    unique: true, key: (store: GlobalTableStore) => store.node.path, why: 'the health handler reads each table once',
  })];
  dependencies.forEach((store, i) => requireSameTopology(scope, topology, `dependencies[${i}]`, store, store.topology, wording));
  const { hostedZoneId, zoneName } = validateZone(scope, props.hostedZone);
  const regions = validateRegionSubset(scope, topology, 'regions', props.regions ?? topology.regions, 2, 'failover needs at least two cells');
  const recordName = validateRecordName(scope, props.recordName, zoneName, regions);
  const routing = validateRouting(scope, topology, props.routing);
  const records = routing._bind({
    scope, primaryRegion: topology.primaryRegion, regions, recordName, regionalName: (region) => regionalName(region, recordName),
  });
  const replacedRouting = validateReplacedRouting(scope, props.replacedRouting, routing);
  const ttlSeconds = validateTtl(scope, props.ttl ?? DEFAULT_TTL);
  requireEndpoint(scope, service);

  const healthCheck = checkInstance(scope, 'healthCheck', props.healthCheck ?? DEFAULT_HEALTH_CHECK(), FailoverHealthCheck,
    'FailoverHealthCheck.https({...}) or FailoverHealthCheck.probeAlarm()');
  const check = healthCheck._bind({
    https: (options) => validateHttps(scope, options, (salt) => healthPathToken(topology.account, service.functionName, scope.node.path, salt)),
    probeAlarm: () => ({
      alarmName: probeAlarmName(service.functionName),
      periodSeconds: probePeriodSeconds(scope, service),
    }),
  });
  if (!check.https && dependencies.length > 0) {
    throw configError(scope, {
      setting: 'dependencies',
      value: dependencies.map((store) => store.node.path),
      problem: `a ${healthCheck.name} health check never reads them: only the HTTPS health endpoint checks dependencies`,
      allowed: 'dependencies with FailoverHealthCheck.https(), none with FailoverHealthCheck.probeAlarm()',
      fix: 'remove dependencies, or use FailoverHealthCheck.https()',
    });
  }
  const healthFunctionName = `${checkName(scope, 'service.functionName', service.functionName, {
    ...LAMBDA_NAME,
    derived: check.https ? [{ what: 'the health function name', derive: (name) => `${name}-health`, ...LAMBDA_NAME }] : [],
  })}-health`;

  const failoverTime = worstCase(check.detection, ttlSeconds);
  const strategy = topology._strategy;
  const recoveryTime = strategyRecoveryTime(failoverTime, strategyRecovery(strategy.name, strategy.standbyCapacity, strategy.peakConcurrency));
  const recoveryTimeObjective = props.recoveryTimeObjective;
  if (recoveryTimeObjective !== undefined) {
    const objective = knownDuration(scope, 'recoveryTimeObjective', recoveryTimeObjective, {
      unit: 'seconds', why: 'it is compared with the worst-case failover, in whole seconds',
    });
    if (failoverTime.totalSeconds > objective) {
      throw configError(scope, {
        setting: 'recoveryTimeObjective',
        value: recoveryTimeObjective.toHumanString(),
        problem: `the worst-case failover of this configuration is ${failoverTime.totalSeconds} s ` +
          `(${failoverTime.formula}), over the objective`,
        allowed: `an objective of at least ${failoverTime.totalSeconds} s, or a faster configuration`,
        fix: fasterConfiguration(check.https, ttlSeconds, objective),
      });
    }
    if (recoveryTime.totalSeconds > objective) {
      throw configError(scope, {
        setting: 'recoveryTimeObjective',
        value: recoveryTimeObjective,
        problem: `the topology's ${strategy.name} strategy cannot meet it: the worst-case recovery is ${recoveryTime.totalSeconds} s ` +
          `(${failoverTime.totalSeconds} s DNS failover, then ${recoveryTime.strategySeconds} s until the standby carries the load: ` +
          `${recoveryTime.formula})`,
        allowed: `an objective of at least ${recoveryTime.totalSeconds} s with this strategy, or a strategy that keeps more of the standby warm`,
        fix: 'keep more warm (DisasterRecoveryStrategy.warmStandby({ standbyCapacity }) closer to 1, hotStandby() or activeActive(), ' +
          `which add nothing), lower the strategy's peakConcurrency if the load is lower (now ${strategy.peakConcurrency}), or declare an ` +
          `objective of at least ${recoveryTime.totalSeconds} s`,
      });
    }
  }
  const failbackHoldDownMinutes = props.failbackHoldDown === undefined ? undefined
    : knownDuration(scope, 'failbackHoldDown', props.failbackHoldDown, {
      unit: 'minutes',
      min: Duration.minutes(1),
      max: Duration.days(1),
      why: 'the hold-down is one alarm period of whole minutes, kept within a day (a longer one keeps a recovered region out of DNS for days)',
    });
  return {
    service,
    dependencies,
    hostedZoneId,
    zoneName,
    recordName,
    regions,
    ttlSeconds,
    routing,
    records: recordsToDeploy(records, replacedRouting),
    replacedRouting,
    healthCheck,
    check,
    healthFunctionName,
    failoverTime,
    recoveryTime,
    recoveryTimeObjective,
    failbackHoldDownMinutes,
  };
}

/**
 * The routing: given, or the strategy's default; refused when the strategy does not work with it (active-active with
 * a failover chain would leave cells idle; a warm standby or pilot light sharing the load would overload its standby).
 */
function validateRouting(scope: IConstruct, topology: MultiRegionTopology, given: FailoverRouting | undefined): FailoverRouting {
  const strategy = topology._strategy;
  const byName: Record<string, () => FailoverRouting> = {
    'active-passive': DEFAULT_ROUTING,
    'latency': () => FailoverRouting.latency(),
  };
  const routing = checkInstance(scope, 'routing', given ?? byName[strategy.routings[0]](), FailoverRouting,
    'FailoverRouting.activePassive(), FailoverRouting.latency() or FailoverRouting.weighted({ weights })');
  if (!strategy.routings.includes(routing.name)) {
    const factory = (name: string) => `FailoverRouting.${name === 'active-passive' ? 'activePassive()' : name === 'latency' ? 'latency()' : 'weighted({ weights })'}`;
    throw configError(scope, {
      setting: 'routing',
      value: factory(routing.name),
      problem: strategy.name === 'active-active'
        ? 'the topology\'s strategy is active-active, and a failover chain sends all traffic to one cell while the others idle'
        : `the topology's strategy is ${strategy.name}: its standby cells (${strategy.standbyRegions.join(', ')}) are not sized to share the load, ` +
          'so only the primary may serve until it fails',
      allowed: strategy.routings.map(factory).join(' or '),
      fix: strategy.name === 'active-active'
        ? 'remove `routing` (latency by default), or choose DisasterRecoveryStrategy.hotStandby() for active-passive routing over full-size cells'
        : 'remove `routing` (active-passive by default), or choose DisasterRecoveryStrategy.hotStandby() or activeActive() for every cell to serve',
    });
  }
  return routing;
}

/** The settings to change to meet `objective`, most effective first. */
function fasterConfiguration(https: HttpsSettings | undefined, ttlSeconds: number, objective: number): string {
  if (!https) {
    return 'use FailoverHealthCheck.https() (the fastest detection), or declare the objective the probe alarm can meet';
  }
  const steps: string[] = [];
  if (https.intervalSeconds > 10) steps.push('healthCheck interval: Duration.seconds(10)');
  if (https.cacheBeyondTimeoutSeconds > 0) steps.push('healthCheck cacheDuration no longer than the dependency timeout');
  if (https.failureThreshold > 1) steps.push(`a lower failureThreshold (now ${https.failureThreshold})`);
  if (ttlSeconds > 1) steps.push(`a lower ttl (now ${ttlSeconds} s)`);
  const fastest = worstCase(httpsDetection(10, 1), 0).totalSeconds;
  return steps.length > 0 && fastest <= objective
    ? `set ${steps.join(', ')}; the fastest configuration (10 s interval, threshold 1, ttl 0) fails over in ${fastest} s`
    : `declare an objective of at least ${fastest} s: no DNS failover configuration is faster`;
}

/**
 * A duration the failover time is computed from: known at synth, then the shared check (a finite, whole number of
 * `rule.unit`, within its bounds). Returns that number.
 */
function knownDuration(scope: IConstruct, setting: string, duration: Duration, rule: DurationRule): number {
  return checkKnownDuration(scope, setting, duration, { ...rule, computedAtSynth: 'the failover time and the records are computed at synth' });
}

function validateZone(scope: IConstruct, zone: IHostedZone): { hostedZoneId: string; zoneName: string } {
  const fix = 'import the zone with HostedZone.fromHostedZoneAttributes(scope, \'Zone\', { hostedZoneId, zoneName }) or HostedZone.fromLookup';
  if (!zone || typeof zone.hostedZoneId !== 'string') {
    throw configError(scope, {
      setting: 'hostedZone', value: zone, problem: 'a hosted zone is required', allowed: 'an IHostedZone whose id and name are known at synth', fix,
    });
  }
  const hostedZoneId = zone.hostedZoneId;
  if (Token.isUnresolved(hostedZoneId) || !/^[A-Z0-9]{1,32}$/.test(hostedZoneId)) {
    throw configError(scope, {
      setting: 'hostedZone.hostedZoneId',
      value: Token.isUnresolved(hostedZoneId) ? '<a token>' : hostedZoneId,
      problem: `a Route 53 hosted zone id is upper-case letters and digits, known at synth (${zone.node.path}); every cell ` +
        'and the routing stack write records in the zone, and a zone created in one stack cannot be referenced from the others',
      allowed: 'the id of a public hosted zone, e.g. \'Z0123456789ABCDEFGHIJ\'',
      fix: `${fix}, with the id from the Route 53 console or \`aws route53 list-hosted-zones\``,
    });
  }
  let zoneName: string;
  try {
    zoneName = zone.zoneName;
  } catch {
    // HostedZone.fromHostedZoneId: aws-cdk-lib refuses to read a name it was never given.
    throw configError(scope, {
      setting: 'hostedZone.zoneName',
      value: '<not given>',
      problem: `the zone ${zone.node.path} was imported by id alone, and its name names every record and certificate`,
      allowed: 'a hosted zone whose name is known at synth',
      fix,
    });
  }
  if (Token.isUnresolved(zoneName)) {
    throw configError(scope, {
      setting: 'hostedZone.zoneName',
      value: '<a token>',
      problem: 'the zone\'s name is not known at synth, and every record name, certificate and health check derives from it',
      allowed: 'a hosted zone whose name is a literal string, e.g. \'example.com\'',
      fix,
    });
  }
  return { hostedZoneId, zoneName: checkDomainName(scope, 'hostedZone.zoneName', zoneName) };
}

function validateRecordName(scope: IConstruct, value: string, zoneName: string, regions: string[]): string {
  if (Token.isUnresolved(value)) {
    throw configError(scope, {
      setting: 'recordName',
      value: '<a token>',
      problem: 'every cell\'s own name, certificate and record derives from the name at synth',
      allowed: `a literal fully qualified name below the zone, e.g. 'api.${zoneName}'`,
      fix: 'pass the name as a string',
    });
  }
  const name = checkDomainName(scope, 'recordName', value, {
    maxLength: MAX_CERTIFICATE_NAME_LENGTH,
    why: 'the name is the domain name of each cell\'s ACM certificate, which ACM limits to 64 characters',
    minLabels: 2,
    derived: [
      ...regions.map((region) => ({ what: `the cell's own name in ${region}`, derive: (n: string) => regionalName(region, n), maxLength: MAX_DNS_NAME_LENGTH })),
      ...regions.slice(1, -1).map((_, i) => ({
        what: `link ${i + 1} of the failover chain`, derive: (n: string) => chainLinkName(i + 1, n), maxLength: MAX_DNS_NAME_LENGTH,
      })),
    ],
  });
  if (!name.endsWith(`.${zoneName}`)) {
    throw configError(scope, {
      setting: 'recordName',
      value,
      problem: name === zoneName
        ? 'the zone apex cannot hold the CNAME records that failover needs'
        : `not a name inside the zone '${zoneName}'`,
      allowed: `a fully qualified name below the zone, e.g. 'api.${zoneName}'`,
      fix: `name the service below the zone, e.g. 'api.${zoneName}'`,
    });
  }
  return name;
}

function validateTtl(scope: IConstruct, ttl: Duration): number {
  const seconds = knownDuration(scope, 'ttl', ttl, { unit: 'seconds', min: Duration.seconds(0) });
  if (seconds > MAX_TTL_SECONDS) {
    throw configError(scope, {
      setting: 'ttl',
      value: ttl.toHumanString(),
      problem: `resolvers keep a failed cell's answer for the whole TTL, so failover records must not exceed ${MAX_TTL_SECONDS} s`,
      allowed: `whole seconds from 0 to ${MAX_TTL_SECONDS}`,
      fix: 'set ttl: Duration.seconds(5) (the default), or up to Duration.seconds(60)',
    });
  }
  return seconds;
}

function validateHttps(scope: IConstruct, options: HttpsHealthCheckOptions, token: (salt: string) => string): HttpsSettings {
  const path = options.path ?? DEFAULT_HEALTH_PATH;
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(path) || path.length > MAX_PATH_LENGTH) {
    throw configError(scope, {
      setting: 'healthCheck.path',
      value: path,
      problem: 'not a plain route path of its own (the endpoint\'s catch-all route serves the function), or too long ' +
        'for Route 53 once the token is appended',
      allowed: `a path such as '/health' or '/internal/health', without parameters or a trailing slash, up to ${MAX_PATH_LENGTH} characters`,
      fix: 'use the default \'/health\'',
    });
  }
  const salts: [string, string | undefined][] = [['healthCheck.pathSalt', options.pathSalt], ['healthCheck.previousPathSalt', options.previousPathSalt]];
  for (const [setting, salt] of salts) {
    if (salt !== undefined && Token.isUnresolved(salt)) {
      throw configError(scope, {
        setting,
        // The value itself stays out of the message: it is meant to be secret.
        value: '<a token>',
        problem: 'the health path\'s token is computed at synth, so the salt must be known at synth',
        allowed: 'a literal string',
        fix: 'pass the salt as a string, e.g. from an environment variable read when the app synthesizes',
      });
    }
  }
  const salt = options.pathSalt ?? '';
  const resourcePath = `${path}/${token(salt)}`;
  const previous = options.previousPathSalt;
  const previousResourcePath = previous === undefined || previous === salt ? undefined : `${path}/${token(previous)}`;
  const serviceEvent = validateServiceEvent(scope, options, path);
  const interval = options.interval ?? DEFAULT_INTERVAL;
  const intervalSeconds = knownDuration(scope, 'healthCheck.interval', interval, { unit: 'seconds', why: 'Route 53 checks every 10 or every 30 seconds' });
  if (intervalSeconds !== 10 && intervalSeconds !== 30) {
    throw configError(scope, {
      setting: 'healthCheck.interval',
      value: interval.toHumanString(),
      problem: 'Route 53 checks every 10 or every 30 seconds',
      allowed: 'Duration.seconds(10) or Duration.seconds(30)',
      fix: 'use Duration.seconds(10) for fast failover (the default)',
    });
  }
  const failureThreshold = checkNumber(scope, 'healthCheck.failureThreshold', options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD,
    { why: 'Route 53 counts 1 to 10 consecutive failures' });
  if (failureThreshold < 1 || failureThreshold > 10) {
    throw configError(scope, {
      setting: 'healthCheck.failureThreshold',
      value: failureThreshold,
      problem: 'Route 53 counts 1 to 10 consecutive failures',
      allowed: 'a whole number from 1 to 10',
      fix: 'use 2 (the default): one lost check is tolerated, the second fails the cell over',
    });
  }
  const searchString = options.searchString ?? DEFAULT_SEARCH_STRING;
  if (typeof searchString !== 'string' || searchString.length > 255) {
    throw configError(scope, {
      setting: 'healthCheck.searchString',
      value: typeof searchString === 'string' ? searchString.slice(0, 40) + '...' : searchString,
      problem: typeof searchString === 'string' ? `${searchString.length} characters; Route 53 matches at most 255` : 'a string is required',
      allowed: 'up to 255 characters, or an empty string for a status-code-only check',
      fix: 'leave searchString unset for a status-code check (the default), or match \'"status":"healthy"\', which the health handler answers only when healthy',
    });
  }
  const checkerRegions = options.checkerRegions;
  if (checkerRegions !== undefined && (!Array.isArray(checkerRegions) || new Set(checkerRegions).size !== checkerRegions.length ||
    checkerRegions.length < 3 || checkerRegions.some((r) => !CHECKER_REGIONS.includes(r)))) {
    throw configError(scope, {
      setting: 'healthCheck.checkerRegions',
      value: checkerRegions,
      problem: 'Route 53 checks from at least three distinct regions of its own list',
      allowed: CHECKER_REGIONS.map((r) => `'${r}'`).join(', '),
      fix: 'name three or more of those, or leave checkerRegions unset to check from all of them',
    });
  }
  const timeout = options.dependencyTimeout ?? DEFAULT_DEPENDENCY_TIMEOUT;
  const dependencyTimeoutMs = knownDuration(scope, 'healthCheck.dependencyTimeout', timeout, {
    unit: 'millis', why: 'the health handler counts its deadline in milliseconds',
  });
  if (dependencyTimeoutMs < 100 || dependencyTimeoutMs > MAX_DEPENDENCY_TIMEOUT_MS) {
    throw configError(scope, {
      setting: 'healthCheck.dependencyTimeout',
      value: timeout.toHumanString(),
      problem: 'the health handler must answer within Route 53\'s 2-second response limit (and its own ' +
        `${HEALTH_FUNCTION_TIMEOUT.toSeconds()}-second timeout), with room for itself`,
      allowed: `100 ms to ${MAX_DEPENDENCY_TIMEOUT_MS} ms`,
      fix: 'use Duration.seconds(1) (the default)',
    });
  }
  const cacheMs = knownDuration(scope, 'healthCheck.cacheDuration', options.cacheDuration ?? DEFAULT_CACHE_DURATION(timeout), {
    unit: 'millis',
    min: Duration.millis(0),
    max: MAX_CACHE_DURATION,
    why: 'the health handler counts its cache in milliseconds, and a result older than Route 53\'s fast interval would ' +
      'answer for more than one round of checks',
    fix: 'leave cacheDuration unset (the dependency timeout, which adds nothing to the failover time), or ' +
      'Duration.millis(0) to check on every request',
  });
  return {
    path,
    resourcePath,
    previousResourcePath,
    serviceEvent,
    intervalSeconds,
    failureThreshold,
    searchString: searchString === '' ? undefined : searchString,
    checkerRegions,
    dependencyTimeoutMs,
    cacheMs,
    cacheBeyondTimeoutSeconds: Math.max(0, Math.ceil((cacheMs - dependencyTimeoutMs) / 1000)),
  };
}

function validateServiceEvent(scope: IConstruct, options: HttpsHealthCheckOptions, path: string): string | undefined {
  if (!(options.checkService ?? DEFAULT_CHECK_SERVICE)) {
    checkIgnored(scope, 'healthCheck.serviceEvent', options.serviceEvent, {
      because: 'checkService is false, so the health handler never invokes the service',
      allowed: 'a serviceEvent only with checkService true (the default)',
      fix: 'remove serviceEvent, or set checkService to true',
    });
    return undefined;
  }
  const event = options.serviceEvent ?? defaultServiceEvent(path);
  let problem: string | undefined;
  try {
    JSON.parse(event);
  } catch (e) {
    problem = `not JSON (${(e as Error).message})`;
  }
  if (!problem && event.length > MAX_SERVICE_EVENT_LENGTH) {
    problem = `${event.length} characters; the health handler carries it in its environment, which Lambda limits to 4 KB in all`;
  }
  if (problem) {
    throw configError(scope, {
      setting: 'healthCheck.serviceEvent',
      value: event.length > 40 ? event.slice(0, 40) + '...' : event,
      problem,
      allowed: `a JSON document of up to ${MAX_SERVICE_EVENT_LENGTH} characters that the service answers cheaply, without side effects`,
      fix: 'leave serviceEvent unset for an HTTP API GET of the health path, or pass JSON.stringify({...})',
    });
  }
  return event;
}

/**
 * The failover fronts the service through its replicas' endpoints, which the service creates when asked unless its
 * settled settings disable them (identical in every region).
 */
function requireEndpoint(scope: IConstruct, service: ReplicatedFunction): void {
  if (service._settings.endpoint === 'never') {
    throw configError(scope, {
      setting: 'service',
      value: service.node.path,
      problem: 'its replicas have no regional endpoint for DNS to route to: this HealthCheckedFailover fronts the function through ' +
        `its endpoint, and the ReplicatedFunction '${service.node.path}' disables it (endpoint.enabled is false)`,
      allowed: 'a ReplicatedFunction with its endpoint enabled, or endpoint.enabled unset (the failover creates it)',
      fix: 'remove `endpoint: { enabled: false }` from the ReplicatedFunction',
    });
  }
}

/** The probe's period, from the service's settled settings (identical in every region). */
function probePeriodSeconds(scope: IConstruct, service: ReplicatedFunction): number {
  const period = service._settings.probePeriodSeconds;
  if (period === undefined) {
    throw configError(scope, {
      setting: 'healthCheck',
      value: 'FailoverHealthCheck.probeAlarm()',
      problem: 'the service has no probe, so there is no alarm to check',
      allowed: 'a ReplicatedFunction with `probe` set, or an HTTPS health check',
      fix: 'set `probe: {}` on the ReplicatedFunction, or use FailoverHealthCheck.https()',
    });
  }
  return period;
}
