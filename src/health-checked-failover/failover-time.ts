/**
 * The worst-case failover time of a configuration, and the model behind it (documented in the README):
 *
 * - HTTPS checks. A checker waits `interval` after each response before its next request (Route 53's definition
 *   of RequestInterval), and a request to a dead endpoint fails at worst after the HTTPS limits: 4 s to connect,
 *   then 2 s to answer. A cell that fails just after a good answer is unhealthy to every checker after
 *   `threshold × (interval + 6 s)`.
 * - Probe-alarm checks. The probe runs once per period; the failure is seen by the next probe (up to one period),
 *   the alarm needs two breaching periods, and CloudWatch evaluates a period once its data is in (up to one minute).
 * - Then resolvers that cached the old answer keep it for the record's TTL.
 *
 * Not modelled: the time Route 53 takes to carry a status change to its DNS servers (not published; seconds in
 * practice) and resolvers that raise low TTLs (some have floors: clients behind them fail over later).
 */
import { FailoverTimeEstimate } from './options';
import { HTTPS_CHECK_TIMEOUT_SECONDS } from '../private/route53-limits';
import { PROBE_ALARM_EVALUATION_PERIODS } from '../replicated-function/probe';
/** CloudWatch evaluates a period once its data has arrived: up to a minute for metrics from logs (EMF). */
export const ALARM_EVALUATION_DELAY_SECONDS = 60;

/** The worst case with HTTPS health checks. */
export function httpsFailoverTime(intervalSeconds: number, failureThreshold: number, ttlSeconds: number): FailoverTimeEstimate {
  const detection = failureThreshold * (intervalSeconds + HTTPS_CHECK_TIMEOUT_SECONDS);
  return {
    detectionSeconds: detection,
    dnsCacheSeconds: ttlSeconds,
    totalSeconds: detection + ttlSeconds,
    formula: `${failureThreshold} × (${intervalSeconds} s interval + ${HTTPS_CHECK_TIMEOUT_SECONDS} s HTTPS timeout) + ${ttlSeconds} s TTL`,
  };
}

/** The worst case with probe-alarm health checks. */
export function probeAlarmFailoverTime(probePeriodSeconds: number, ttlSeconds: number): FailoverTimeEstimate {
  const detection = probePeriodSeconds * (1 + PROBE_ALARM_EVALUATION_PERIODS) + ALARM_EVALUATION_DELAY_SECONDS;
  return {
    detectionSeconds: detection,
    dnsCacheSeconds: ttlSeconds,
    totalSeconds: detection + ttlSeconds,
    formula: `${1 + PROBE_ALARM_EVALUATION_PERIODS} × ${probePeriodSeconds} s probe period + ${ALARM_EVALUATION_DELAY_SECONDS} s ` +
      `alarm evaluation delay + ${ttlSeconds} s TTL`,
  };
}
