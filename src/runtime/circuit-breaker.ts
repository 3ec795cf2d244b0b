/** The state of a region's circuit breaker. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker for one region: opens after `failureThreshold` consecutive failures, stays open for `openMs`,
 * then lets exactly one probe through (half-open); the probe's success closes it, its failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt?: number;
  private probing = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  public get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Whether a call may go to the region now; in half-open, only one call (the probe) at a time. */
  public tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  public recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  public recordFailure(): void {
    this.failures++;
    if (this.probing || this.failures >= this.failureThreshold) this.openedAt = this.now();
    this.probing = false;
  }
}
