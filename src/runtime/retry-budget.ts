// The AWS SDKs' standard retry quota (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html):
// a bucket of 500 tokens; a retry takes 5 (10 after a timeout), a success puts back what its retry took, or 1.
// An overload then fails calls instead of multiplying them.

/** Tokens a retry (or failover, or hedge) takes after an error. */
export const RETRY_COST = 5;
/** Tokens a retry takes after a timeout: timeouts are the costliest failures to repeat. */
export const TIMEOUT_RETRY_COST = 10;
/** Tokens a call that succeeded at its first attempt puts back. */
export const NO_RETRY_INCREMENT = 1;

/** A token bucket shared by every call of one invoker: retries spend it, successes refill it. */
export class RetryBudget {
  private tokens: number;

  constructor(private readonly capacity: number) {
    this.tokens = capacity;
  }

  /** Takes `cost` tokens if the bucket holds them. */
  public tryTake(cost: number): boolean {
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Puts tokens back, never above the capacity. */
  public refund(amount: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + amount);
  }
}
