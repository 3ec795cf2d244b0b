import { RenderedResource, asList, asNumber, isTrue, literal } from './cfn';
import { NagRuleCompliance } from './nag';
import { HTTPS_CHECK_TIMEOUT_SECONDS } from '../private/route53-limits';

export const RECORD_SET = 'AWS::Route53::RecordSet';
export const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';
export const HEALTH_CHECK = 'AWS::Route53::HealthCheck';

/** The longest TTL a failover record may have: it adds directly to the time clients keep the failed answer. */
export const MAX_FAILOVER_TTL_SECONDS = 60;

/** Route 53's own defaults for a health check that does not set them. */
const DEFAULT_REQUEST_INTERVAL_SECONDS = 30;
const DEFAULT_FAILURE_THRESHOLD = 3;

/** Health check types that probe an endpoint, so detection time is interval x threshold. */
const ENDPOINT_HEALTH_CHECK_TYPES = ['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP'];
/** Route 53 waits up to 10 s for a TCP connection. */
const TCP_CHECK_TIMEOUT_SECONDS = 10;

/** The record sets of a RecordSet (itself) or a RecordSetGroup (its RecordSets), each with a label for messages. */
function recordsOf(resource: RenderedResource): Array<{ record: any; label: string }> {
  if (resource.type === RECORD_SET) return [{ record: resource.properties, label: '' }];
  if (resource.type === RECORD_SET_GROUP) {
    return asList(resource.properties.RecordSets, 'RecordSets').map((record, i) => ({ record: record ?? {}, label: `RecordSets[${i}].` }));
  }
  return [];
}

function has(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Records whose answer Route 53 chooses by routing policy (failover primary, latency, weighted) are only
 * taken out of rotation when unhealthy if they carry a health check, or are aliases that evaluate the
 * health of their target.
 */
export function routingRecordHealthCheck(resource: RenderedResource): NagRuleCompliance {
  const records = recordsOf(resource);
  if (records.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const ok = records.every(({ record, label }) => {
    const failover = literal(record.Failover, `${label}Failover`);
    const routed = failover === 'PRIMARY' || has(record.Region) || has(record.Weight);
    if (!routed || has(record.HealthCheckId)) return true;
    const alias = literal(record.AliasTarget, `${label}AliasTarget`) as any;
    return alias !== undefined && isTrue(alias.EvaluateTargetHealth, `${label}AliasTarget.EvaluateTargetHealth`);
  });
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** Failover records (PRIMARY or SECONDARY) that have a TTL keep it at or below MAX_FAILOVER_TTL_SECONDS. */
export function failoverRecordTtl(resource: RenderedResource): NagRuleCompliance {
  const records = recordsOf(resource);
  if (records.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const ok = records.every(({ record, label }) => {
    const failover = literal(record.Failover, `${label}Failover`);
    if (failover !== 'PRIMARY' && failover !== 'SECONDARY') return true;
    const ttl = asNumber(record.TTL, `${label}TTL`);
    return ttl === undefined || ttl <= MAX_FAILOVER_TTL_SECONDS;
  });
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/**
 * The worst-case time an endpoint health check takes to declare an endpoint unhealthy, in seconds:
 * `FailureThreshold × (RequestInterval + request timeout)`, the timeout being 6 s for HTTP(S) (4 s to connect, 2 s to
 * answer) and 10 s for TCP. Undefined when
 * the check does not probe an endpoint (CALCULATED, CLOUDWATCH_METRIC, RECOVERY_CONTROL).
 */
export function healthCheckDetectionSeconds(resource: RenderedResource): number | undefined {
  if (resource.type !== HEALTH_CHECK) return undefined;
  const config = literal(resource.properties.HealthCheckConfig, 'HealthCheckConfig') as any;
  const type = literal(config?.Type, 'HealthCheckConfig.Type');
  if (typeof type !== 'string' || !ENDPOINT_HEALTH_CHECK_TYPES.includes(type)) return undefined;
  const interval = asNumber(config.RequestInterval, 'HealthCheckConfig.RequestInterval') ?? DEFAULT_REQUEST_INTERVAL_SECONDS;
  const threshold = asNumber(config.FailureThreshold, 'HealthCheckConfig.FailureThreshold') ?? DEFAULT_FAILURE_THRESHOLD;
  // The same model as HealthCheckedFailover's failover time: a checker waits the interval after each response, and a
  // dead endpoint's request fails only at the protocol's limit.
  const timeout = type === 'TCP' ? TCP_CHECK_TIMEOUT_SECONDS : HTTPS_CHECK_TIMEOUT_SECONDS;
  return threshold * (interval + timeout);
}

/** A rule that fails an endpoint health check slower to detect failure than `maxSeconds`. */
export function healthCheckDetectionTime(maxSeconds: number): (resource: RenderedResource) => NagRuleCompliance {
  return (resource) => {
    if (resource.type !== HEALTH_CHECK) return NagRuleCompliance.NOT_APPLICABLE;
    const seconds = healthCheckDetectionSeconds(resource);
    if (seconds === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return seconds <= maxSeconds ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  };
}
