/**
 * The internal contract between the union-like classes of options.ts and the construct: what each class's `_bind`
 * receives and returns, and the names the library derives from the record name. Not exported from index.ts.
 */
import type { Failover, HealthCheckProps } from 'aws-cdk-lib/aws-route53';
import type { IConstruct } from 'constructs';
import type { FailureDetection } from './failover-time';
import type { HttpsHealthCheckOptions } from './options';
import type { HttpsSettings } from './validation';

/** The deterministic name of a cell's own endpoint, which health checks and records use: `<region>.<recordName>`. */
export function regionalName(region: string, recordName: string): string {
  return `${region}.${recordName}`;
}

/** The name of link `level` of the failover chain: the record name itself, then `failover-<level>.<recordName>`. */
export function chainLinkName(level: number, recordName: string): string {
  return level === 0 ? recordName : `failover-${level}.${recordName}`;
}

/** The failback hold-down alarm of a cell, named so its alarm-based health check can name it. */
export function failbackAlarmName(recordName: string, region: string): string {
  return `${recordName}-${region}-failback-hold-down`;
}

/**
 * What a routing needs from the failover to render its records.
 */
export interface FailoverRoutingBinding {
  /** Where errors point. */
  readonly scope: IConstruct;
  readonly primaryRegion: string;
  /** The routed regions, in failover order. */
  readonly regions: string[];
  readonly recordName: string;
  /** A cell's own name. */
  readonly regionalName: (region: string) => string;
}

/**
 * One record set of the routing, a CNAME with the failover's TTL.
 */
export interface FailoverRecordSpec {
  /** The construct id. */
  readonly id: string;
  readonly name: string;
  readonly domainName: string;
  /** The cell that answers, whose health check guards the record; absent for a link of the chain. */
  readonly answeredBy?: string;
  readonly failover?: Failover;
  readonly latencyRegion?: string;
  readonly weight?: number;
  readonly setIdentifier: string;
  readonly comment: string;
}

/**
 * What a health check needs from the failover to render itself.
 */
export interface FailoverHealthCheckBinding {
  /** The HTTPS options, validated, with every default applied. */
  readonly https: (options: HttpsHealthCheckOptions) => HttpsSettings;
  /** The probe alarm of the service's replicas: its name and the longest probe period; fails when a replica has none. */
  readonly probeAlarm: () => { readonly alarmName: string; readonly periodSeconds: number };
}

/**
 * A health check, rendered.
 */
export interface FailoverHealthCheckConfig {
  /** The deep health endpoint each cell serves: HTTPS health checks only. */
  readonly https?: HttpsSettings;
  /** Until a failed cell is unhealthy to Route 53. */
  readonly detection: FailureDetection;
  /** The Route 53 health check of the cell in `region`, whose own name is `fqdn`. */
  readonly healthCheckProps: (region: string, fqdn: string) => HealthCheckProps;
}

