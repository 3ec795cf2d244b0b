import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { BreakerState } from './circuit-breaker';

/** One region's replica of a function. */
export interface RegionTarget {
  /** The region. */
  readonly region: string;
  /** The function to invoke there: a name, `name:alias` or an alias ARN. */
  readonly functionName: string;
}

/**
 * How calls without a routing key pick their first region (a call with `routingKey` always starts at the key's home):
 * - `ordered`: the targets' order, primary first (active-passive); the other regions take calls only on failover.
 * - `round-robin`: each call starts at the next available region in turn (active-active), spreading calls evenly.
 * - `least-outstanding`: each call starts at the available region with the fewest attempts in flight or waiting for
 *   a slot from this invoker (ties in turn), so a slow region gets fewer calls (active-active).
 *
 * Available: the region's circuit breaker lets a call through and no `Retry-After` holds it back. Every call still
 * fails over through every other region, in its own order, behind each region's breaker.
 */
export type RoutingMode = 'ordered' | 'round-robin' | 'least-outstanding';

/**
 * Options of a `FailoverInvoker`, checked when it is constructed: a bad one throws
 * `[FailoverInvoker] invalid <option> <value>: <problem>. Allowed: ... Fix: ...`. Milliseconds are finite numbers up to
 * 2147483647 (Node's longest timer); counts are whole numbers.
 */
export interface FailoverInvokerOptions {
  /** The replicas, in failover preference order (primary first). */
  readonly targets: RegionTarget[];
  /**
   * How calls without a routing key pick their first region: `ordered` (primary first), or spread across the
   * available regions by `round-robin` or `least-outstanding` (see `RoutingMode`).
   * @default 'ordered'
   */
  readonly routing?: RoutingMode;
  /**
   * The Lambda client of a region: custom endpoints (VPC endpoints, FIPS), credentials, a tuned HTTP agent, or a test
   * double. Called once per region, on its first call. Keep the client's own retries off (`maxAttempts: 1`): this
   * invoker does the retrying, across regions.
   * @default - `new LambdaClient({ region, maxAttempts: 1 })`
   */
  readonly clientForRegion?: (region: string) => LambdaClient;
  /**
   * The longest one attempt may take, in milliseconds, from when it has a connection, before it is abandoned.
   * @default 3000
   */
  readonly attemptTimeoutMs?: number;
  /**
   * The longest one call may take, in milliseconds, every attempt, backoff and wait included. `InvokeOptions.deadlineMs`
   * overrides it per call.
   * @default 10000
   */
  readonly deadlineMs?: number;
  /**
   * Retries in a region before moving to the next one.
   * @default 1
   */
  readonly retriesPerRegion?: number;
  /**
   * Base of the exponential backoff between retries in a region (full jitter), in milliseconds.
   * @default 50
   */
  readonly backoffBaseMs?: number;
  /**
   * Cap of the backoff, in milliseconds; a `Retry-After` longer than this moves the call to the next region.
   * @default 1000
   */
  readonly backoffCapMs?: number;
  /**
   * Consecutive failures that open a region's circuit breaker.
   * @default 5
   */
  readonly breakerFailureThreshold?: number;
  /**
   * How long an open breaker stays open before one probe is let through, in milliseconds.
   * @default 30000
   */
  readonly breakerOpenMs?: number;
  /**
   * For idempotent calls only: a first attempt still unanswered after this many milliseconds is also sent to the next
   * region; the first decisive answer (a success, a function error or a caller error) ends the call. At least 1 and
   * shorter than `attemptTimeoutMs` (by then the attempt has timed out, and the call fails over anyway).
   * @default - no hedging
   */
  readonly hedgeAfterMs?: number;
  /**
   * Whether calls are idempotent unless `InvokeOptions.idempotent` says otherwise: the function deduplicates by the
   * call's idempotency key, so a request that may already have run (an attempt that timed out or lost its connection)
   * may be sent again, and hedged.
   * @default false
   */
  readonly idempotent?: boolean;
  /**
   * The retry budget: a token bucket shared by every call (the AWS SDKs' standard retry quota). Every attempt after a
   * call's first takes 5 tokens (10 after a timeout); a success puts back what its retry took, or 1. An empty bucket
   * ends a failing call at once, so an overload does not become a retry storm. 0 turns retries and failover off.
   * @default 500
   */
  readonly retryBudget?: number;
  /**
   * The most attempts in flight to one region. Beyond it an attempt waits here, without its timer running, instead of
   * waiting in the SDK's socket pool, where the wait would be taken for a slow region.
   * @default - the `maxSockets` of the region client's HTTP agent once known, else 50 (the SDK's default)
   */
  readonly maxInFlightPerRegion?: number;
  /**
   * Source of randomness for the jitter (tests make it deterministic).
   * @default Math.random
   */
  readonly random?: () => number;
}

/**
 * What discovery needs of an SSM client: `send` of a `GetParameterCommand`, answered with the parameter's value. An
 * `SSMClient` of `@aws-sdk/client-ssm` is one. Typed by shape rather than as `SSMClient`, so these declarations compile
 * in an app that never installs `@aws-sdk/client-ssm` because it never uses discovery.
 */
export interface ParameterReader {
  /**
   * Sends `command` (a `GetParameterCommand`, built from the app's `@aws-sdk/client-ssm`).
   * @param command the command to send
   */
  send(command: object): Promise<{ readonly Parameter?: { readonly Value?: string } }>;
}

/** Where to find a replicated function through the topology's discovery parameters. */
export interface DiscoveryOptions extends Omit<FailoverInvokerOptions, 'targets'> {
  /** The topology's service name. */
  readonly serviceName: string;
  /** The ReplicatedFunction's construct id. */
  readonly functionId: string;
  /** The caller's own region: the parameters are read there, and nowhere else. */
  readonly region: string;
  /**
   * The SSM client of `region`.
   * @default - `new SSMClient({ region })` from the caller's `@aws-sdk/client-ssm`
   */
  readonly ssmClient?: ParameterReader;
}

/** Options of one invocation. */
export interface InvokeOptions {
  /**
   * Routes the call to the key's home region (rendezvous hashing) instead of the primary, and fails over in the key's
   * own order: keeping a key's writes in one region avoids last-writer-wins conflicts in a global table.
   * @default - the targets' order
   */
  readonly routingKey?: string;
  /**
   * Whether the function deduplicates this call by its idempotency key (see `FailoverInvokerOptions.idempotent`).
   * @default - the invoker's `idempotent`
   */
  readonly idempotent?: boolean;
  /**
   * The call's idempotency key, sent to the function with every attempt (1 to 256 characters): pass the key of the
   * business operation (an order id) so a caller's own retry of the whole call is deduplicated too.
   * @default - a random UUID per call
   */
  readonly idempotencyKey?: string;
  /**
   * The longest this call may take, in milliseconds.
   * @default - the invoker's `deadlineMs`
   */
  readonly deadlineMs?: number;
  /**
   * Cancels the call: attempts in flight are aborted and nothing more is sent.
   * @default - not cancellable
   */
  readonly signal?: AbortSignal;
}

/**
 * How one attempt ended: `retryable` (the region failed before running the request: 5xx, 403, 404, refused
 * connection), `throttled` (429), `timeout` and `ambiguous` (no answer in time, or the connection dropped: the
 * request may have run), `cancelled` (cut short: the call ended, its deadline passed, or another region answered).
 */
export type AttemptOutcome =
  | 'success' | 'retryable' | 'throttled' | 'timeout' | 'ambiguous' | 'cancelled' | 'caller-error' | 'function-error';

/** How one attempt ended. */
export interface AttemptRecord {
  readonly region: string;
  readonly outcome: AttemptOutcome;
  readonly error?: string;
  /** From when the attempt had a connection slot to its end, in milliseconds. */
  readonly durationMs: number;
  /** How long the attempt waited for a connection slot to the region (local saturation), in milliseconds. */
  readonly queuedMs: number;
}

/** A successful invocation. */
export interface InvokeResult {
  /** The region that answered. */
  readonly region: string;
  /** The function's response, parsed as JSON when it is JSON. */
  readonly payload: unknown;
  /** The idempotency key every attempt carried. */
  readonly idempotencyKey: string;
  /** Every attempt, in order. */
  readonly attempts: AttemptRecord[];
}

/**
 * Why an invocation failed: a caller error or function error (never retried elsewhere), an attempt that may have run
 * for a call not declared idempotent (`ambiguous`), every region failed or unavailable (`exhausted`), the deadline,
 * or the caller's signal.
 */
export type FailureKind = 'caller-error' | 'function-error' | 'ambiguous' | 'exhausted' | 'deadline' | 'aborted';

/** An attempt ended: emitted after every attempt. */
export interface AttemptEvent {
  readonly idempotencyKey: string;
  readonly attempt: AttemptRecord;
}

/** A region's circuit breaker changed state. */
export interface BreakerEvent {
  readonly region: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
  /** When an open breaker lets its probe through; set when `to` is `open`. */
  readonly openUntil?: Date;
}

/** The events of a `FailoverInvoker`, by name. */
export interface InvokerEvents {
  readonly attempt: AttemptEvent;
  readonly breaker: BreakerEvent;
}

/** Why an invocation failed, with every attempt. */
export class FailoverInvokerError extends Error {
  constructor(
    message: string,
    public readonly kind: FailureKind,
    public readonly attempts: AttemptRecord[],
    public readonly idempotencyKey: string,
    public readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'FailoverInvokerError';
  }
}
