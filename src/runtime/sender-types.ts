import type { ParameterReader } from './types';

/**
 * What the sender needs of an SQS client: `send` of a `SendMessageCommand` with an abort signal, answered with the
 * message id. An `SQSClient` of `@aws-sdk/client-sqs` is one. Typed by shape rather than as `SQSClient`, so these
 * declarations compile in an app that never installs `@aws-sdk/client-sqs` because it only uses the invoker.
 */
export interface QueueClient {
  /**
   * Sends `command` (a `SendMessageCommand`, built from the app's `@aws-sdk/client-sqs`).
   * @param command the command to send
   * @param options the attempt's abort signal
   */
  send(command: object, options?: { abortSignal?: AbortSignal }): Promise<{ readonly MessageId?: string }>;
}

/** One region's queue of a `BufferedIngestion`. */
export interface QueueTarget {
  /** The region. */
  readonly region: string;
  /** The queue's URL there (`https://sqs.<region>.amazonaws.com/<account>/<name>`). */
  readonly queueUrl: string;
}

/**
 * Options of a `FailoverSender`, checked when it is constructed: a bad one throws
 * `[FailoverSender] invalid <option> <value>: <problem>. Allowed: ... Fix: ...`.
 */
export interface FailoverSenderOptions {
  /** The queues, in failover preference order (the caller's own region first). */
  readonly targets: QueueTarget[];
  /**
   * The SQS client of a region: custom endpoints, credentials, or a test double. Called once per region, on its first
   * send. Keep the client's own retries off (`maxAttempts: 1`): the sender fails over instead.
   * @default - `new SQSClient({ region, maxAttempts: 1 })`
   */
  readonly clientForRegion?: (region: string) => QueueClient;
  /**
   * The longest one SendMessage may take, in milliseconds, before the next region is tried.
   * @default 2000
   */
  readonly attemptTimeoutMs?: number;
  /**
   * Consecutive failures that open a region's circuit breaker (its queue is skipped until `breakerOpenMs` passes).
   * @default 5
   */
  readonly breakerFailureThreshold?: number;
  /**
   * How long an open breaker stays open before one send is let through, in milliseconds.
   * @default 30000
   */
  readonly breakerOpenMs?: number;
}

/** Where to find a `BufferedIngestion`'s queues through the topology's discovery parameters. */
export interface SenderDiscoveryOptions extends Omit<FailoverSenderOptions, 'targets'> {
  /** The topology's service name. */
  readonly serviceName: string;
  /** The BufferedIngestion's construct id. */
  readonly ingestionId: string;
  /** The caller's own region: the parameters are read there, and nowhere else; its queue is tried first. */
  readonly region: string;
  /**
   * The SSM client of `region`.
   * @default - `new SSMClient({ region })` from the caller's `@aws-sdk/client-ssm`
   */
  readonly ssmClient?: ParameterReader;
}

/** Options of one send. */
export interface SendOptions {
  /**
   * The send's idempotency key (1 to 256 characters), sent as the `idempotency-key` message attribute with every
   * attempt: a consumer deduplicates by it (a standard queue delivers at least once, and a send whose answer was lost
   * may be delivered by two regions).
   * @default - a random UUID per send
   */
  readonly idempotencyKey?: string;
  /**
   * String message attributes (at most 9: SQS allows 10, and the idempotency key takes one).
   * @default - none
   */
  readonly attributes?: Record<string, string>;
  /**
   * Seconds SQS keeps the message hidden after it is sent (0 to 900).
   * @default - the queue's own delay (0)
   */
  readonly delaySeconds?: number;
}

/**
 * How one attempt ended: `throttled` and `retryable` (the region refused the message: it was not taken), `ambiguous`
 * (no answer in time or a dropped connection: it may have been taken), `caller-error` (SQS refuses the request itself).
 */
export type SendOutcome = 'success' | 'throttled' | 'retryable' | 'ambiguous' | 'caller-error' | 'skipped';

/** How one attempt ended. */
export interface SendAttempt {
  readonly region: string;
  readonly outcome: SendOutcome;
  readonly error?: string;
  /** Milliseconds from the request to its end. */
  readonly durationMs: number;
}

/** A message taken by a region's queue. */
export interface SendResult {
  /** The region whose queue took the message. */
  readonly region: string;
  /** SQS's message id. */
  readonly messageId: string;
  /** The idempotency key every attempt carried. */
  readonly idempotencyKey: string;
  /** Every attempt, in order. */
  readonly attempts: SendAttempt[];
}

/** Why a send failed: SQS refuses the request itself (`caller-error`), or every region refused it (`exhausted`). */
export type SendFailureKind = 'caller-error' | 'exhausted';

/** Why a send failed, with every attempt. */
export class FailoverSenderError extends Error {
  constructor(
    message: string,
    public readonly kind: SendFailureKind,
    public readonly attempts: SendAttempt[],
    public readonly idempotencyKey: string,
    public readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'FailoverSenderError';
  }
}
