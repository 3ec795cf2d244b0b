/**
 * The worst-case failover time of a configuration, and the model behind it (documented in the README):
 *
 * - HTTPS checks. A checker waits `interval` after each response before its next request (Route 53's definition
 *   of RequestInterval), and a request to a dead endpoint fails at worst after the HTTPS limits: 4 s to connect,
 *   then 2 s to answer. A cell that fails just after a good answer is unhealthy to every checker after
 *   `threshold × (interval + 6 s)`. A good answer reflects dependency reads up to the dependency timeout old; a health
 *   cache longer than that adds its excess.
 * - Probe-alarm checks. The probe runs once per period; the failure is seen by the next probe (up to one period),
 *   the alarm needs two breaching periods, and CloudWatch evaluates a period once its data is in (up to one minute).
 * - Then resolvers that cached the old answer keep it for the record's TTL.
 *
 * Not modelled: the time Route 53 takes to carry a status change to its DNS servers (not published; seconds in
 * practice) and resolvers that raise low TTLs (some have floors: clients behind them fail over later).
 */
import type { FailoverTimeEstimate, RecoveryTimeEstimate } from './options';
import { HTTPS_CHECK_TIMEOUT_SECONDS } from '../private/route53-limits';
import { PROBE_ALARM_EVALUATION_PERIODS } from '../replicated-function/probe';
/** CloudWatch evaluates a period once its data has arrived: up to a minute for metrics from logs (EMF). */
export const ALARM_EVALUATION_DELAY_SECONDS = 60;

/** A health check's contribution to the failover time: until a failed cell is unhealthy to Route 53. */
export interface FailureDetection {
  readonly seconds: number;
  /** How `seconds` was computed, e.g. `2 × (10 s interval + 6 s HTTPS timeout)`. */
  readonly formula: string;
}

/**
 * Detection by HTTPS health checks. `cacheSeconds` is how much longer than the dependency timeout the health handler
 * keeps a check's result: an uncached healthy answer may already reflect reads that old, which the model counts as
 * "just after a good answer"; a longer cache lets a stale healthy answer go out that much later.
 */
export function httpsDetection(intervalSeconds: number, failureThreshold: number, cacheSeconds: number = 0): FailureDetection {
  const cache = cacheSeconds > 0 ? ` + ${cacheSeconds} s health cache beyond the dependency timeout` : '';
  return {
    seconds: failureThreshold * (intervalSeconds + HTTPS_CHECK_TIMEOUT_SECONDS) + cacheSeconds,
    formula: `${failureThreshold} × (${intervalSeconds} s interval + ${HTTPS_CHECK_TIMEOUT_SECONDS} s HTTPS timeout)${cache}`,
  };
}

/** Detection by probe-alarm health checks. */
export function probeAlarmDetection(probePeriodSeconds: number): FailureDetection {
  return {
    seconds: probePeriodSeconds * (1 + PROBE_ALARM_EVALUATION_PERIODS) + ALARM_EVALUATION_DELAY_SECONDS,
    formula: `${1 + PROBE_ALARM_EVALUATION_PERIODS} × ${probePeriodSeconds} s probe period + ${ALARM_EVALUATION_DELAY_SECONDS} s alarm evaluation delay`,
  };
}

/** The worst case: detection, then resolvers keep the cached answer for the TTL. */
export function failoverTime(detection: FailureDetection, ttlSeconds: number): FailoverTimeEstimate {
  return {
    detectionSeconds: detection.seconds,
    dnsCacheSeconds: ttlSeconds,
    totalSeconds: detection.seconds + ttlSeconds,
    formula: `${detection.formula} + ${ttlSeconds} s TTL`,
  };
}

/**
 * Lambda adds at most 1,000 execution environments per function every 10 seconds in a region
 * (https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html).
 */
export const LAMBDA_SCALING_STEP = 1000;
export const LAMBDA_SCALING_PERIOD_SECONDS = 10;
/**
 * A new execution environment's Init phase may take up to 10 s before the first request runs
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html): the worst cold start counted.
 */
export const LAMBDA_INIT_LIMIT_SECONDS = 10;

/** What a strategy adds to the recovery time: until a standby cell that takes the traffic carries all of it. */
export interface StrategyRecovery {
  readonly seconds: number;
  /** How `seconds` was computed; empty when the strategy adds nothing. */
  readonly formula: string;
}

/**
 * The strategy's share of the recovery time. A standby with `standbyCapacity` of the floor warm (1 for hot standby
 * and active-active, 0 for a pilot light) lacks `ceil(peak × (1 − standbyCapacity))` environments when the traffic
 * arrives: Lambda adds them in steps of 1,000 every 10 s, and the first request on each new environment waits for its
 * Init phase (up to 10 s). Requests beyond what the standby has yet are throttled (429) meanwhile, which the runtime
 * client retries.
 */
export function strategyRecovery(name: string, standbyCapacity: number, peakConcurrency: number): StrategyRecovery {
  const missing = Math.ceil(peakConcurrency * (1 - standbyCapacity));
  if (missing <= 0) return { seconds: 0, formula: '' };
  const steps = Math.ceil(missing / LAMBDA_SCALING_STEP);
  return {
    seconds: steps * LAMBDA_SCALING_PERIOD_SECONDS + LAMBDA_INIT_LIMIT_SECONDS,
    formula: `${name}: ${steps} × ${LAMBDA_SCALING_PERIOD_SECONDS} s Lambda scaling to ${missing} more environments ` +
      `+ ${LAMBDA_INIT_LIMIT_SECONDS} s cold start`,
  };
}

/** The recovery time: the DNS failover, then the strategy's scale-up. */
export function recoveryTime(failover: FailoverTimeEstimate, strategy: StrategyRecovery): RecoveryTimeEstimate {
  return {
    failoverSeconds: failover.totalSeconds,
    strategySeconds: strategy.seconds,
    totalSeconds: failover.totalSeconds + strategy.seconds,
    formula: strategy.seconds === 0 ? `${failover.formula}` : `${failover.formula} + ${strategy.formula}`,
  };
}
