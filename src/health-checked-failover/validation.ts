import { Duration, Token } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { httpsFailoverTime, probeAlarmFailoverTime } from './failover-time';
import type { HealthCheckedFailoverProps } from './health-checked-failover';
import { healthPathToken } from './health-route';
import { HEALTHY_MARKER, defaultServiceEvent } from './health-source';
import { FailoverTimeEstimate, HttpsHealthCheckOptions } from './options';
import { configError } from '../private/errors';
import { ReplicatedFunction } from '../replicated-function/replicated-function';
import { requireSameTopology, validateRegionSubset } from '../topology/membership';
import type { MultiRegionTopology } from '../topology/multi-region-topology';

/** Route 53's checker regions; a health check names at least three of them, or all by default. */
const CHECKER_REGIONS = ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'];
/** Route 53 waits 2 s for a response; the handler must answer 503 before that, with room for its own work. */
const MAX_DEPENDENCY_TIMEOUT_MS = 1500;
const MAX_TTL_SECONDS = 60;
/** Route 53 requests a resource path of at most 255 characters; the token takes 33 (`/` and 32 hex digits). */
const MAX_PATH_LENGTH = 255 - 33;
/** Lambda's environment holds 4 KB in all; the service event is one variable of it. */
const MAX_SERVICE_EVENT_LENGTH = 1024;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The deterministic name of a cell's own endpoint, which health checks and records use: `<region>.<recordName>`. */
export function regionalName(region: string, recordName: string): string {
  return `${region}.${recordName}`;
}

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
}

/** Everything the construct needs, validated, with every default applied. */
export interface FailoverSettings {
  readonly zoneName: string;
  readonly recordName: string;
  readonly regions: string[];
  readonly ttlSeconds: number;
  /** Absent for probe-alarm health checks. */
  readonly https?: HttpsSettings;
  readonly failoverTime: FailoverTimeEstimate;
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
 * Checks the props against what Route 53, API Gateway and the topology accept, and the computed failover time against
 * the declared objective. Throws a configuration error naming the setting and its fix.
 */
export function validateFailoverProps(scope: IConstruct, topology: MultiRegionTopology, props: HealthCheckedFailoverProps): FailoverSettings {
  const wording = {
    who: 'a failover',
    allowed: 'a service and dependencies of the failover\'s own topology',
    fix: 'create the HealthCheckedFailover in the topology of its service',
  };
  requireSameTopology(scope, topology, 'service', props.service, props.service.topology, wording);
  (props.dependencies ?? []).forEach((store, i) => requireSameTopology(scope, topology, `dependencies[${i}]`, store, store.topology, wording));
  const zoneName = validateZone(scope, props);
  const recordName = validateRecordName(scope, props.recordName, zoneName);
  const regions = validateRegions(scope, topology, props);
  const ttlSeconds = validateTtl(scope, props.ttl ?? Duration.seconds(5));
  for (const region of regions) requireEndpoint(scope, props.service, region);

  const healthCheck = props.healthCheck;
  let https: HttpsSettings | undefined;
  let failoverTime: FailoverTimeEstimate;
  if (!healthCheck || healthCheck._https) {
    https = validateHttps(scope, healthCheck?._https ?? {}, (salt) =>
      healthPathToken(topology.account, props.service.functionName, scope.node.path, salt));
    failoverTime = httpsFailoverTime(https.intervalSeconds, https.failureThreshold, ttlSeconds);
  } else {
    const periods = regions.map((region) => probePeriodSeconds(scope, props.service, region));
    failoverTime = probeAlarmFailoverTime(Math.max(...periods), ttlSeconds);
  }

  if (props.recoveryTimeObjective) {
    const objective = props.recoveryTimeObjective.toSeconds();
    if (failoverTime.totalSeconds > objective) {
      throw configError(scope, {
        setting: 'recoveryTimeObjective',
        value: props.recoveryTimeObjective.toHumanString(),
        problem: `the worst-case failover of this configuration is ${failoverTime.totalSeconds} s ` +
          `(${failoverTime.formula}), over the objective`,
        allowed: `an objective of at least ${failoverTime.totalSeconds} s, or a faster configuration`,
        fix: fasterConfiguration(https, ttlSeconds, objective),
      });
    }
  }
  return { zoneName, recordName, regions, ttlSeconds, https, failoverTime };
}

/** The settings to change to meet `objective`, most effective first. */
function fasterConfiguration(https: HttpsSettings | undefined, ttlSeconds: number, objective: number): string {
  if (!https) {
    return 'use FailoverHealthCheck.https() (the fastest detection), or declare the objective the probe alarm can meet';
  }
  const steps: string[] = [];
  if (https.intervalSeconds > 10) steps.push('healthCheck interval: Duration.seconds(10)');
  if (https.failureThreshold > 1) steps.push(`a lower failureThreshold (now ${https.failureThreshold})`);
  if (ttlSeconds > 1) steps.push(`a lower ttl (now ${ttlSeconds} s)`);
  const fastest = httpsFailoverTime(10, 1, 0).totalSeconds;
  return steps.length > 0 && fastest <= objective
    ? `set ${steps.join(', ')}; the fastest configuration (10 s interval, threshold 1, ttl 0) fails over in ${fastest} s`
    : `declare an objective of at least ${fastest} s: no DNS failover configuration is faster`;
}

function validateZone(scope: IConstruct, props: HealthCheckedFailoverProps): string {
  if (Token.isUnresolved(props.hostedZoneId) || !/^[A-Z0-9]{1,32}$/.test(props.hostedZoneId)) {
    throw configError(scope, {
      setting: 'hostedZoneId',
      value: props.hostedZoneId,
      problem: 'a Route 53 hosted zone id is upper-case letters and digits, known at synth',
      allowed: 'the id of a public hosted zone, e.g. \'Z0123456789ABCDEFGHIJ\'',
      fix: 'copy the id from the Route 53 console or `aws route53 list-hosted-zones`',
    });
  }
  const zoneName = normalizeName(props.zoneName);
  if (Token.isUnresolved(props.zoneName) || !isDomainName(zoneName)) {
    throw configError(scope, {
      setting: 'zoneName',
      value: props.zoneName,
      problem: 'not a domain name known at synth',
      allowed: 'the hosted zone\'s domain name, e.g. \'example.com\'',
      fix: 'pass the zone\'s name as a literal string',
    });
  }
  return zoneName;
}

function validateRecordName(scope: IConstruct, value: string, zoneName: string): string {
  const name = normalizeName(value);
  if (Token.isUnresolved(value) || !isDomainName(name) || !name.endsWith(`.${zoneName}`)) {
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

function validateRegions(scope: IConstruct, topology: MultiRegionTopology, props: HealthCheckedFailoverProps): string[] {
  const regions = validateRegionSubset(scope, topology, 'regions', props.regions ?? topology.regions, 2, 'failover needs at least two cells');
  const activePassive = props.routing?._activePassive ?? true;
  if (activePassive && regions[0] !== topology.primaryRegion) {
    throw configError(scope, {
      setting: 'regions',
      value: regions,
      problem: 'active-passive failover would have a secondary with no primary: the topology\'s primary region ' +
        `'${topology.primaryRegion}' must hold the PRIMARY record and come first`,
      allowed: `'${topology.primaryRegion}' first, then the secondaries in failover order`,
      fix: `put '${topology.primaryRegion}' first, or use FailoverRouting.latency() for active-active`,
    });
  }
  return regions;
}

function validateTtl(scope: IConstruct, ttl: Duration): number {
  const seconds = ttl.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_TTL_SECONDS) {
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
  const path = options.path ?? '/health';
  if (!/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(path) || path.length > MAX_PATH_LENGTH) {
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
  const interval = options.interval ?? Duration.seconds(10);
  const intervalSeconds = interval.toSeconds({ integral: false });
  if (intervalSeconds !== 10 && intervalSeconds !== 30) {
    throw configError(scope, {
      setting: 'healthCheck.interval',
      value: interval.toHumanString(),
      problem: 'Route 53 checks every 10 or every 30 seconds',
      allowed: 'Duration.seconds(10) or Duration.seconds(30)',
      fix: 'use Duration.seconds(10) for fast failover (the default)',
    });
  }
  const failureThreshold = options.failureThreshold ?? 2;
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1 || failureThreshold > 10) {
    throw configError(scope, {
      setting: 'healthCheck.failureThreshold',
      value: failureThreshold,
      problem: 'Route 53 counts 1 to 10 consecutive failures',
      allowed: 'a whole number from 1 to 10',
      fix: 'use 2 (the default): one lost check is tolerated, the second fails the cell over',
    });
  }
  const searchString = options.searchString ?? HEALTHY_MARKER;
  if (searchString.length > 255) {
    throw configError(scope, {
      setting: 'healthCheck.searchString',
      value: searchString.slice(0, 40) + '...',
      problem: `${searchString.length} characters; Route 53 matches at most 255`,
      allowed: 'up to 255 characters, or an empty string for a status-code-only check',
      fix: 'use the default, which the health handler answers only when healthy',
    });
  }
  const checkerRegions = options.checkerRegions;
  if (checkerRegions && (new Set(checkerRegions).size !== checkerRegions.length || checkerRegions.length < 3 ||
    checkerRegions.some((r) => !CHECKER_REGIONS.includes(r)))) {
    throw configError(scope, {
      setting: 'healthCheck.checkerRegions',
      value: checkerRegions,
      problem: 'Route 53 checks from at least three distinct regions of its own list',
      allowed: CHECKER_REGIONS.map((r) => `'${r}'`).join(', '),
      fix: 'name three or more of those, or leave checkerRegions unset to check from all of them',
    });
  }
  const timeout = options.dependencyTimeout ?? Duration.seconds(1);
  const dependencyTimeoutMs = timeout.toMilliseconds();
  if (dependencyTimeoutMs < 100 || dependencyTimeoutMs > MAX_DEPENDENCY_TIMEOUT_MS) {
    throw configError(scope, {
      setting: 'healthCheck.dependencyTimeout',
      value: timeout.toHumanString(),
      problem: 'the health handler must answer within Route 53\'s 2-second response limit, with room for itself',
      allowed: `100 ms to ${MAX_DEPENDENCY_TIMEOUT_MS} ms`,
      fix: 'use Duration.seconds(1) (the default)',
    });
  }
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
  };
}

function validateServiceEvent(scope: IConstruct, options: HttpsHealthCheckOptions, path: string): string | undefined {
  if (options.checkService === false) return undefined;
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

function requireEndpoint(scope: IConstruct, service: ReplicatedFunction, region: string): void {
  if (!service.replica(region).endpoint) {
    throw configError(scope, {
      setting: 'service',
      value: service.node.path,
      problem: `the replica in ${region} has no regional endpoint for DNS to route to`,
      allowed: 'a ReplicatedFunction with its endpoint enabled',
      fix: 'remove `endpoint: { enabled: false }` from the ReplicatedFunction',
    });
  }
}

function probePeriodSeconds(scope: IConstruct, service: ReplicatedFunction, region: string): number {
  const alarm = service.replica(region).probeAlarm;
  if (!alarm) {
    throw configError(scope, {
      setting: 'healthCheck',
      value: 'FailoverHealthCheck.probeAlarm()',
      problem: `the replica in ${region} has no probe, so there is no alarm to check`,
      allowed: 'a ReplicatedFunction with `probe` set, or an HTTPS health check',
      fix: 'set `probe: {}` on the ReplicatedFunction, or use FailoverHealthCheck.https()',
    });
  }
  return (alarm.metric as Metric).period.toSeconds();
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function isDomainName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 200 && labels.length >= 2 && labels.every((label) => LABEL.test(label));
}
