import { randomUUID } from 'node:crypto';
import { BreakerState, CircuitBreaker, REFUSED } from './circuit-breaker';
import { SEND_IDEMPOTENCY_ATTRIBUTE } from './defaults';
import { senderError } from './errors';
import { describe } from './lambda-sdk';
import {
  FailoverSenderError, FailoverSenderOptions, QueueClient, SendAttempt, SendOptions, SendResult, SenderDiscoveryOptions,
} from './sender-types';
import { SenderSettings, queueUrlsFromParameter, validateSend, validateSenderDiscoveryOptions, validateSenderOptions } from './sender-validation';
import { classifySend, sqsSdk } from './sqs-sdk';
import { queueParameterName, topologyParameterName } from '../private/discovery';

interface QueueRegion {
  readonly name: string;
  readonly queueUrl: string;
  readonly breaker: CircuitBreaker;
  readonly client: () => QueueClient;
}

/**
 * Sends messages to a `BufferedIngestion`'s queue in the caller's own region, and to the next region's queue when the
 * local one refuses: throttled, a 5xx, a 403, the queue missing there, no connection, or no answer within the attempt
 * timeout. A message SQS refuses for itself (too large, bad attributes: a caller error) is refused everywhere, so it is
 * sent nowhere else. Each region has a circuit breaker, so a region that keeps refusing is skipped until it recovers.
 *
 * Every attempt of one send carries the same idempotency key as the `idempotency-key` message attribute: a standard queue
 * delivers at least once, and a send whose answer was lost (a timeout) may be taken by two regions, so consumers
 * deduplicate by it.
 */
export class FailoverSender {
  /**
   * A sender built from the discovery parameters the library publishes in every cell, read in the caller's own region
   * only: the topology's region order (`/cdk-resilient-serverless/<service>/topology`) and the queue's URL
   * (`.../queues/<id>/queue-url`). The other regions' URLs follow from it: the queue has the same name everywhere.
   */
  public static async fromDiscovery(options: SenderDiscoveryOptions): Promise<FailoverSender> {
    validateSenderDiscoveryOptions(options);
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    const ssmSdk = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
    const ssm = options.ssmClient ?? new ssmSdk.SSMClient({ region: options.region });
    const read = async (name: string): Promise<string> => (await ssm.send(new ssmSdk.GetParameterCommand({ Name: name }))).Parameter?.Value ?? '';
    const topologyParameter = topologyParameterName(options.serviceName);
    const regions = regionsFromParameter(topologyParameter, await read(topologyParameter), options.region);
    const queueParameter = queueParameterName(options.serviceName, options.ingestionId, 'queue-url');
    const targets = queueUrlsFromParameter(queueParameter, await read(queueParameter), options.region, regions);
    return new FailoverSender({ ...options, targets });
  }

  private readonly regions: QueueRegion[];
  private readonly settings: SenderSettings;

  constructor(options: FailoverSenderOptions) {
    this.settings = validateSenderOptions(options);
    this.regions = this.settings.targets.map((target) => {
      let client: QueueClient | undefined;
      return {
        name: target.region,
        queueUrl: target.queueUrl,
        breaker: new CircuitBreaker(this.settings.breakerFailureThreshold, this.settings.breakerOpenMs),
        client: () => (client ??= this.settings.clientForRegion(target.region)),
      };
    });
  }

  /** The regions tried, in order. */
  public get regionOrder(): string[] {
    return this.regions.map((r) => r.name);
  }

  /** The state of a region's circuit breaker. */
  public breakerState(region: string): BreakerState {
    const found = this.regions.find((r) => r.name === region);
    if (!found) {
      throw senderError({ setting: 'region', value: region, problem: 'the sender has no queue there', allowed: `one of ${this.regionOrder.join(', ')}`, fix: 'ask for a region the sender was given' });
    }
    return found.breaker.state;
  }

  /** Sends `body` (a string: JSON.stringify objects first), failing over as needed. */
  public async send(body: string, options?: SendOptions): Promise<SendResult> {
    const message = validateSend(body, options);
    const idempotencyKey = message.idempotencyKey ?? randomUUID();
    const attributes = Object.fromEntries(Object.entries({ ...message.attributes, [SEND_IDEMPOTENCY_ATTRIBUTE]: idempotencyKey })
      .map(([name, value]) => [name, { DataType: 'String', StringValue: value }]));
    const attempts: SendAttempt[] = [];
    for (const region of this.regions) {
      const ticket = region.breaker.tryAcquire();
      if (ticket === REFUSED) {
        attempts.push({ region: region.name, outcome: 'skipped', error: `circuit breaker open until ${new Date(region.breaker.openUntil!).toISOString()}`, durationMs: 0 });
        continue;
      }
      const started = Date.now();
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.settings.attemptTimeoutMs);
      try {
        const output = await region.client().send(new (sqsSdk().SendMessageCommand)({
          QueueUrl: region.queueUrl,
          MessageBody: message.body,
          MessageAttributes: attributes,
          DelaySeconds: message.delaySeconds,
        }), { abortSignal: controller.signal });
        region.breaker.recordSuccess(ticket);
        attempts.push({ region: region.name, outcome: 'success', durationMs: Date.now() - started });
        return { region: region.name, messageId: output.MessageId ?? '', idempotencyKey, attempts };
      } catch (error) {
        const timedOut = controller.signal.aborted;
        const outcome = timedOut ? 'ambiguous' : classifySend(error);
        attempts.push({
          region: region.name, outcome, error: timedOut ? `no answer within ${this.settings.attemptTimeoutMs} ms` : describe(error), durationMs: Date.now() - started,
        });
        if (outcome === 'caller-error') {
          // The region answered: the request is at fault, and would be refused in every region.
          region.breaker.recordSuccess(ticket);
          throw new FailoverSenderError(`SQS refused the message in ${region.name} (send ${idempotencyKey}): ${describe(error)}`,
            'caller-error', attempts, idempotencyKey, error);
        }
        region.breaker.recordFailure(ticket);
      } finally {
        clearTimeout(timer);
      }
    }
    const summary = attempts.map((a) => `${a.region}: ${a.outcome}${a.error ? ` (${a.error})` : ''}`).join('; ');
    throw new FailoverSenderError(`every region refused the message (send ${idempotencyKey}): ${summary}`, 'exhausted', attempts, idempotencyKey);
  }
}

/** The topology's regions from its discovery parameter, the caller's own region among them. */
function regionsFromParameter(parameter: string, value: string, ownRegion: string): string[] {
  let regions: unknown;
  try {
    regions = (JSON.parse(value) as { regions?: unknown } | null)?.regions;
  } catch {
    regions = undefined;
  }
  if (!Array.isArray(regions) || !regions.every((r) => typeof r === 'string') || !regions.includes(ownRegion)) {
    throw senderError({
      setting: `parameter ${parameter}`,
      value,
      problem: `it does not hold the topology's region list with ${ownRegion} in it`,
      allowed: 'JSON {"serviceName","primaryRegion","regions":[...]} as MultiRegionTopology publishes it',
      fix: 'check serviceName and region, and that the topology\'s cell in that region is deployed',
    });
  }
  return regions as string[];
}
