/** The state of a region's circuit breaker. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** What a breaker tells its owner when its state changes. */
export type BreakerListener = (from: BreakerState, to: BreakerState) => void;

/** No ticket: the breaker refused the call. */
export const REFUSED = -1;

/**
 * A circuit breaker for one region: opens after `failureThreshold` consecutive failures, stays open for `openMs`,
 * then lets exactly one probe through (half-open); the probe's success closes it, its failure opens it again.
 *
 * Every call gets a ticket when it is let through, and reports its outcome with it. The ticket is the breaker's
 * generation, which changes at every state change, so an outcome from an earlier period counts for nothing: a success
 * from a call sent before the breaker opened cannot close it (only the probe can), and a failure from before it
 * closed cannot count against the new period.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt?: number;
  private generation = 0;
  private probe = REFUSED;

  constructor(
    private readonly failureThreshold: number,
    private readonly openMs: number,
    private readonly onChange?: BreakerListener,
    private readonly now: () => number = Date.now,
  ) {}

  public get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.probe !== REFUSED || this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** When an open breaker lets its probe through (epoch milliseconds); undefined when closed. */
  public get openUntil(): number | undefined {
    return this.openedAt === undefined ? undefined : this.openedAt + this.openMs;
  }

  /** Whether `tryAcquire` would let a call through now (closed, or half-open with its probe slot free); takes nothing. */
  public get admits(): boolean {
    return this.openedAt === undefined || (this.probe === REFUSED && this.now() - this.openedAt >= this.openMs);
  }

  /** Lets a call through and returns its ticket, or `REFUSED`; in half-open, only one call (the probe) at a time. */
  public tryAcquire(): number {
    if (this.openedAt === undefined) return this.generation;
    if (this.probe !== REFUSED || this.now() - this.openedAt < this.openMs) return REFUSED;
    this.probe = ++this.generation;
    this.onChange?.('open', 'half-open');
    return this.probe;
  }

  /** Gives back a ticket whose call was never sent (a probe slot becomes free again). */
  public release(ticket: number): void {
    if (ticket === this.probe && ticket !== REFUSED) this.probe = REFUSED;
  }

  /** The region answered (a success, or an error that is not the region's fault). */
  public recordSuccess(ticket: number): void {
    if (ticket === this.probe && ticket !== REFUSED) {
      this.transition('closed');
    } else if (this.openedAt === undefined && ticket === this.generation) {
      this.failures = 0;
    }
  }

  /**
   * The region failed the call. With `mayOpen` false the failure counts but cannot open a closed breaker (the caller
   * decides that: fail static when this is the last closed region and the failure is only a timeout).
   */
  public recordFailure(ticket: number, mayOpen = true): void {
    if (ticket === this.probe && ticket !== REFUSED) {
      this.transition('open');
    } else if (this.openedAt === undefined && ticket === this.generation) {
      this.failures++;
      if (mayOpen && this.failures >= this.failureThreshold) this.transition('open');
    }
  }

  private transition(to: 'open' | 'closed'): void {
    const from = this.state;
    this.generation++;
    this.probe = REFUSED;
    this.failures = 0;
    this.openedAt = to === 'open' ? this.now() : undefined;
    this.onChange?.(from, to);
  }
}
