import { randomUUID } from 'node:crypto';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Call, CallSettings, RegionState } from './call';
import { BreakerState, CircuitBreaker } from './circuit-breaker';
import { clientContextFor } from './idempotency';
import { describe } from './lambda-sdk';
import { RetryBudget } from './retry-budget';
import { leastOutstandingOrder, regionsForKey, roundRobinOrder } from './routing';
import {
  DiscoveryOptions, FailoverInvokerOptions, InvokeOptions, InvokeResult, InvokerEvents, RoutingMode,
} from './types';
import {
  serializePayload, validateAliasArnParameter, validateCallDeadline, validateCallIdempotent, validateCallSignal,
  validateDiscoveryOptions, validateIdempotencyKey, validateInvokerOptions,
  validateRoutingKey, validateTopologyParameter,
} from './validation';
import { functionParameterName, topologyParameterName } from '../private/discovery';

type Listeners = { [E in keyof InvokerEvents]: Array<(event: InvokerEvents[E]) => void> };

/**
 * Invokes a replicated function, failing over between its regional replicas.
 *
 * Regions are tried in order: the targets' order, the routing key's rendezvous order, or, when `routing` spreads load,
 * a per-call order starting at the next available region (`round-robin`) or the least busy one (`least-outstanding`).
 * In each region an attempt has
 * a timeout; errors raised before the function ran (throttles, 5xx, a region's 403/404, refused connections) are
 * retried with exponential backoff and full jitter, then the next region is tried. An attempt that may have run (no
 * answer in time, a dropped connection) is sent again, and hedged, only for calls declared idempotent. Caller errors
 * and function errors end the call: they are the same in every region. Each region has a circuit breaker, every call
 * carries one idempotency key (in the Lambda client context), and a call has an overall deadline.
 */
export class FailoverInvoker {
  /**
   * An invoker built from the discovery parameters the library publishes in every cell, read in the caller's own
   * region only: the topology's region order (`/cdk-resilient-serverless/<service>/topology`) and the function's
   * alias ARN (`.../functions/<id>/alias-arn`), whose deterministic name is the same in every region.
   */
  public static async fromDiscovery(options: DiscoveryOptions): Promise<FailoverInvoker> {
    // Every option is checked before the first parameter is read: a bad one fails without a network call.
    validateDiscoveryOptions(options);
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    const ssmSdk = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
    const ssm = options.ssmClient ?? new ssmSdk.SSMClient({ region: options.region });
    const read = async (name: string): Promise<string> => {
      const output = await ssm.send(new ssmSdk.GetParameterCommand({ Name: name }));
      return output.Parameter?.Value ?? '';
    };
    const topologyParameter = topologyParameterName(options.serviceName);
    const regions = validateTopologyParameter(topologyParameter, await read(topologyParameter));
    const aliasParameter = functionParameterName(options.serviceName, options.functionId, 'alias-arn');
    const parts = validateAliasArnParameter(aliasParameter, await read(aliasParameter));
    const targets = regions.map((region) => ({
      region,
      functionName: [...parts.slice(0, 3), region, ...parts.slice(4)].join(':'),
    }));
    return new FailoverInvoker({ ...options, targets });
  }

  private readonly regions = new Map<string, RegionState>();
  /** The regions in the targets' order, for calls without a routing key. */
  private readonly inOrder: RegionState[] = [];
  private readonly settings: CallSettings;
  private readonly deadlineMs: number;
  private readonly idempotent: boolean;
  private readonly routing: RoutingMode;
  /** How many calls without a routing key have picked their order: the round-robin position. */
  private turn = 0;
  private readonly listeners: Listeners = { attempt: [], breaker: [] };

  constructor(options: FailoverInvokerOptions) {
    const settings = validateInvokerOptions(options);
    this.deadlineMs = settings.deadlineMs;
    this.idempotent = settings.idempotent;
    this.routing = settings.routing;
    this.settings = {
      attemptTimeoutMs: settings.attemptTimeoutMs,
      retriesPerRegion: settings.retriesPerRegion,
      backoffBaseMs: settings.backoffBaseMs,
      backoffCapMs: settings.backoffCapMs,
      hedgeAfterMs: settings.hedgeAfterMs,
      random: settings.random,
      budget: new RetryBudget(settings.retryBudget),
      lastClosed: (region) => [...this.regions.values()].every((r) => r === region || r.breaker.state !== 'closed'),
      attemptEnded: (region, attempt, idempotencyKey) => {
        if (!region.maxInFlightKnown) {
          const limit = socketLimit(region.client());
          if (limit !== undefined) {
            region.maxInFlight = limit;
            region.maxInFlightKnown = true;
          }
        }
        if (this.listeners.attempt.length > 0) emit(this.listeners.attempt, { idempotencyKey, attempt });
      },
    };
    for (const target of settings.targets) {
      const breaker = new CircuitBreaker(settings.breakerFailureThreshold, settings.breakerOpenMs, (from, to) => emit(this.listeners.breaker, {
        region: target.region, from, to, openUntil: to === 'open' ? new Date(breaker.openUntil!) : undefined,
      }));
      let client: LambdaClient | undefined;
      const region: RegionState = {
        name: target.region,
        functionName: target.functionName,
        breaker,
        client: () => (client ??= settings.clientForRegion(target.region)),
        inFlight: 0,
        maxInFlight: settings.maxInFlightPerRegion,
        maxInFlightKnown: settings.maxInFlightGiven,
        waiting: [],
        throttledUntil: 0,
      };
      this.regions.set(target.region, region);
      this.inOrder.push(region);
    }
  }

  /** The state of a region's circuit breaker. */
  public breakerState(region: string): BreakerState {
    return this.region(region).breaker.state;
  }

  /**
   * The regions a call with this routing key tries, in order; without a key, the targets' order, which calls follow
   * under `routing: 'ordered'` (under load spreading, each call's order starts where its turn or the load puts it).
   */
  public regionOrder(routingKey?: string): string[] {
    const names = [...this.regions.keys()];
    return routingKey === undefined ? names : regionsForKey(routingKey, names);
  }

  /**
   * Listens to the invoker's events: `attempt` after every attempt (region, outcome, error, duration, time queued),
   * `breaker` when a region's circuit breaker changes state. Returns a function that removes the listener. A listener
   * that throws is reported as a process warning and never fails a call.
   */
  public on<E extends keyof InvokerEvents>(event: E, listener: (event: InvokerEvents[E]) => void): () => void {
    const list = this.listeners[event] as Array<(event: InvokerEvents[E]) => void>;
    list.push(listener);
    return () => {
      const at = list.indexOf(listener);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Invokes the function with `payload` (serialized as JSON), failing over as needed. */
  public invoke(payload: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    // Not an async function: an extra async frame per call is measurable against a loopback call.
    let call: Call;
    try {
      call = this.call(payload, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return call.run();
  }

  private call(payload: unknown, options: InvokeOptions): Call {
    const idempotencyKey = options.idempotencyKey === undefined ? randomUUID() : validateIdempotencyKey(options.idempotencyKey);
    return new Call(this.settings, {
      regions: options.routingKey === undefined ? this.spread()
        : this.regionOrder(validateRoutingKey(options.routingKey)).map((name) => this.regions.get(name)!),
      // A Buffer (a Uint8Array) from Node's pool: cheaper than TextEncoder for the small payloads of most calls.
      body: Buffer.from(serializePayload(payload)),
      idempotencyKey,
      clientContext: clientContextFor(idempotencyKey),
      idempotent: validateCallIdempotent(options.idempotent) ?? this.idempotent,
      deadlineMs: options.deadlineMs === undefined ? this.deadlineMs : validateCallDeadline(options.deadlineMs),
      signal: validateCallSignal(options.signal),
    });
  }

  /** The order of a call without a routing key. */
  private spread(): readonly RegionState[] {
    switch (this.routing) {
      case 'ordered':
        return this.inOrder;
      case 'round-robin':
        return roundRobinOrder(this.inOrder, this.turn++, available);
      case 'least-outstanding':
        return leastOutstandingOrder(this.inOrder, this.turn++, available, outstanding);
    }
  }

  private region(name: string): RegionState {
    const region = this.regions.get(name);
    if (!region) {
      throw new Error(`[FailoverInvoker] unknown region '${name}'. Allowed: ${[...this.regions.keys()].join(', ')}. ` +
        'Fix: ask for one of the regions the invoker was given.');
    }
    return region;
  }
}
/** Whether a spreading call may start at `region`: its breaker lets a call through and no `Retry-After` holds it back. */
function available(region: RegionState): boolean {
  return region.breaker.admits && region.throttledUntil <= Date.now();
}

/** A region's attempts in flight from this invoker, and those waiting for a slot to it. */
function outstanding(region: RegionState): number {
  return region.inFlight + region.waiting.length;
}

function emit<T>(listeners: Array<(event: T) => void>, event: T): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      process.emitWarning(`FailoverInvoker: an event listener threw: ${describe(error)}`);
    }
  }
}

/** The `maxSockets` of the client's HTTP agent, once the SDK has resolved its handler config (after a first request). */
function socketLimit(client: LambdaClient): number | undefined {
  const handler = (client.config as { requestHandler?: { httpHandlerConfigs?: () => Record<string, unknown> } }).requestHandler;
  const configs = typeof handler?.httpHandlerConfigs === 'function' ? handler.httpHandlerConfigs() : undefined;
  const limits = [configs?.httpAgent, configs?.httpsAgent]
    .map((agent) => (agent as { maxSockets?: unknown } | undefined)?.maxSockets)
    .filter((limit): limit is number => typeof limit === 'number' && limit > 0);
  return limits.length === 0 ? undefined : Math.min(...limits);
}

