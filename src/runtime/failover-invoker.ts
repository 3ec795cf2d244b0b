import type { InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { BreakerState, CircuitBreaker } from './circuit-breaker';
import { fullJitterDelay, regionsForKey } from './routing';
import { functionParameterName, parameterNamespace, topologyParameterName } from '../private/discovery';

/** One region's replica of a function. */
export interface RegionTarget {
  /** The region. */
  readonly region: string;
  /** The function to invoke there: a name, `name:alias` or an alias ARN. */
  readonly functionName: string;
}

/** Options of a `FailoverInvoker`. */
export interface FailoverInvokerOptions {
  /** The replicas, in failover preference order (primary first). */
  readonly targets: RegionTarget[];
  /** The Lambda client of a region. Default: `new LambdaClient({ region, maxAttempts: 1 })` (this client does the retrying). */
  readonly clientForRegion?: (region: string) => LambdaClient;
  /** The longest one attempt may take, in milliseconds, before it is abandoned and counted as a failure. Default 3000. */
  readonly attemptTimeoutMs?: number;
  /** Retries in a region before moving to the next one. Default 1. */
  readonly retriesPerRegion?: number;
  /** Base and cap of the exponential backoff between retries (full jitter), in milliseconds. Default 50 and 1000. */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  /** Consecutive failures that open a region's circuit breaker. Default 5. */
  readonly breakerFailureThreshold?: number;
  /** How long an open breaker stays open before one probe is let through, in milliseconds. Default 30000. */
  readonly breakerOpenMs?: number;
  /** When set, a first attempt still unanswered after this many milliseconds is also sent to the next region; the first answer wins. */
  readonly hedgeAfterMs?: number;
  /** Source of randomness for the jitter (tests make it deterministic). Default `Math.random`. */
  readonly random?: () => number;
}

/** Where to find a replicated function through the topology's discovery parameters. */
export interface DiscoveryOptions extends Omit<FailoverInvokerOptions, 'targets'> {
  /** The topology's service name. */
  readonly serviceName: string;
  /** The ReplicatedFunction's construct id. */
  readonly functionId: string;
  /** The caller's own region: the parameters are read there, and nowhere else. */
  readonly region: string;
  /** The SSM client of `region`. Default: `new SSMClient({ region })` from the caller's `@aws-sdk/client-ssm`. */
  readonly ssmClient?: SSMClient;
}

/** Options of one invocation. */
export interface InvokeOptions {
  /**
   * Routes the call to the key's home region (rendezvous hashing) instead of the primary, and fails over in the key's
   * own order: keeping a key's writes in one region avoids last-writer-wins conflicts in a global table.
   */
  readonly routingKey?: string;
}

/** How one attempt ended. */
export interface AttemptRecord {
  readonly region: string;
  readonly outcome: 'success' | 'retryable' | 'caller-error' | 'function-error';
  readonly error?: string;
  readonly durationMs: number;
}

/** A successful invocation. */
export interface InvokeResult {
  /** The region that answered. */
  readonly region: string;
  /** The function's response, parsed as JSON when it is JSON. */
  readonly payload: unknown;
  /** Every attempt, in order. */
  readonly attempts: AttemptRecord[];
}

/** Why an invocation failed: a caller error or function error (never retried elsewhere), or every region exhausted. */
export class FailoverInvokerError extends Error {
  constructor(
    message: string,
    public readonly kind: 'caller-error' | 'function-error' | 'exhausted',
    public readonly attempts: AttemptRecord[],
    public readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'FailoverInvokerError';
  }
}

type Classified = 'retryable' | 'caller-error';

/**
 * Invokes a replicated function, failing over between its regional replicas.
 *
 * Regions are tried in order (the targets' order, or the routing key's rendezvous order). In each region an attempt has
 * a timeout; retryable errors (timeouts, throttles, 5xx, 403/404 of a region, connection failures) are retried with
 * exponential backoff and full jitter, then the next region is tried. Caller errors (400-level request errors) and
 * function errors are the same in every region, so they are never retried elsewhere. Each region has a circuit breaker:
 * no call goes to a region whose breaker is open.
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

  private readonly targets: Map<string, RegionTarget>;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly clients = new Map<string, LambdaClient>();
  private readonly options: Required<Omit<FailoverInvokerOptions, 'hedgeAfterMs' | 'clientForRegion'>> & Pick<FailoverInvokerOptions, 'hedgeAfterMs'>;
  private readonly clientForRegion: (region: string) => LambdaClient;

  constructor(options: FailoverInvokerOptions) {
    if (!options.targets || options.targets.length === 0) {
      throw new Error('FailoverInvoker: invalid targets []: at least one region is required. Fix: pass the replicas, primary first.');
    }
    const regions = options.targets.map((t) => t.region);
    const duplicate = regions.find((r, i) => regions.indexOf(r) !== i);
    if (duplicate) throw new Error(`FailoverInvoker: invalid targets: region '${duplicate}' is listed twice. Fix: list each region once.`);
    this.targets = new Map(options.targets.map((t) => [t.region, t]));
    this.options = {
      targets: options.targets,
      attemptTimeoutMs: options.attemptTimeoutMs ?? 3000,
      retriesPerRegion: options.retriesPerRegion ?? 1,
      backoffBaseMs: options.backoffBaseMs ?? 50,
      backoffCapMs: options.backoffCapMs ?? 1000,
      breakerFailureThreshold: options.breakerFailureThreshold ?? 5,
      breakerOpenMs: options.breakerOpenMs ?? 30_000,
      hedgeAfterMs: options.hedgeAfterMs,
      random: options.random ?? Math.random,
    };
    this.clientForRegion = options.clientForRegion ?? defaultClient;
    for (const region of regions) {
      this.breakers.set(region, new CircuitBreaker(this.options.breakerFailureThreshold, this.options.breakerOpenMs));
    }
  }

  /** The state of a region's circuit breaker. */
  public breakerState(region: string): BreakerState {
    const breaker = this.breakers.get(region);
    if (!breaker) throw new Error(`FailoverInvoker: unknown region '${region}'. Allowed: ${[...this.targets.keys()].join(', ')}.`);
    return breaker.state;
  }

  /** The regions a call with this routing key tries, in order. */
  public regionOrder(routingKey?: string): string[] {
    const regions = [...this.targets.keys()];
    return routingKey === undefined ? regions : regionsForKey(routingKey, regions);
  }

  /** Invokes the function with `payload` (serialized as JSON), failing over as needed. */
  public async invoke(payload: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    const attempts: AttemptRecord[] = [];
    const body = ENCODER.encode(JSON.stringify(payload ?? {}));
    const order = this.regionOrder(options.routingKey);
    let lastError: unknown;
    for (const [index, region] of order.entries()) {
      for (let retry = 0; retry <= this.options.retriesPerRegion; retry++) {
        const breaker = this.breakers.get(region)!;
        if (!breaker.tryAcquire()) break;
        if (retry > 0) await sleep(fullJitterDelay(retry - 1, this.options.backoffBaseMs, this.options.backoffCapMs, this.options.random));
        const hedgeRegion = index === 0 && retry === 0 && this.options.hedgeAfterMs !== undefined ? order[1] : undefined;
        const outcome = hedgeRegion
          ? await this.hedged(region, hedgeRegion, body, attempts)
          : await this.attempt(region, body, attempts);
        if ('result' in outcome) return outcome.result;
        lastError = outcome.error;
        if (outcome.stop) throw outcome.stop;
      }
    }
    throw new FailoverInvokerError(`every region failed (${order.join(', ')}): ${describe(lastError)}`, 'exhausted', attempts, lastError);
  }

  private async hedged(primary: string, secondary: string, body: Uint8Array, attempts: AttemptRecord[]): Promise<AttemptOutcome> {
    const first = this.attempt(primary, body, attempts);
    const delay = new Promise<'hedge'>((resolve) => setTimeout(() => resolve('hedge'), this.options.hedgeAfterMs).unref());
    const early = await Promise.race([first, delay]);
    if (early !== 'hedge') return early;
    const secondBreaker = this.breakers.get(secondary)!;
    if (!secondBreaker.tryAcquire()) return first;
    const second = this.attempt(secondary, body, attempts);
    const winner = await firstSuccess([first, second]);
    return winner;
  }

  private async attempt(region: string, body: Uint8Array, attempts: AttemptRecord[]): Promise<AttemptOutcome> {
    const breaker = this.breakers.get(region)!;
    const started = Date.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.options.attemptTimeoutMs);
    try {
      const { InvokeCommand } = lambdaSdk();
      const output: InvokeCommandOutput = await this.client(region).send(
        new InvokeCommand({ FunctionName: this.targets.get(region)!.functionName, Payload: body }),
        { abortSignal: abort.signal },
      );
      const payload = parsePayload(output.Payload);
      if (output.FunctionError) {
        // The function itself failed: the same code fails the same way in every region. Not the region's fault.
        breaker.recordSuccess();
        attempts.push({ region, outcome: 'function-error', error: output.FunctionError, durationMs: Date.now() - started });
        return {
          error: payload,
          stop: new FailoverInvokerError(`the function failed in ${region} (${output.FunctionError}): ${describe(payload)}`,
            'function-error', attempts, payload),
        };
      }
      breaker.recordSuccess();
      attempts.push({ region, outcome: 'success', durationMs: Date.now() - started });
      return { result: { region, payload, attempts } };
    } catch (error) {
      const kind = abort.signal.aborted ? 'retryable' : classify(error);
      const message = abort.signal.aborted ? `no answer within ${this.options.attemptTimeoutMs} ms` : describe(error);
      attempts.push({ region, outcome: kind, error: message, durationMs: Date.now() - started });
      if (kind === 'caller-error') {
        breaker.recordSuccess();
        return { error, stop: new FailoverInvokerError(`the request was rejected in ${region}: ${message}`, 'caller-error', attempts, error) };
      }
      breaker.recordFailure();
      return { error };
    } finally {
      clearTimeout(timer);
    }
  }

  private client(region: string): LambdaClient {
    let client = this.clients.get(region);
    if (!client) {
      client = this.clientForRegion(region);
      this.clients.set(region, client);
    }
    return client;
  }
}

type AttemptOutcome = { result: InvokeResult } | { error: unknown; stop?: FailoverInvokerError };

/** The first outcome that is a success, else the last to finish. */
async function firstSuccess(outcomes: Promise<AttemptOutcome>[]): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let pending = outcomes.length;
    for (const outcome of outcomes) {
      void outcome.then((o) => {
        pending--;
        if ('result' in o || pending === 0) resolve(o);
      });
    }
  });
}

/**
 * Caller errors are 400-level request errors (bad payload, too large, invalid parameter): the same everywhere.
 * Everything else (throttles, 5xx, a region's 403/404, network failures) is a failure of that region.
 */
function classify(error: unknown): Classified {
  const status: number | undefined = (error as any)?.$metadata?.httpStatusCode;
  if (status === 400 || status === 413 || status === 415) return 'caller-error';
  return 'retryable';
}

function parsePayload(payload: Uint8Array | undefined): unknown {
  if (!payload || payload.length === 0) return undefined;
  const text = DECODER.decode(payload);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
let sdk: typeof import('@aws-sdk/client-lambda') | undefined;

/** The AWS SDK is the caller's (the Node.js Lambda runtimes include it): loaded on first use, never bundled. */
function lambdaSdk(): typeof import('@aws-sdk/client-lambda') {
  // Deliberately not a dependency of this package (see README: the caller provides the SDK).
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  sdk ??= require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
  return sdk;
}

function defaultClient(region: string): LambdaClient {
  return new (lambdaSdk().LambdaClient)({ region, maxAttempts: 1 });
}
