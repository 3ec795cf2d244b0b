import { randomUUID } from 'node:crypto';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Call, CallSettings, RegionState } from './call';
import { BreakerState, CircuitBreaker } from './circuit-breaker';
import { MAX_IDEMPOTENCY_KEY_LENGTH, clientContextFor } from './idempotency';
import { describe, lambdaSdk } from './lambda-sdk';
import { RetryBudget } from './retry-budget';
import { regionsForKey } from './routing';
import {
  DiscoveryOptions, FailoverInvokerOptions, InvokeOptions, InvokeResult, InvokerEvents,
} from './types';
import { functionParameterName, parameterNamespace, topologyParameterName } from '../private/discovery';

/** The SDK's default `maxSockets` per client (NodeHttpHandler). */
const SDK_DEFAULT_MAX_SOCKETS = 50;

type Listeners = { [E in keyof InvokerEvents]: Array<(event: InvokerEvents[E]) => void> };

/**
 * Invokes a replicated function, failing over between its regional replicas.
 *
 * Regions are tried in order (the targets' order, or the routing key's rendezvous order). In each region an attempt has
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
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    const ssmSdk = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
    const ssm = options.ssmClient ?? new ssmSdk.SSMClient({ region: options.region });
    const namespace = parameterNamespace(options.serviceName);
    const read = async (name: string): Promise<string> => {
      const output = await ssm.send(new ssmSdk.GetParameterCommand({ Name: name }));
      return output.Parameter!.Value!;
    };
    const topology = JSON.parse(await read(topologyParameterName(options.serviceName))) as { regions: string[] };
    const aliasArn = await read(functionParameterName(options.serviceName, options.functionId, 'alias-arn'));
    const parts = aliasArn.split(':');
    if (parts.length < 7 || parts[2] !== 'lambda') {
      throw new Error(`FailoverInvoker: invalid alias ARN '${aliasArn}' in ${namespace}: expected arn:<partition>:lambda:<region>:<account>:function:<name>:<alias>.`);
    }
    const targets = topology.regions.map((region) => ({
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
  private readonly listeners: Listeners = { attempt: [], breaker: [] };

  constructor(options: FailoverInvokerOptions) {
    if (!options.targets || options.targets.length === 0) {
      throw new Error('FailoverInvoker: invalid targets []: at least one region is required. Fix: pass the replicas, primary first.');
    }
    const names = options.targets.map((t) => t.region);
    const duplicate = names.find((r, i) => names.indexOf(r) !== i);
    if (duplicate) throw new Error(`FailoverInvoker: invalid targets: region '${duplicate}' is listed twice. Fix: list each region once.`);
    const attemptTimeoutMs = checked('attemptTimeoutMs', options.attemptTimeoutMs, 3000, 1);
    this.deadlineMs = checked('deadlineMs', options.deadlineMs, 10_000, 1);
    this.idempotent = options.idempotent ?? false;
    const breakerFailureThreshold = checked('breakerFailureThreshold', options.breakerFailureThreshold, 5, 1, true);
    const breakerOpenMs = checked('breakerOpenMs', options.breakerOpenMs, 30_000, 0);
    const maxInFlight = options.maxInFlightPerRegion === undefined ? undefined : checked('maxInFlightPerRegion', options.maxInFlightPerRegion, 0, 1, true);
    this.settings = {
      attemptTimeoutMs,
      retriesPerRegion: checked('retriesPerRegion', options.retriesPerRegion, 1, 0, true),
      backoffBaseMs: checked('backoffBaseMs', options.backoffBaseMs, 50, 0),
      backoffCapMs: checked('backoffCapMs', options.backoffCapMs, 1000, 0),
      hedgeAfterMs: options.hedgeAfterMs === undefined ? undefined : checked('hedgeAfterMs', options.hedgeAfterMs, 0, 0),
      random: options.random ?? Math.random,
      budget: new RetryBudget(checked('retryBudget', options.retryBudget, 500, 0)),
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
    const clientForRegion = options.clientForRegion ?? defaultClient;
    for (const target of options.targets) {
      const breaker = new CircuitBreaker(breakerFailureThreshold, breakerOpenMs, (from, to) => emit(this.listeners.breaker, {
        region: target.region, from, to, openUntil: to === 'open' ? new Date(breaker.openUntil!) : undefined,
      }));
      let client: LambdaClient | undefined;
      this.regions.set(target.region, {
        name: target.region,
        functionName: target.functionName,
        breaker,
        client: () => (client ??= clientForRegion(target.region)),
        inFlight: 0,
        maxInFlight: maxInFlight ?? SDK_DEFAULT_MAX_SOCKETS,
        maxInFlightKnown: maxInFlight !== undefined,
        waiting: [],
        throttledUntil: 0,
      });
      this.inOrder.push(this.regions.get(target.region)!);
    }
  }

  /** The state of a region's circuit breaker. */
  public breakerState(region: string): BreakerState {
    return this.region(region).breaker.state;
  }

  /** The regions a call with this routing key tries, in order. */
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
    const idempotencyKey = options.idempotencyKey ?? randomUUID();
    if (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new Error(`FailoverInvoker: invalid idempotencyKey '${idempotencyKey.slice(0, 40)}': it has ${idempotencyKey.length} characters. ` +
        `Allowed: 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH}. Fix: pass a shorter business key (an order id), or none for a random one.`);
    }
    return new Call(this.settings, {
      regions: options.routingKey === undefined ? this.inOrder : this.regionOrder(options.routingKey).map((name) => this.regions.get(name)!),
      body: ENCODER.encode(JSON.stringify(payload ?? {})),
      idempotencyKey,
      clientContext: clientContextFor(idempotencyKey),
      idempotent: options.idempotent ?? this.idempotent,
      deadlineMs: options.deadlineMs === undefined ? this.deadlineMs : checked('deadlineMs', options.deadlineMs, 0, 1),
      signal: options.signal,
    });
  }

  private region(name: string): RegionState {
    const region = this.regions.get(name);
    if (!region) throw new Error(`FailoverInvoker: unknown region '${name}'. Allowed: ${[...this.regions.keys()].join(', ')}.`);
    return region;
  }
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

/** A non-negative number option, or its default; a clear error otherwise. */
function checked(name: string, value: number | undefined, fallback: number, min: number, integer = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`FailoverInvoker: invalid ${name} ${value}: it must be a finite ${integer ? 'integer' : 'number'} >= ${min}. ` +
      `Allowed: ${min} or more${integer ? ', whole' : ''}. Fix: pass a ${integer ? 'whole ' : ''}number of at least ${min}, or leave it out for the default.`);
  }
  return value;
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

function defaultClient(region: string): LambdaClient {
  return new (lambdaSdk().LambdaClient)({ region, maxAttempts: 1 });
}

const ENCODER = new TextEncoder();
