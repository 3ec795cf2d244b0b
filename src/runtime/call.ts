import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CircuitBreaker, REFUSED } from './circuit-breaker';
import { classify, describe, lambdaSdk, parsePayload } from './lambda-sdk';
import { NO_RETRY_INCREMENT, RETRY_COST, RetryBudget, TIMEOUT_RETRY_COST } from './retry-budget';
import { fullJitterDelay } from './routing';
import { AttemptOutcome, AttemptRecord, FailoverInvokerError, FailureKind, InvokeResult } from './types';

/** What an invoker keeps per region, shared by its calls. */
export interface RegionState {
  readonly name: string;
  readonly functionName: string;
  readonly breaker: CircuitBreaker;
  readonly client: () => LambdaClient;
  /** Attempts in flight (at most `maxInFlight`), and the calls waiting for one of them to end. */
  inFlight: number;
  maxInFlight: number;
  /** Whether `maxInFlight` is the option or the client's own socket limit, not the SDK's default. */
  maxInFlightKnown: boolean;
  readonly waiting: Array<() => void>;
  /** Epoch milliseconds before which the region asked not to be called again (`Retry-After` of a 429). */
  throttledUntil: number;
}

/** The invoker's settings and shared state a call works with. */
export interface CallSettings {
  readonly attemptTimeoutMs: number;
  readonly retriesPerRegion: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  readonly hedgeAfterMs?: number;
  readonly random: () => number;
  readonly budget: RetryBudget;
  /** Whether no other region's breaker is closed: then a timeout must not open this one (fail static). */
  readonly lastClosed: (region: RegionState) => boolean;
  /** Called after every attempt: the invoker learns the client's socket limit and emits the attempt event. */
  readonly attemptEnded: (region: RegionState, record: AttemptRecord, key: string) => void;
}

/** What one call asks for. */
export interface CallRequest {
  readonly regions: readonly RegionState[];
  readonly body: Uint8Array;
  readonly idempotencyKey: string;
  readonly clientContext: string;
  readonly idempotent: boolean;
  readonly deadlineMs: number;
  readonly signal?: AbortSignal;
}

/**
 * The SDK's own signal interface (`{ aborted, onabort }`, which its HTTP handlers honour besides the platform's
 * AbortSignal): a plain object per attempt costs nothing, where an AbortController and its event listeners cost about
 * 5% of a loopback call.
 */
interface AttemptSignal {
  aborted: boolean;
  onabort: ((this: AttemptSignal) => void) | null;
}

/** A running attempt: its own signal (one object per attempt, not two). */
interface Running extends AttemptSignal {
  readonly expiresAt: number;
  /** Why it was cut short, if it was. */
  cut?: 'timeout' | 'deadline' | 'aborted' | 'lost';
}

interface Outcome {
  readonly region: RegionState;
  readonly record: AttemptRecord;
  readonly payload?: unknown;
  readonly error?: unknown;
}

const HEDGE = Symbol('hedge');

/** One logical call: its attempts across regions, its deadline, its one timer. */
export class Call {
  private readonly attempts: AttemptRecord[] = [];
  /** Why a region was skipped or left, by region; made on the first note (most calls have none). */
  private notes?: Map<string, string>;
  private readonly deadlineAt: number;
  private readonly running: Running[] = [];
  /** One timer per call: it fires when the earliest running attempt expires, and is re-armed, not re-created. */
  private timer?: NodeJS.Timeout;
  private timerDelay = -1;
  private wake?: () => void;
  private ended?: 'aborted' | 'deadline';
  private lastCost = 0;

  constructor(private readonly settings: CallSettings, private readonly request: CallRequest) {
    this.deadlineAt = Date.now() + request.deadlineMs;
  }

  /** Runs the call: one async frame for the call and one per attempt (each frame costs a loopback call about 0.4%). */
  public run(): Promise<InvokeResult> {
    const signal = this.request.signal;
    if (signal === undefined) return this.tryRegions();
    if (signal.aborted) return Promise.reject(this.failure('aborted', 'the caller aborted the call before it started'));
    // Made only for a call with a signal: most calls have none.
    const onAbort = (): void => this.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const result = this.tryRegions();
    const stopListening = (): void => signal.removeEventListener('abort', onAbort);
    result.then(stopListening, stopListening);
    return result;
  }

  private async tryRegions(): Promise<InvokeResult> {
    try {
      const { regions } = this.request;
      const { retriesPerRegion, budget } = this.settings;
      for (let index = 0; index < regions.length; index++) {
        const region = regions[index];
        for (let retry = 0; retry <= retriesPerRegion; retry++) {
          const waitMs = retry === 0 ? 0 : this.backoff(region, retry);
          if (waitMs < 0) break;
          if (waitMs > 0) await this.pause(Math.min(waitMs, this.deadlineAt - Date.now()));
          this.throwIfEnded();
          if (retry === 0 && region.throttledUntil > Date.now()) {
            this.note(region, `throttled: asked (Retry-After) not to be called before ${iso(region.throttledUntil)}`);
            break;
          }
          const ticket = region.breaker.tryAcquire();
          if (ticket === REFUSED) {
            this.note(region, `circuit breaker open until ${iso(region.breaker.openUntil!)}`);
            break;
          }
          if (!this.spend(this.attempts.length === 0 ? 0 : this.retryCost())) {
            region.breaker.release(ticket);
            this.note(region, 'not tried: the retry budget is empty (too many calls are failing)');
            throw this.failure('exhausted', this.summary('every region tried failed and the retry budget is empty'));
          }
          const hedgeTo = index === 0 && retry === 0 && this.request.idempotent ? this.hedgeTarget() : undefined;
          const outcome = hedgeTo ? await this.hedged(region, ticket, hedgeTo) : await this.attempt(region, ticket);
          switch (outcome.record.outcome) {
            case 'success':
              budget.refund(this.lastCost || NO_RETRY_INCREMENT);
              return { region: outcome.region.name, payload: outcome.payload, idempotencyKey: this.request.idempotencyKey, attempts: this.attempts };
            case 'function-error':
              throw this.failure('function-error',
                `the function failed in ${outcome.region.name} (${outcome.record.error}): ${describe(outcome.payload)}`, outcome.payload);
            case 'caller-error':
              throw this.failure('caller-error', `the request was rejected in ${outcome.region.name}: ${outcome.record.error}`, outcome.error);
            case 'timeout':
            case 'ambiguous':
              if (!this.request.idempotent) {
                throw this.failure('ambiguous',
                  `${outcome.record.error} in ${outcome.region.name}: the request may have run there, and the call is not declared ` +
                  'idempotent, so it is sent nowhere else. Fix: make the function deduplicate by the idempotency key ' +
                  '(idempotencyKeyOf(context)) and pass idempotent: true', outcome.error);
              }
              break;
            case 'cancelled':
              this.throwIfEnded();
              break;
          }
        }
      }
      const reason = this.attempts.length === 0 && [...this.notes?.values() ?? []].every((n) => n.startsWith('circuit breaker open'))
        ? 'every region\'s circuit breaker is open'
        : 'every region failed';
      throw this.failure('exhausted', this.summary(reason));
    } finally {
      if (this.timer) clearTimeout(this.timer);
    }
  }

  /** The wait before a retry in `region`: full jitter, or the region's `Retry-After`; -1 when that is too long. */
  private backoff(region: RegionState, retry: number): number {
    const { backoffBaseMs, backoffCapMs, random } = this.settings;
    const retryAfter = region.throttledUntil - Date.now();
    if (retryAfter > backoffCapMs || retryAfter > this.deadlineAt - Date.now()) {
      this.note(region, `throttled: asked (Retry-After) not to be called before ${iso(region.throttledUntil)}`);
      return -1;
    }
    return Math.max(retryAfter, fullJitterDelay(retry - 1, backoffBaseMs, backoffCapMs, random), 0);
  }

  private note(region: RegionState, note: string): void {
    (this.notes ??= new Map()).set(region.name, note);
  }

  private retryCost(): number {
    const last = this.attempts[this.attempts.length - 1];
    return last?.outcome === 'timeout' ? TIMEOUT_RETRY_COST : RETRY_COST;
  }

  private spend(cost: number): boolean {
    if (cost === 0) return true;
    if (!this.settings.budget.tryTake(cost)) return false;
    this.lastCost = cost;
    return true;
  }

  private hedgeTarget(): RegionState | undefined {
    return this.settings.hedgeAfterMs === undefined ? undefined : this.request.regions[1];
  }

  /** The primary's attempt, and after `hedgeAfterMs` the same request to `second`: the first decisive answer wins. */
  private async hedged(first: RegionState, ticket: number, second: RegionState): Promise<Outcome> {
    const primary = this.attempt(first, ticket);
    let hedgeTimer: NodeJS.Timeout | undefined;
    const early = await Promise.race([primary, new Promise<typeof HEDGE>((resolve) => {
      hedgeTimer = setTimeout(resolve, this.settings.hedgeAfterMs, HEDGE);
    })]);
    clearTimeout(hedgeTimer);
    if (early !== HEDGE) return early;
    if (second.throttledUntil > Date.now()) return primary;
    const secondTicket = second.breaker.tryAcquire();
    if (secondTicket === REFUSED) return primary;
    if (!this.spend(RETRY_COST)) {
      second.breaker.release(secondTicket);
      return primary;
    }
    const attempts = [primary, this.attempt(second, secondTicket)];
    const winner = await new Promise<Outcome>((resolve) => {
      let pending = attempts.length;
      for (const attempt of attempts) {
        void attempt.then((outcome) => {
          pending--;
          if (DECISIVE.has(outcome.record.outcome) || pending === 0) resolve(outcome);
        });
      }
    });
    // The other attempt is cut short; it may have run (hedging is for idempotent calls only).
    for (const running of [...this.running]) this.cut(running, 'lost');
    await Promise.all(attempts);
    return winner;
  }

  private async attempt(region: RegionState, ticket: number): Promise<Outcome> {
    // The slot is taken in the same tick as the check: calls started together must not all see it free.
    const queuedMs = region.inFlight < region.maxInFlight ? (region.inFlight++, 0) : await this.slot(region);
    if (queuedMs < 0) {
      region.breaker.release(ticket);
      return this.record(region, 'cancelled', -queuedMs, Date.now(), `waited ${-queuedMs} ms for a connection slot to the region ` +
        `(${region.inFlight} attempts in flight): the call ended first (local saturation, not counted against the region)`);
    }
    const started = Date.now();
    const running: Running = { aborted: false, onabort: null, expiresAt: Math.min(started + this.settings.attemptTimeoutMs, this.deadlineAt) };
    this.track(running);
    try {
      const output = await region.client().send(new (lambdaSdk().InvokeCommand)({
        FunctionName: region.functionName,
        Payload: this.request.body,
        ClientContext: this.request.clientContext,
      }), { abortSignal: running as unknown as AbortSignal });
      const payload = parsePayload(output.Payload);
      // A function error is the function's, not the region's: the same code fails the same way in every region.
      region.breaker.recordSuccess(ticket);
      return output.FunctionError
        ? this.record(region, 'function-error', queuedMs, started, output.FunctionError, payload)
        : this.record(region, 'success', queuedMs, started, undefined, payload);
    } catch (error) {
      return this.failed(region, ticket, running, error, queuedMs, started);
    } finally {
      this.untrack(running);
      region.inFlight--;
      region.waiting.shift()?.();
    }
  }

  private failed(region: RegionState, ticket: number, running: Running, error: unknown, queuedMs: number, started: number): Outcome {
    const { breaker } = region;
    if (running.cut === 'timeout') {
      breaker.recordFailure(ticket, !this.settings.lastClosed(region));
      return this.record(region, 'timeout', queuedMs, started, `no answer within ${this.settings.attemptTimeoutMs} ms`, undefined, error);
    }
    if (running.cut) {
      breaker.release(ticket);
      return this.record(region, 'cancelled', queuedMs, started, CUT[running.cut], undefined, error);
    }
    const outcome = classify(error);
    if (outcome === 'caller-error') {
      breaker.recordSuccess(ticket);
    } else {
      breaker.recordFailure(ticket);
      const retryAfterSeconds = Number((error as { retryAfterSeconds?: string }).retryAfterSeconds);
      if (outcome === 'throttled' && retryAfterSeconds > 0) region.throttledUntil = Date.now() + retryAfterSeconds * 1000;
    }
    return this.record(region, outcome, queuedMs, started, describe(error), undefined, error);
  }

  private record(region: RegionState, outcome: AttemptOutcome, queuedMs: number, started: number, message?: string,
    payload?: unknown, error?: unknown): Outcome {
    const record: AttemptRecord = { region: region.name, outcome, error: message, durationMs: Date.now() - started, queuedMs };
    this.attempts.push(record);
    this.settings.attemptEnded(region, record, this.request.idempotencyKey);
    return { region, record, payload, error };
  }

  /** Waits for a free slot to `region` and takes it; the milliseconds waited, negative when the call ended first. */
  private async slot(region: RegionState): Promise<number> {
    const since = Date.now();
    while (region.inFlight >= region.maxInFlight) {
      if (this.ended !== undefined || Date.now() >= this.deadlineAt) return -(Date.now() - since) || -1;
      await this.pause(this.deadlineAt - Date.now(), region.waiting);
    }
    region.inFlight++;
    return Date.now() - since;
  }

  /** Sleeps `ms`, or until woken (by a free slot when `queue` is given, or by the caller's abort). */
  private pause(ms: number, queue?: Array<() => void>): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        if (queue) {
          const at = queue.indexOf(done);
          if (at >= 0) queue.splice(at, 1);
        }
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wake = done;
      queue?.push(done);
    });
  }

  private track(running: Running): void {
    this.running.push(running);
    if (this.running.length === 1) this.arm(running.expiresAt - Date.now());
  }

  private untrack(running: Running): void {
    this.running.splice(this.running.indexOf(running), 1);
    // With nothing running the timer may fire for nothing: left armed, the next attempt refreshes it (a cleared
    // timer cannot be refreshed); run() clears it at the end.
    if (this.running.length > 0) this.arm(Math.min(...this.running.map((r) => r.expiresAt)) - Date.now());
  }

  private arm(delay: number): void {
    const ms = Math.max(0, delay);
    if (this.timer && ms === this.timerDelay) {
      this.timer.refresh();
      return;
    }
    clearTimeout(this.timer);
    this.timerDelay = ms;
    this.timer = setTimeout(this.onTimer, ms);
  }

  private readonly onTimer = (): void => {
    const now = Date.now();
    for (const running of [...this.running]) {
      // Timers never fire early, but Date.now() rounds down: allow for the millisecond.
      if (running.expiresAt > now + 1) continue;
      if (running.expiresAt >= this.deadlineAt) this.ended ??= 'deadline';
      this.cut(running, this.ended === 'deadline' ? 'deadline' : 'timeout');
    }
  };

  private abort(): void {
    this.ended = 'aborted';
    for (const running of [...this.running]) this.cut(running, 'aborted');
    this.wake?.();
  }

  private cut(running: Running, why: NonNullable<Running['cut']>): void {
    if (running.aborted) return;
    running.cut = why;
    running.aborted = true;
    running.onabort?.call(running);
  }

  private throwIfEnded(): void {
    if (this.ended === 'aborted') throw this.failure('aborted', this.summary('the caller aborted the call'));
    if (this.ended === 'deadline' || Date.now() >= this.deadlineAt) {
      throw this.failure('deadline', this.summary(`the call's deadline of ${this.request.deadlineMs} ms passed`));
    }
  }

  /** `reason`, then what happened in each region, in order. */
  private summary(reason: string): string {
    const regions = this.request.regions.map(({ name }) => {
      const tried = this.attempts.filter((a) => a.region === name);
      const note = this.notes?.get(name);
      if (tried.length === 0) return `${name}: ${note ?? 'not tried'}`;
      const last = tried[tried.length - 1];
      return `${name}: ${tried.length} attempt${tried.length > 1 ? 's' : ''}, last ${last.outcome}: ${last.error}${note ? `; then ${note}` : ''}`;
    });
    return `${reason} (call ${this.request.idempotencyKey}): ${regions.join('; ')}`;
  }

  private failure(kind: FailureKind, message: string, cause?: unknown): FailoverInvokerError {
    return new FailoverInvokerError(message, kind, this.attempts, this.request.idempotencyKey, cause);
  }
}

const DECISIVE = new Set<AttemptOutcome>(['success', 'function-error', 'caller-error']);

const CUT: Record<NonNullable<Running['cut']>, string> = {
  timeout: 'no answer in time',
  deadline: 'the call\'s deadline passed',
  aborted: 'the caller aborted the call',
  lost: 'another region answered first',
};

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
